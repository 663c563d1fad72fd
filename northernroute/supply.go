package northernroute

import (
	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
)

// NorthShareHeroin and NorthShareOpium are the shares of Afghanistan's
// heroin and opium that leave through Central Asia, the Northern Route:
// about 25% and 15% (public figures: UNODC estimates as quoted in the US
// State Department's INCSR 2014, vol. I, Tajikistan).
const (
	NorthShareHeroin = 0.25
	NorthShareOpium  = 0.15
)

// originSource is the source of every origin's weight, which is heroin's.
const originSource = "share of the heroin leaving northern Afghanistan that starts here: an assumption. " +
	"Basis (public): Badakhshan is the north-east's opium-producing province and holds heroin " +
	"laboratories (UN list of processing locations: 14 in Badakhshan, as cited by Johnson, 'Heroin production in " +
	"Afghanistan', 2009); Hairatan (Balkh) and Sher Khan Bandar (Kunduz) are the primary crossings by trade " +
	"volume (UNODC, Opiate flows through northern Afghanistan and Central Asia, 2012, ch. II). Production does " +
	"not locate the northbound heroin: in 2010 Badakhshan grew 1,100 ha of opium poppy and the other eight provinces " +
	"none (see OpiumOrigins), about 0.9% of Afghanistan's 122,515 ha, while the Southern region grew 85% of the " +
	"opium in 2011 (UNODC, Afghanistan Opium Survey 2011, p. 13), so the heroin leaving through the north is mostly " +
	"made from opium grown elsewhere and staged or refined in the north. No count of laboratories by province " +
	"beyond Badakhshan's could be read, so the shares are not derived from laboratories"

// An originTown is an origin with its province and the opium poppy
// grown there in 2010, in hectares (public figures: see
// opiumOriginSource), which weighs its opium.
type originTown struct {
	town
	province string
	poppyHa  float64
}

// originTowns are the main towns of the northern and north-eastern Afghan
// provinces where opiates leave for the north. Their weights are the
// assumed shares of the northbound heroin that starts there (they sum to
// 1; see originSource, and a user's own shares replace them); opium is
// weighted by poppyHa instead (OpiumOrigins): Badakhshan's 1,100 ha, the
// other eight provinces poppy-free.
var originTowns = []originTown{
	{town{name: "Fayzabad", country: "AFG", near: orb.Point{70.58, 37.12}, weight: 0.30}, "Badakhshan", 1100},
	{town{name: "Kunduz", country: "AFG", near: orb.Point{68.86, 36.73}, weight: 0.20}, "Kunduz", 0},
	{town{name: "Mazār-e Sharīf", country: "AFG", near: orb.Point{67.11, 36.71}, weight: 0.20}, "Balkh", 0},
	{town{name: "Taloqan", country: "AFG", near: orb.Point{69.53, 36.74}, weight: 0.10}, "Takhar", 0},
	{town{name: "Pul-e Khumrī", country: "AFG", near: orb.Point{68.72, 35.94}, weight: 0.05}, "Baghlan", 0},
	{town{name: "Shibirghān", country: "AFG", near: orb.Point{65.75, 36.67}, weight: 0.05}, "Jowzjan", 0},
	{town{name: "Maymana", country: "AFG", near: orb.Point{64.78, 35.92}, weight: 0.05}, "Faryab", 0},
	{town{name: "Sar-e Pul", country: "AFG", near: orb.Point{65.93, 36.22}, weight: 0.03}, "Sar-e Pul", 0},
	{town{name: "Aībak", country: "AFG", near: orb.Point{68.02, 36.26}, weight: 0.02}, "Samangan", 0},
}

// origins returns the origins of the Northern Route (see originTowns),
// each at its matched settlement's point with its weight and source.
func origins(m *townMatcher) ([]geo.Place, error) {
	towns := make([]town, len(originTowns))
	for i, o := range originTowns {
		towns[i] = o.town
		towns[i].source = originSource
	}
	return places(m, towns, "origin")
}

// opiumOriginSource is the source of opium's origin weights.
const opiumOriginSource = "origins: by the opium poppy grown in 2010 in each origin's province: Badakhshan 1,100 ha, " +
	"Kunduz, Balkh, Takhar, Baghlan, Jowzjan, Faryab, Sar-e Pul and Samangan poppy-free (UNODC, Afghanistan Opium " +
	"Survey 2020, executive summary, indicative district-level estimates of cultivation 2010-2020, pp. 14-21, as " +
	"transcribed in the public repository mchatter/ML-Climate-Final-Project-Template; Afghanistan's total 122,515 ha " +
	"in the same table), so all of it leaves from Fayzabad; at 2010's national yield, 29.2 kg/ha (UNODC, Afghanistan " +
	"Opium Survey 2011, p. 13), Badakhshan's 1,100 ha make about 32 t, of the order of the 38 t modelled"

// OpiumOrigins returns opium's weights of the origins by town, as
// risk.Commodity.Origins: the hectares of opium poppy grown in 2010 in the
// town's province (see opiumOriginSource), zero where it was poppy-free.
func OpiumOrigins() map[string]float64 {
	out := make(map[string]float64, len(originTowns))
	for _, o := range originTowns {
		out[o.name] = o.poppyHa
	}
	return out
}
