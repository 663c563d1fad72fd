package northernroute

import "github.com/routerisk/routerisk/risk"

// The commodities' names, as in risk.Commodity.Name and risk.Measure.
const (
	heroin = "heroin"
	opium  = "opium"
)

// Shipment sizes, kg: heroin 10 kg, within the 5–15 kg of most train
// seizures in Uzbekistan in 2011, none above 20 kg (public figure: UNODC,
// Opiate flows through northern Afghanistan and Central Asia, 2012, ch. II
// and Annex IV); opium 30 kg, an assumption (opium is bulkier for its
// value: about 7 kg of opium make 1 kg of heroin).
const (
	HeroinShipmentKg = 10
	OpiumShipmentKg  = 30
)

// OpiumDetectionFactor is how much more detectable a shipment of opium is
// than one of heroin, as risk.Commodity.DetectionFactor: 1.5, an
// assumption (bulk and smell, which dogs and inspectors find more easily).
const OpiumDetectionFactor = 1.5

// Commodities returns the two opiates of the Northern Route with their 2010
// flows into Central Asia, shipment sizes, detectability and markets:
//   - heroin: 90 t (FlowTonnes2010, UNODC 2012), consumed in Central Asia
//     (11 t, UNODC World Drug Report 2010) and otherwise carried on to
//     Russia;
//   - opium: 38 t (OpiumTonnes2010, derived from UNODC via INCSR 2014),
//     grown in Badakhshan, the one origin province that grew opium poppy
//     in 2010 (OpiumOrigins), consumed mostly in Central Asia itself (34 t,
//     World Drug Report 2010), the remaining 4 t to Russia (an
//     assumption).
//
// Destinations are weighted in t a year by demands (per market: Central
// Asia by people who inject drugs per state, Russia by population).
func Commodities() []risk.Commodity {
	heroinTo := map[string]float64{}
	opiumTo := map[string]float64{}
	for _, d := range demands(FlowTonnes2010, OpiumTonnes2010) {
		if d.heroin > 0 {
			heroinTo[d.name] = d.heroin
		}
		if d.opium > 0 {
			opiumTo[d.name] = d.opium
		}
	}
	return []risk.Commodity{
		{
			Name: heroin, FlowTonnes: FlowTonnes2010, ShipmentKg: HeroinShipmentKg, DetectionFactor: 1,
			Destinations: heroinTo,
			Source: "flow: about 90 t from northern Afghanistan into Central Asia in 2010 (UNODC, Opiate flows through northern Afghanistan and Central Asia, 2012); " +
				"shipments of 10 kg (most Uzbek train seizures 5-15 kg, UNODC 2012 Annex IV); detection factor 1 (the reference); " +
				"markets: Central Asia 11 t (UNODC World Drug Report 2010, pp. 52-53), the rest to Russia by population (an assumption)",
		},
		{
			Name: opium, FlowTonnes: OpiumTonnes2010, ShipmentKg: OpiumShipmentKg, DetectionFactor: OpiumDetectionFactor,
			Origins: OpiumOrigins(), Destinations: opiumTo,
			Source: "flow: 38 t, derived from UNODC's 30-35 t a year through Tajikistan, 85% of the Central Asian flow (INCSR 2014, Tajikistan); " +
				"shipments of 30 kg and detection factor 1.5: assumptions; " +
				"markets: Central Asia 34 t (UNODC World Drug Report 2010, pp. 52-53), the remaining 4 t to Russia by population (an assumption); " +
				opiumOriginSource,
		},
	}
}
