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

// originSource is the source of every origin's weight.
const originSource = "share of the opiates leaving northern Afghanistan that start here: an assumption. " +
	"Basis (qualitative, public): Badakhshan is the north-east's opium-producing province and holds heroin " +
	"laboratories (UN list of processing locations: 14 in Badakhshan, as cited by Johnson, 'Heroin production in " +
	"Afghanistan', 2009); Hairatan (Balkh) and Sher Khan Bandar (Kunduz) are the primary crossings by trade " +
	"volume (UNODC, Opiate flows through northern Afghanistan and Central Asia, 2012, ch. II). Production does " +
	"not locate the northbound flow: in 2011 the Southern region grew 85% of Afghanistan's opium and the Western " +
	"12% (UNODC, Afghanistan Opium Survey 2011, p. 13), so the opiates leaving through the north are mostly " +
	"grown elsewhere and staged or refined in the north; the provincial table of the Afghanistan Opium Survey " +
	"2010 could not be read from the material at hand, so no provincial figure is used"

// originTowns are the main towns of the northern and north-eastern Afghan
// provinces where opiates leave for the north, weighted by the assumed
// share of the northbound flow that starts there (they sum to 1): Fayzabad
// (Badakhshan) 0.30, Kunduz (Kunduz) 0.20, Mazar-e Sharif (Balkh) 0.20,
// Taloqan (Takhar) 0.10, Pul-e Khumri (Baghlan), Sheberghan (Jowzjan) and
// Maymana (Faryab) 0.05 each, Sar-e Pul 0.03 and Aybak (Samangan) 0.02.
// See originSource for the basis; a user's own shares replace them.
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
