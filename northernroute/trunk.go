package northernroute

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/textdist"
	"github.com/routerisk/routerisk/route"
)

// ErrUnknownTown is returned when a town of the trunk table, the origins or
// the destinations is not among the settlements.
var ErrUnknownTown = errors.New("northernroute: town not found among the settlements")

// A town names a settlement of the corridor: by its name as the
// settlements layer spells it (GeoNames), its country, and its published
// position, which picks among namesakes and checks the match.
type town struct {
	name    string    // e.g. "Mazār-e Sharīf"
	country string    // ISO alpha-3
	near    orb.Point // approximate lon/lat
	weight  float64   // share, for origins and destinations only
	source  string    // where the weight comes from, for origins and destinations only
}

// A highway is a named trunk road written as the sequence of towns it
// joins. Consecutive towns of one country are joined by the road; where the
// sequence passes into another country the road is split: the border is
// passed at an official crossing, which route joins to the towns near it.
type highway struct {
	name   string // e.g. "M39"
	source string // where the route is published
	towns  []town
}

// t is shorthand for the tables below.
func t(name, country string, lon, lat float64) town {
	return town{name: name, country: country, near: orb.Point{lon, lat}}
}

// matchKm is how far a settlement may lie from a town's published position
// and still match it: an assumption that covers GeoNames' rounding and the
// size of a city.
const matchKm = 50

// transport returns the trunk highways as road lines through the
// settlements' points that m matches, one Road per run of towns of one country (Class
// "trunk", Country that country, Name the highway's name), and the
// railways open in BaselineYear (see railways), Class "rail".
func transport(m *townMatcher) (roads, railways []geo.Road, err error) {
	for _, h := range highways {
		if roads, err = appendLines(roads, m, h.towns, "highway "+h.name, h.name, "trunk"); err != nil {
			return nil, nil, err
		}
	}
	if railways, err = railLines(m, BaselineYear); err != nil {
		return nil, nil, err
	}
	return roads, railways, nil
}

// places returns towns as weighted places at the points of the
// settlements m matches, each with its own source; what names the table
// in errors.
func places(m *townMatcher, towns []town, what string) ([]geo.Place, error) {
	out := make([]geo.Place, 0, len(towns))
	for _, tw := range towns {
		i, err := m.find(tw, what)
		if err != nil {
			return nil, err
		}
		out = append(out, geo.Place{
			ID: tw.name, Name: tw.name, Country: tw.country,
			Point: m.sets[i].Point, Weight: tw.weight, Source: tw.source,
		})
	}
	return out, nil
}

// vehicleGapPairs are the borders whose gaps vehicles cross on the
// Northern Route: the open steppe of Kazakhstan's borders with Kyrgyzstan
// (where vehicles drive round checkpoints, see DESIGN.md), Uzbekistan and
// Russia. An assumption.
var vehicleGapPairs = []string{"KAZ-KGZ", "KAZ-RUS", "KAZ-UZB"}

// roadCircuity is the ratio of road length to geodesic length on the
// trunk table's straight town-to-town links: an assumption (trunk roads on
// the steppe run nearly straight, mountain roads wind more).
const roadCircuity = 1.2

// GraphSettings returns route.DefaultSettings() for the Northern Route:
// vehicles cross the gaps of the borders KAZ-KGZ, KAZ-RUS and KAZ-UZB (an
// assumption), the trunk table's straight links count 1.2 times their
// geodesic length (an assumption), and those schematic links are not noded
// where they happen to cross.
func GraphSettings() route.Settings {
	s := route.DefaultSettings()
	s.VehicleGapPairs = append([]string(nil), vehicleGapPairs...)
	s.RoadCircuity = roadCircuity
	s.NodeCrossings = false
	return s
}

// highways is the trunk network of the Northern Route: the main highways
// of the corridor as city-to-city links. Each sequence follows the
// published route of the highway (Source), through the towns of the
// embedded settlements layer that lie on it (names as GeoNames spells them;
// near is the GeoNames position, rounded). transport turns each into road
// lines through those towns; GraphSettings sets the circuity of such
// straight links.
var highways = []highway{
	{name: "Afghan Ring Road (Highway 1)",
		source: "Afghan Ring Road, northern section Pul-e Khumri–Mazar-e Sharif–Sheberghan–Andkhoy–Maymana (Afghanistan Ministry of Public Works)",
		towns: []town{
			t("Pul-e Khumrī", "AFG", 68.72, 35.94), t("Khulm", "AFG", 67.70, 36.70),
			t("Mazār-e Sharīf", "AFG", 67.11, 36.71), t("Shibirghān", "AFG", 65.75, 36.67),
			t("Andkhoy", "AFG", 65.12, 36.95), t("Maymana", "AFG", 64.78, 35.92),
		}},
	{name: "Pul-e Khumri–Kunduz–Sher Khan Bandar road",
		source: "Kunduz highway Pul-e Khumri–Kunduz–Imam Sahib–Sher Khan Bandar (Afghanistan Ministry of Public Works)",
		towns: []town{
			t("Pul-e Khumrī", "AFG", 68.72, 35.94), t("Kunduz", "AFG", 68.86, 36.73),
			t("Imām Şāḩib", "AFG", 68.94, 37.19),
		}},
	{name: "Mazar–Kunduz–Taloqan–Fayzabad road",
		source: "northern Afghan highway Mazar-e Sharif–Khulm–Kunduz–Taloqan–Fayzabad (Afghanistan Ministry of Public Works)",
		towns: []town{
			t("Khulm", "AFG", 67.70, 36.70), t("Kunduz", "AFG", 68.86, 36.73),
			t("Taloqan", "AFG", 69.53, 36.74), t("Fayzabad", "AFG", 70.58, 37.12),
		}},
	{name: "Sheberghan–Sar-e Pul road",
		source: "provincial road Sheberghan–Sar-e Pul (Afghanistan Ministry of Public Works)",
		towns:  []town{t("Shibirghān", "AFG", 65.75, 36.67), t("Sar-e Pul", "AFG", 65.93, 36.22)}},
	{name: "M39",
		source: "M39 highway Termez–Sherobod–Guzar–Shahrisabz–Samarkand–Jizzakh–Gulistan–Tashkent–Shymkent–Taraz–Merke–Bishkek–Almaty (Uzbek, Kazakh A-2 and Kyrgyz sections)",
		towns: []town{
			t("Tirmiz", "UZB", 67.28, 37.22), t("G‘uzor", "UZB", 66.25, 38.62),
			t("Shahrisabz", "UZB", 66.83, 39.06), t("Samarkand", "UZB", 66.96, 39.65),
			t("Jizzax", "UZB", 67.83, 40.13), t("Guliston", "UZB", 68.78, 40.50),
			t("Tashkent", "UZB", 69.22, 41.26),
			t("Zhibek Zholy", "KAZ", 69.36, 41.48), t("Shymkent", "KAZ", 69.60, 42.31),
			t("Taraz", "KAZ", 71.37, 42.90), t("Merke", "KAZ", 73.20, 42.87),
			t("Kara-Balta", "KGZ", 73.85, 42.81), t("Bishkek", "KGZ", 74.59, 42.87),
			t("Korday", "KAZ", 74.71, 43.04), t("Almaty", "KAZ", 76.91, 43.25),
		}},
	{name: "M41 Pamir Highway",
		source: "M41 highway Termez–Denau–Tursunzoda–Dushanbe–Kulob–Qalaikhumb–Khorugh–Murghob–Osh–Toktogul–Kara-Balta (the Pamir Highway between Khorugh and Osh)",
		towns: []town{
			t("Tirmiz", "UZB", 67.28, 37.22), t("Sho‘rchi", "UZB", 67.79, 38.00),
			t("Denov", "UZB", 67.90, 38.27),
			t("Tursunzoda", "TJK", 68.23, 38.51), t("Dushanbe", "TJK", 68.78, 38.54),
			t("Danghara", "TJK", 69.34, 38.10), t("Kŭlob", "TJK", 69.78, 37.91),
			t("Qalaikhumb", "TJK", 70.79, 38.45), t("Vanj", "TJK", 71.45, 38.37),
			t("Rŭshon", "TJK", 71.56, 37.94), t("Khorugh", "TJK", 71.55, 37.49),
			t("Murghob", "TJK", 73.97, 38.17),
			t("Osh", "KGZ", 72.80, 40.53),
			t("Toktogul", "KGZ", 72.94, 41.87), t("Kara-Balta", "KGZ", 73.85, 42.81),
		}},
	{name: "Dushanbe–Bokhtar–Panji Poyon road",
		source: "road Dushanbe–Bokhtar–Kolkhozobod–Panji Poyon (Nizhny Panj bridge, Tajikistan)",
		towns: []town{
			t("Dushanbe", "TJK", 68.78, 38.54), t("Bokhtar", "TJK", 68.78, 37.84),
			t("Kolkhozobod", "TJK", 68.66, 37.59), t("Panji Poyon", "TJK", 68.58, 37.19),
		}},
	{name: "Bokhtar–Kulob–Panj road",
		source: "road Bokhtar–Kulob and Kulob–Farkhor–Panj (Tajikistan Ministry of Transport)",
		towns: []town{
			t("Bokhtar", "TJK", 68.78, 37.84), t("Kŭlob", "TJK", 69.78, 37.91),
			t("Farkhor", "TJK", 69.40, 37.49), t("Panj", "TJK", 69.10, 37.24),
		}},
	{name: "M34 Dushanbe–Khujand",
		source: "M34 highway Dushanbe–Ayni–Istaravshan–Khujand (Tajikistan)",
		towns: []town{
			t("Dushanbe", "TJK", 68.78, 38.54), t("Ayní", "TJK", 68.54, 39.39),
			t("Istaravshan", "TJK", 69.00, 39.91), t("Khujand", "TJK", 69.62, 40.28),
		}},
	{name: "A373 Tashkent–Fergana valley",
		source: "A373 highway Tashkent–Angren–Kamchik pass–Kokand–Fergana–Andijan (Uzbekistan)",
		towns: []town{
			t("Tashkent", "UZB", 69.22, 41.26), t("Angren", "UZB", 70.14, 41.02),
			t("Qo‘qon", "UZB", 70.94, 40.53), t("Fergana", "UZB", 71.78, 40.38),
			t("Andijon", "UZB", 72.35, 40.78),
		}},
	{name: "A380 Guzar–Bukhara–Nukus",
		source: "A380 highway Guzar–Karshi–Bukhara–Nukus–Kungrad–Kazakh border towards Beyneu (Uzbekistan)",
		towns: []town{
			t("G‘uzor", "UZB", 66.25, 38.62), t("Qarshi", "UZB", 65.79, 38.86),
			t("Bukhara", "UZB", 64.43, 39.77), t("Nukus", "UZB", 59.61, 42.46),
			t("Qŭnghirot", "UZB", 58.84, 43.04),
		}},
	{name: "M37",
		source: "M37 highway Samarkand–Navoi–Bukhara–Farap–Turkmenabat–Mary–Ashgabat–Balkanabat–Turkmenbashi (Uzbekistan, Turkmenistan)",
		towns: []town{
			t("Samarkand", "UZB", 66.96, 39.65), t("Navoiy", "UZB", 65.38, 40.08),
			t("Bukhara", "UZB", 64.43, 39.77),
			t("Farap", "TKM", 63.61, 39.17), t("Türkmenabat", "TKM", 63.58, 39.07),
			t("Mary", "TKM", 61.83, 37.59), t("Ashgabat", "TKM", 58.38, 37.95),
			t("Balkanabat", "TKM", 54.37, 39.51), t("Türkmenbaşy", "TKM", 52.96, 40.02),
		}},
	{name: "Mary–Serhetabat road",
		source: "road Mary–Tagtabazar–Serhetabat (Kushka) towards Torghundi (Turkmenistan)",
		towns: []town{
			t("Mary", "TKM", 61.83, 37.59), t("Tagtabazar", "TKM", 62.92, 35.96),
			t("Serhetabat", "TKM", 62.34, 35.28),
		}},
	{name: "Türkmenabat–Kerki road",
		source: "road along the Amu Darya Turkmenabat–Kerki (Atamyrat) towards Imam Nazar (Turkmenistan)",
		towns:  []town{t("Türkmenabat", "TKM", 63.58, 39.07), t("Kerki", "TKM", 65.21, 37.84)}},
	{name: "M-32",
		source: "M-32 highway Shymkent–Turkistan–Kyzylorda–Zhosaly–Aral–Aktobe–Oral towards Samara (Kazakhstan)",
		towns: []town{
			t("Shymkent", "KAZ", 69.60, 42.31), t("Turkistan", "KAZ", 68.26, 43.29),
			t("Kyzylorda", "KAZ", 65.51, 44.85), t("Zhosaly", "KAZ", 64.08, 45.49),
			t("Aral", "KAZ", 61.66, 46.80), t("Aktobe", "KAZ", 57.21, 50.28),
			t("Oral", "KAZ", 51.43, 51.25),
		}},
	{name: "Aktobe–Orenburg road",
		source: "road Aktobe–Martuk–Orenburg across the Kazakh–Russian border (Kazakhstan / Russia)",
		towns: []town{
			t("Aktobe", "KAZ", 57.21, 50.28), t("Martuk", "KAZ", 56.51, 50.75),
			t("Orenburg", "RUS", 55.10, 51.77),
		}},
	{name: "M-36",
		source: "M-36 highway Almaty–Kapchagay (Konayev)–Balkhash–Karaganda–Astana–Kostanay–Chelyabinsk (Kazakhstan)",
		towns: []town{
			t("Almaty", "KAZ", 76.91, 43.25), t("Konayev", "KAZ", 77.06, 43.87),
			t("Balqash", "KAZ", 74.98, 46.85), t("Karagandy", "KAZ", 73.10, 49.80),
			t("Astana", "KAZ", 71.45, 51.18), t("Kostanay", "KAZ", 63.62, 53.21),
			t("Chelyabinsk", "RUS", 61.43, 55.16),
		}},
	{name: "A-1 Astana–Petropavl",
		source: "A-1 highway Astana–Shchuchinsk–Kokshetau–Petropavl (Kazakhstan)",
		towns: []town{
			t("Astana", "KAZ", 71.45, 51.18), t("Shchuchinsk", "KAZ", 70.19, 52.94),
			t("Kokshetau", "KAZ", 69.39, 53.28), t("Petropavl", "KAZ", 69.15, 54.87),
		}},
	{name: "Astana–Pavlodar–Omsk road",
		source: "road Astana–Ekibastuz–Pavlodar (Kazakhstan) and Pavlodar–Omsk",
		towns: []town{
			t("Astana", "KAZ", 71.45, 51.18), t("Ekibastuz", "KAZ", 75.32, 51.72),
			t("Pavlodar", "KAZ", 76.97, 52.28),
			t("Omsk", "RUS", 73.37, 54.99),
		}},
	{name: "A-3 Almaty–Semey",
		source: "A-3 highway Almaty–Taldykorgan–Ayagoz–Semey (Kazakhstan)",
		towns: []town{
			t("Almaty", "KAZ", 76.91, 43.25), t("Taldykorgan", "KAZ", 78.37, 45.02),
			t("Ayagoz", "KAZ", 80.43, 47.96), t("Semey", "KAZ", 80.25, 50.42),
			t("Barnaul", "RUS", 83.73, 53.36),
		}},
	{name: "E40 Beyneu–Atyrau",
		source: "UNECE E40 Kungrad–Beyneu–Atyrau (Kazakhstan) and the Atyrau–Oral road",
		towns: []town{
			t("Beyneu", "KAZ", 55.20, 45.32), t("Atyrau", "KAZ", 51.88, 47.10),
			t("Oral", "KAZ", 51.43, 51.25),
		}},
	{name: "Aktau–Zhanaozen–Beyneu road",
		source: "road Aktau–Zhanaozen–Beyneu (Kazakhstan, Mangystau region)",
		towns: []town{
			t("Aktau", "KAZ", 51.17, 43.66), t("Zhanaozen", "KAZ", 52.86, 43.34),
			t("Beyneu", "KAZ", 55.20, 45.32),
		}},
	{name: "R-254 Irtysh",
		source: "R-254 Irtysh highway Chelyabinsk–Kurgan–Makushino–Petropavl (transit through Kazakhstan)–Omsk–Barabinsk–Novosibirsk (Russia)",
		towns: []town{
			t("Chelyabinsk", "RUS", 61.43, 55.16), t("Kurgan", "RUS", 65.34, 55.45),
			t("Makushino", "RUS", 67.25, 55.21),
			t("Petropavl", "KAZ", 69.15, 54.87),
			t("Omsk", "RUS", 73.37, 54.99), t("Barabinsk", "RUS", 78.36, 55.35),
			t("Novosibirsk", "RUS", 82.93, 55.02),
		}},
	{name: "R-256 Chuysky Trakt",
		source: "R-256 highway Novosibirsk–Barnaul (Russia)",
		towns:  []town{t("Novosibirsk", "RUS", 82.93, 55.02), t("Barnaul", "RUS", 83.73, 53.36)}},
	{name: "M-5 Ural",
		source: "M-5 Ural highway Moscow–Kolomna–Ryazan–Penza–Syzran–Tolyatti–Samara–Ufa–Chelyabinsk (Russia; UNECE E30)",
		towns: []town{
			t("Moscow", "RUS", 37.62, 55.75), t("Kolomna", "RUS", 38.78, 55.07),
			t("Ryazan’", "RUS", 39.70, 54.63), t("Penza", "RUS", 45.01, 53.20),
			t("Syzran", "RUS", 48.47, 53.16), t("Tolyatti", "RUS", 49.35, 53.53),
			t("Samara", "RUS", 50.14, 53.21), t("Ufa", "RUS", 55.97, 54.74),
			t("Chelyabinsk", "RUS", 61.43, 55.16),
		}},
	{name: "M-7 Volga",
		source: "M-7 Volga highway Moscow–Vladimir–Nizhny Novgorod–Cheboksary–Kazan–Ufa (Russia)",
		towns: []town{
			t("Moscow", "RUS", 37.62, 55.75), t("Vladimir", "RUS", 40.40, 56.14),
			t("Nizhniy Novgorod", "RUS", 44.00, 56.33), t("Cheboksary", "RUS", 47.25, 56.13),
			t("Kazan", "RUS", 49.12, 55.79), t("Ufa", "RUS", 55.97, 54.74),
		}},
	{name: "Samara–Orenburg road",
		source: "road Samara–Buzuluk–Orenburg (Russia)",
		towns: []town{
			t("Samara", "RUS", 50.14, 53.21), t("Buzuluk", "RUS", 52.26, 52.78),
			t("Orenburg", "RUS", 55.10, 51.77),
		}},
	{name: "R-239 Kazan–Orenburg",
		source: "R-239 highway Kazan–Bugulma–Orenburg–Kazakh border (Russia)",
		towns: []town{
			t("Kazan", "RUS", 49.12, 55.79), t("Bugulma", "RUS", 52.80, 54.54),
			t("Orenburg", "RUS", 55.10, 51.77),
		}},
	{name: "Chelyabinsk–Yekaterinburg–Tyumen–Omsk roads",
		source: "Russian federal roads Chelyabinsk–Yekaterinburg, R-351 Yekaterinburg–Tyumen, R-402 Tyumen–Ishim–Omsk",
		towns: []town{
			t("Chelyabinsk", "RUS", 61.43, 55.16), t("Yekaterinburg", "RUS", 60.62, 56.86),
			t("Tyumen", "RUS", 65.53, 57.15), t("Ishim", "RUS", 69.49, 56.11),
			t("Omsk", "RUS", 73.37, 54.99),
		}},
	{name: "R-22 Kaspiy",
		source: "R-22 Kaspiy highway Moscow–Tambov–Volgograd–Astrakhan (Russia)",
		towns: []town{
			t("Moscow", "RUS", 37.62, 55.75), t("Tambov", "RUS", 41.44, 52.74),
			t("Volgograd", "RUS", 44.50, 48.71), t("Astrakhan", "RUS", 48.04, 46.35),
		}},
	{name: "R-215 / R-217 Caspian coast road",
		source: "R-215 Astrakhan–Kizlyar–Makhachkala and R-217 Kavkaz Makhachkala–Derbent–Azerbaijani border; M1 Quba–Baku (Azerbaijan)",
		towns: []town{
			t("Astrakhan", "RUS", 48.04, 46.35), t("Kizlyar", "RUS", 46.71, 43.85),
			t("Makhachkala", "RUS", 47.50, 42.98), t("Derbent", "RUS", 48.29, 42.07),
			t("Quba", "AZE", 48.51, 41.36), t("Baku", "AZE", 49.89, 40.38),
		}},
}

// townMatcher finds towns among the settlements. It is not safe for
// concurrent use.
type townMatcher struct {
	sets    []geo.Settlement
	byName  map[string][]int // name+"|"+country → settlement indexes
	byFold  map[string][]int // folded name+"|"+country; made on first use
	byCtry  map[string][]int // made with byFold
	matchKm float64
}

func newTownMatcher(sets []geo.Settlement, matchKm float64) *townMatcher {
	m := &townMatcher{sets: sets, byName: make(map[string][]int, len(sets)), matchKm: matchKm}
	for i, s := range sets {
		m.byName[s.Name+"|"+s.Country] = append(m.byName[s.Name+"|"+s.Country], i)
	}
	return m
}

// folded makes byFold and byCtry, the indexes of the towns that find does
// not match by their exact name.
func (m *townMatcher) folded() {
	if m.byFold != nil {
		return
	}
	m.byFold, m.byCtry = make(map[string][]int, len(m.sets)), map[string][]int{}
	for i, s := range m.sets {
		k := fold(s.Name) + "|" + s.Country
		m.byFold[k] = append(m.byFold[k], i)
		m.byCtry[s.Country] = append(m.byCtry[s.Country], i)
	}
}

// foldMap maps each Latin letter with a diacritic to its base
// letter (from the Unicode decompositions of Latin-1, Latin Extended-A/B
// and Latin Extended Additional).
var foldMap = func() map[rune]string {
	from := []rune("ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹıøØđĐłŁßæÆ")
	to := []string{"a", "a", "a", "a", "a", "a", "c", "e", "e", "e", "e", "i", "i", "i", "i", "n", "o", "o", "o", "o", "o", "u", "u", "u", "u", "y", "a", "a", "a", "a", "a", "a", "c", "e", "e", "e", "e", "i", "i", "i", "i", "n", "o", "o", "o", "o", "o", "u", "u", "u", "u", "y", "y", "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g", "g", "g", "g", "g", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i", "i", "j", "j", "k", "k", "l", "l", "l", "l", "l", "l", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o", "o", "o", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "o", "o", "u", "u", "a", "a", "i", "i", "o", "o", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "a", "a", "a", "a", "g", "g", "k", "k", "o", "o", "o", "o", "j", "g", "g", "n", "n", "a", "a", "a", "a", "a", "a", "e", "e", "e", "e", "i", "i", "i", "i", "o", "o", "o", "o", "r", "r", "r", "r", "u", "u", "u", "u", "s", "s", "t", "t", "h", "h", "a", "a", "e", "e", "o", "o", "o", "o", "o", "o", "o", "o", "y", "y", "a", "a", "b", "b", "b", "b", "b", "b", "c", "c", "d", "d", "d", "d", "d", "d", "d", "d", "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "f", "f", "g", "g", "h", "h", "h", "h", "h", "h", "h", "h", "h", "h", "i", "i", "i", "i", "k", "k", "k", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", "l", "m", "m", "m", "m", "m", "m", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o", "o", "o", "o", "o", "p", "p", "p", "p", "r", "r", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "v", "v", "v", "v", "w", "w", "w", "w", "w", "w", "w", "w", "w", "w", "x", "x", "x", "x", "y", "y", "z", "z", "z", "z", "z", "z", "h", "t", "w", "y", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "i", "i", "i", "i", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "y", "y", "y", "y", "y", "y", "y", "y", "i", "o", "o", "d", "d", "l", "l", "ss", "ae", "ae"}
	m := make(map[rune]string, len(from))
	for i, r := range from {
		m[r] = to[i]
	}
	return m
}()

// fold returns s lower-cased without diacritics, apostrophes, hyphens or
// spaces: "Mazār-e Sharīf" → "mazaresharif", "G‘uzor" → "guzor".
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f, ok := foldMap[r]; ok {
			b.WriteString(f)
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// find returns the index of the settlement that t names. It tries, in
// order: the exact name in the country; the folded name (case, diacritics,
// apostrophes, hyphens and spaces ignored); and, when t.near is given, the
// settlement of the country within matchKm of Near whose folded name is
// nearest by edit distance (at most a third of the name's length). Among
// several matches it takes the one nearest Near (or the first). A match
// farther than matchKm from Near is an error, as is no match.
func (m *townMatcher) find(t town, what string) (int, error) {
	hasNear := t.near != (orb.Point{})
	pick := func(cands []int) int {
		best, bestKm := -1, 0.0
		for _, i := range cands {
			if !hasNear {
				return i
			}
			if km := geo.DistanceKm(m.sets[i].Point, t.near); best < 0 || km < bestKm {
				best, bestKm = i, km
			}
		}
		return best
	}
	cands := m.byName[t.name+"|"+t.country]
	if len(cands) == 0 {
		m.folded()
		cands = m.byFold[fold(t.name)+"|"+t.country]
	}
	if len(cands) == 0 && hasNear {
		want := fold(t.name)
		bestD := len([]rune(want))/3 + 1
		for _, i := range m.byCtry[t.country] {
			if geo.DistanceKm(m.sets[i].Point, t.near) > m.matchKm {
				continue
			}
			if d := textdist.Levenshtein(want, fold(m.sets[i].Name)); d < bestD {
				bestD, cands = d, []int{i}
			}
		}
	}
	if len(cands) == 0 {
		return -1, fmt.Errorf("%w: %s: %q (%s)", ErrUnknownTown, what, t.name, t.country)
	}
	i := pick(cands)
	if hasNear {
		if km := geo.DistanceKm(m.sets[i].Point, t.near); km > m.matchKm {
			return -1, fmt.Errorf("%w: %s: %q (%s): the nearest namesake, %q, is %.0f km from the position given (more than %g km)",
				ErrUnknownTown, what, t.name, t.country, m.sets[i].Name, km, m.matchKm)
		}
	}
	return i, nil
}

// appendLines appends to out the line through the settlements m matches
// to the towns, one geo.Road per run of towns of one country: Class class,
// Name name, IDs "<class>-NNN" numbered on from len(out). what names the
// line in errors.
func appendLines(out []geo.Road, m *townMatcher, towns []town, what, name, class string) ([]geo.Road, error) {
	var run orb.LineString
	country := ""
	flush := func() {
		if len(run) >= 2 {
			out = append(out, geo.Road{
				ID:      fmt.Sprintf("%s-%03d", class, len(out)),
				Name:    name,
				Country: country,
				Class:   class,
				Line:    run,
			})
		}
		run = nil
	}
	for _, tw := range towns {
		i, err := m.find(tw, what)
		if err != nil {
			return nil, err
		}
		if tw.country != country {
			flush()
			country = tw.country
		}
		run = append(run, m.sets[i].Point)
	}
	flush()
	return out, nil
}
