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

// originTowns are the main towns of the northern and north-eastern Afghan
// provinces where opiates leave for the north, weighted by the assumed
// share of the northbound flow that starts there (they sum to 1): Fayzabad
// (Badakhshan) 0.30, Kunduz (Kunduz) 0.20, Mazar-e Sharif (Balkh) 0.20,
// Taloqan (Takhar) 0.10, Pul-e Khumri (Baghlan), Sheberghan (Jowzjan) and
// Maymana (Faryab) 0.05 each, Sar-e Pul 0.03 and Aybak (Samangan) 0.02.
// They are heroin's; opium's are OpiumOrigins. See originSource for the
// basis; a user's own shares replace them.
var originTowns = []town{
	{name: "Fayzabad", country: "AFG", near: orb.Point{70.58, 37.12}, weight: 0.30},
	{name: "Kunduz", country: "AFG", near: orb.Point{68.86, 36.73}, weight: 0.20},
	{name: "Mazār-e Sharīf", country: "AFG", near: orb.Point{67.11, 36.71}, weight: 0.20},
	{name: "Taloqan", country: "AFG", near: orb.Point{69.53, 36.74}, weight: 0.10},
	{name: "Pul-e Khumrī", country: "AFG", near: orb.Point{68.72, 35.94}, weight: 0.05},
	{name: "Shibirghān", country: "AFG", near: orb.Point{65.75, 36.67}, weight: 0.05},
	{name: "Maymana", country: "AFG", near: orb.Point{64.78, 35.92}, weight: 0.05},
	{name: "Sar-e Pul", country: "AFG", near: orb.Point{65.93, 36.22}, weight: 0.03},
	{name: "Aībak", country: "AFG", near: orb.Point{68.02, 36.26}, weight: 0.02},
}

// origins returns the origins of the Northern Route (see originTowns),
// each at its matched settlement's point with its weight and source.
func origins(m *townMatcher) ([]geo.Place, error) {
	towns := make([]town, len(originTowns))
	for i, t := range originTowns {
		t.source = originSource
		towns[i] = t
	}
	return places(m, towns, "origin")
}

// poppyHa2010 is the opium poppy grown in 2010 in the province of each
// origin town, in hectares: Badakhshan 1,100 ha and the other eight
// provinces poppy-free (public figures: see opiumOriginSource).
var poppyHa2010 = []struct {
	town, province string
	ha             float64
}{
	{"Fayzabad", "Badakhshan", 1100},
	{"Kunduz", "Kunduz", 0},
	{"Mazār-e Sharīf", "Balkh", 0},
	{"Taloqan", "Takhar", 0},
	{"Pul-e Khumrī", "Baghlan", 0},
	{"Shibirghān", "Jowzjan", 0},
	{"Maymana", "Faryab", 0},
	{"Sar-e Pul", "Sar-e Pul", 0},
	{"Aībak", "Samangan", 0},
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
	out := make(map[string]float64, len(poppyHa2010))
	for _, p := range poppyHa2010 {
		out[p.town] = p.ha
	}
	return out
}
