package northernroute

import (
	"github.com/routerisk/routerisk/geo"
)

// BaselineYear is the year the embedded corridor describes: railways
// opened after it are left out of Corridor.
const BaselineYear = 2010

// A railway is a main line written, like a highway, as the sequence of
// towns (stations) it passes, split into one line per country; the border
// is passed at a rail crossing of crossings.geojson, which route joins to
// the nearest railway vertex of each side.
type railway struct {
	name   string
	source string
	opened int // the year the line opened to traffic
	towns  []town
}

// railways are the main lines of the Northern Route. Sequences are
// schematic (station towns of the embedded settlements, straight between
// them), after the network maps of the national operators: Uzbekistan
// Railways (O‘zbekiston temir yo‘llari), Kazakhstan Temir Zholy, Kyrgyz
// Temir Zholu, Tajik Railways, Turkmen Railways and Russian Railways (RZD).
// Lines into other countries end at the town nearest the rail crossing.
//
// Not in the table: the Hairatan – Mazar-e Sharif line (opened 2011, after
// BaselineYear, and Hairatan is not among the settlements); the Termez –
// Amuzang – Qurghonteppa line (its crossing was closed from the 2000s to
// 2018); the Orenburg – Aktobe line across the border at Sol-Iletsk (no
// such rail crossing in crossings.geojson: the Russian section is kept,
// joined only by road); Caspian train ferries.
var railways = []railway{
	{name: "Termez – Karshi – Samarkand – Tashkent", opened: 1930,
		source: "Uzbekistan Railways network map: Termez–Kumkurgan–Boysun–Guzar–Karshi–Kagan(Bukhara)–Navoi–Kattakurgan–Samarkand–Jizzakh–Gulistan–Tashkent",
		towns: []town{
			t("Tirmiz", "UZB", 67.28, 37.22), t("Boysun", "UZB", 67.21, 38.21),
			t("G‘uzor", "UZB", 66.25, 38.62), t("Qarshi", "UZB", 65.79, 38.86),
			t("Kogon Shahri", "UZB", 64.55, 39.73), t("Navoiy", "UZB", 65.38, 40.08),
			t("Kattaqo’rg’on Shahri", "UZB", 66.27, 39.91), t("Samarkand", "UZB", 66.96, 39.65),
			t("Jizzax", "UZB", 67.83, 40.13), t("Guliston", "UZB", 68.78, 40.50),
			t("Tashkent", "UZB", 69.22, 41.26),
		}},
	{name: "Tashkent – Orenburg railway (Kazakh section)", opened: 1906,
		source: "Kazakhstan Temir Zholy network map: Saryagash–Arys–Turkistan–Kyzylorda–Kazaly–Aral–Shalkar–Kandyagash–Aktobe (the Orenburg–Tashkent line)",
		towns: []town{
			t("Tashkent", "UZB", 69.22, 41.26),
			t("Saryaghash", "KAZ", 69.17, 41.46), t("Arys", "KAZ", 68.81, 42.43),
			t("Turkistan", "KAZ", 68.26, 43.29), t("Kyzylorda", "KAZ", 65.51, 44.85),
			t("Kazalinsk", "KAZ", 62.10, 45.76), t("Aral", "KAZ", 61.66, 46.80),
			t("Shalqar", "KAZ", 59.62, 47.83), t("Kandyagash", "KAZ", 57.42, 49.47),
			t("Aktobe", "KAZ", 57.21, 50.28),
		}},
	{name: "Sol-Iletsk – Orenburg – Samara", opened: 1877,
		source: "Russian Railways (South Urals and Kuibyshev railways) network map: Iletsk–Orenburg–Buzuluk–Samara",
		towns: []town{
			t("Sol’-Iletsk", "RUS", 54.99, 51.16), t("Orenburg", "RUS", 55.10, 51.77),
			t("Buzuluk", "RUS", 52.26, 52.78), t("Samara", "RUS", 50.14, 53.21),
		}},
	{name: "Turkestan–Siberia railway, south: Arys – Almaty", opened: 1930,
		source: "Kazakhstan Temir Zholy network map: Arys–Shymkent–Taraz–Lugovaya–Shu–Almaty",
		towns: []town{
			t("Arys", "KAZ", 68.81, 42.43), t("Shymkent", "KAZ", 69.60, 42.31),
			t("Taraz", "KAZ", 71.37, 42.90), t("Lugovoy", "KAZ", 72.76, 42.94),
			t("Shu", "KAZ", 73.76, 43.61), t("Almaty", "KAZ", 76.91, 43.25),
		}},
	{name: "Lugovaya – Bishkek – Tokmok", opened: 1924,
		source: "Kazakhstan Temir Zholy and Kyrgyz Temir Zholu network maps: Lugovaya–Merke–Kaindy–Kara-Balta–Bishkek–Kant–Tokmok",
		towns: []town{
			t("Lugovoy", "KAZ", 72.76, 42.94), t("Merke", "KAZ", 73.20, 42.87),
			t("Kaindy", "KGZ", 73.68, 42.83), t("Kara-Balta", "KGZ", 73.85, 42.81),
			t("Bishkek", "KGZ", 74.59, 42.87), t("Kant", "KGZ", 74.85, 42.89),
			t("Tokmok", "KGZ", 75.30, 42.84),
		}},
	{name: "Turkestan–Siberia railway, north: Almaty – Semey – Barnaul", opened: 1930,
		source: "Kazakhstan Temir Zholy and RZD (West Siberian railway) network maps: Almaty–Ushtobe–Aktogay–Ayagoz–Semey–Borodulikha–Aul–Lokot–Rubtsovsk–Barnaul",
		towns: []town{
			t("Almaty", "KAZ", 76.91, 43.25), t("Ushtobe", "KAZ", 77.98, 45.25),
			t("Aqtoghay", "KAZ", 79.68, 46.95), t("Ayagoz", "KAZ", 80.43, 47.96),
			t("Semey", "KAZ", 80.25, 50.42), t("Borodulikha", "KAZ", 80.93, 50.72),
			t("Rubtsovsk", "RUS", 81.21, 51.51), t("Barnaul", "RUS", 83.73, 53.36),
			t("Novosibirsk", "RUS", 82.93, 55.02),
		}},
	{name: "Shu – Karaganda – Astana – Petropavl", opened: 1953,
		source: "Kazakhstan Temir Zholy network map: Shu–Moyynty–Karaganda–Astana–Kokshetau–Petropavl–Mamlyutka",
		towns: []town{
			t("Shu", "KAZ", 73.76, 43.61), t("Moyynty", "KAZ", 73.35, 47.22),
			t("Karagandy", "KAZ", 73.10, 49.80), t("Astana", "KAZ", 71.45, 51.18),
			t("Kokshetau", "KAZ", 69.39, 53.28), t("Petropavl", "KAZ", 69.15, 54.87),
			t("Mamlyutka", "KAZ", 68.54, 54.94),
		}},
	{name: "Trans-Siberian railway: Samara – Chelyabinsk – Kurgan – Petukhovo", opened: 1896,
		source: "RZD (Kuibyshev and South Urals railways) network map: Samara–Ufa–Chelyabinsk–Kurgan–Petukhovo",
		towns: []town{
			t("Samara", "RUS", 50.14, 53.21), t("Ufa", "RUS", 55.97, 54.74),
			t("Chelyabinsk", "RUS", 61.43, 55.16), t("Kurgan", "RUS", 65.34, 55.45),
			t("Petukhovo", "RUS", 67.90, 55.07),
		}},
	{name: "Trans-Siberian railway: Omsk – Novosibirsk", opened: 1896,
		source: "RZD (West Siberian railway) network map: Omsk–Barabinsk–Novosibirsk",
		towns: []town{
			t("Omsk", "RUS", 73.37, 54.99), t("Barabinsk", "RUS", 78.36, 55.35),
			t("Novosibirsk", "RUS", 82.93, 55.02),
		}},
	{name: "Moscow – Ryazan – Penza – Syzran – Samara", opened: 1874,
		source: "RZD (Moscow and Kuibyshev railways) network map: Moscow–Ryazan–Ruzayevka–Penza–Syzran–Samara",
		towns: []town{
			t("Moscow", "RUS", 37.62, 55.75), t("Ryazan’", "RUS", 39.70, 54.63),
			t("Penza", "RUS", 45.01, 53.20), t("Syzran", "RUS", 48.47, 53.16),
			t("Samara", "RUS", 50.14, 53.21),
		}},
	{name: "Uralsk – Ozinki – Saratov – Moscow", opened: 1894,
		source: "Kazakhstan Temir Zholy and RZD (Privolzhskaya, South Eastern railways) network maps: Uralsk–Semiglavy Mar–Ozinki–Yershov–Saratov–Rtishchevo–Tambov–Ryazan–Moscow",
		towns: []town{
			t("Oral", "KAZ", 51.43, 51.25), t("Tasqala", "KAZ", 50.29, 51.11),
			t("Ozinki", "RUS", 49.73, 51.20), t("Yershov", "RUS", 48.27, 51.36),
			t("Saratov", "RUS", 45.99, 51.54), t("Tambov", "RUS", 41.44, 52.74),
			t("Ryazan’", "RUS", 39.70, 54.63),
		}},
	{name: "Kandyagash – Atyrau – Astrakhan – Volgograd – Saratov", opened: 1970,
		source: "Kazakhstan Temir Zholy and RZD (Privolzhskaya railway) network maps: Kandyagash–Makat–Atyrau–Ganyushkino–Aksaraysky–Astrakhan, Astrakhan–Volgograd–Saratov",
		towns: []town{
			t("Kandyagash", "KAZ", 57.42, 49.47), t("Maqat", "KAZ", 53.34, 47.65),
			t("Atyrau", "KAZ", 51.88, 47.10), t("Maloye Ganyushkino", "KAZ", 49.27, 46.60),
			t("Aksarayskiy", "RUS", 48.01, 46.79), t("Astrakhan", "RUS", 48.04, 46.35),
			t("Volgograd", "RUS", 44.50, 48.71), t("Saratov", "RUS", 45.99, 51.54),
		}},
	{name: "Nukus – Kungrad – Beyneu – Makat", opened: 1972,
		source: "Uzbekistan Railways and Kazakhstan Temir Zholy network maps: Navoi–Uchkuduk–Nukus–Kungrad–Karakalpakiya–Oasis–Beyneu–Makat",
		towns: []town{
			t("Navoiy", "UZB", 65.38, 40.08), t("Nukus", "UZB", 59.61, 42.46),
			t("Qo‘ng‘irot Shahri", "UZB", 58.85, 43.05), t("Karakalpakiya", "UZB", 56.08, 44.75),
			t("Beyneu", "KAZ", 55.20, 45.32), t("Maqat", "KAZ", 53.34, 47.65),
		}},
	{name: "Termez – Denau – Dushanbe", opened: 1929,
		source: "Uzbekistan Railways and Tajik Railways network maps: Termez–Shurchi–Denau–Sariosiyo–Pakhtaobod–Tursunzoda–Hisor–Dushanbe",
		towns: []town{
			t("Tirmiz", "UZB", 67.28, 37.22), t("Sho‘rchi", "UZB", 67.79, 38.00),
			t("Denov", "UZB", 67.90, 38.27),
			t("Tursunzoda", "TJK", 68.23, 38.51), t("Shahrinav", "TJK", 68.34, 38.57),
			t("Hisor", "TJK", 68.55, 38.53), t("Dushanbe", "TJK", 68.78, 38.54),
		}},
	{name: "Baku – Derbent – Makhachkala – Astrakhan", opened: 1900,
		source: "Azerbaijan Railways and RZD (North Caucasus and Privolzhskaya railways) network maps: Baku–Siyazan–Khachmaz–Yalama–Samur–Derbent–Makhachkala–Kizlyar–Astrakhan",
		towns: []town{
			t("Baku", "AZE", 49.89, 40.38), t("Siyazan", "AZE", 49.12, 41.08),
			t("Xaçmaz", "AZE", 48.81, 41.46),
			t("Derbent", "RUS", 48.29, 42.07), t("Makhachkala", "RUS", 47.50, 42.98),
			t("Kizlyar", "RUS", 46.71, 43.85), t("Astrakhan", "RUS", 48.04, 46.35),
		}},
	{name: "Bukhara – Farap – Turkmenabat – Ashgabat – Turkmenbashi (Trans-Caspian railway)", opened: 1888,
		source: "Uzbekistan Railways and Turkmen Railways network maps: Kagan–Karakul–Alat–Khojadavlet–Farap–Turkmenabat–Mary–Tejen–Ashgabat–Bereket–Balkanabat–Turkmenbashi",
		towns: []town{
			t("Kogon Shahri", "UZB", 64.55, 39.73), t("Qorako‘l Shahri", "UZB", 63.85, 39.51),
			t("Olot Shahri", "UZB", 63.80, 39.41),
			t("Farap", "TKM", 63.61, 39.17), t("Türkmenabat", "TKM", 63.58, 39.07),
			t("Mary", "TKM", 61.83, 37.59), t("Tejen", "TKM", 60.50, 37.38),
			t("Ashgabat", "TKM", 58.38, 37.95), t("Bereket", "TKM", 55.52, 39.25),
			t("Balkanabat", "TKM", 54.37, 39.51), t("Türkmenbaşy", "TKM", 52.96, 40.02),
		}},
}

// railLines returns the railways open in year as lines through the matched
// settlements' points, one geo.Road per run of towns of one country (Class
// "rail", Country that country, Name the railway's name).
func railLines(m *townMatcher, year int) ([]geo.Road, error) {
	var out []geo.Road
	for _, r := range railways {
		if r.opened > year {
			continue
		}
		var err error
		if out, err = appendLines(out, m, r.towns, "railway "+r.name, r.name, "rail"); err != nil {
			return nil, err
		}
	}
	return out, nil
}
