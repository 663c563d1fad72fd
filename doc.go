/*
Package routerisk analyses the route risk of smuggling corridors: which
border crossings and which stretches of remote green border a shipment is
least likely to be stopped at, which routes smugglers would therefore take,
where the seizures fall, and what changes when a state adds scanners,
outposts or patrols, or removes inspections.

It was built for the Afghanistan – Central Asia – Russia "Northern Route",
whose geography is embedded (geo.NorthernRoute), so every analysis runs
without files:

	c, err := geo.NorthernRoute()
	if err != nil {
		log.Fatal(err)
	}
	a, err := routerisk.Analyze(c, nil) // the 2010 baseline, documented defaults
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Summary())
	m, err := a.WriteQGIS("out", "northern-route", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("open", m.QGS, "in QGIS")

# The pipeline

Data flows one way:

	geo  →  route  →  risk  →  routerisk (Analyze)  →  export

Imports follow the flow from geo to risk; export knows only feature layers
(and geo's file writing), not the model, and routerisk hands it the layers.

Each package has one job:

  - geo holds the geography: countries, borders, settlements, official
    crossings and outposts as typed layers read from GeoJSON or TopoJSON;
    borders cut into segments of a set length (5 km by default), each with
    its remoteness, the geodesic distance to the nearest settlement, outpost
    and crossing on each side, found with a spatial index.
  - route turns a corridor into a compact directed graph (it implements
    gonum's graph.WeightedDirected): towns joined by the trunk highways and
    local roads, official crossings, one gap point per border segment
    reached off-road, Caspian ferries. It finds shortest, k best and diverse
    routes, minimum cuts and betweenness for any edge weights the caller
    gives, and knows nothing of risk.
  - risk is the interdiction model. Every crossing and every segment gets
    the probability p that a shipment crossing there is interdicted, with
    the terms it was computed from; a route is interdicted with
    P = 1 − Π(1 − p). Smugglers choose routes by −ln(1 − P) + β·hours, the
    yearly flow (90 t of heroin in 2010, UNODC) is split over their best
    routes by a logit rule, and the expected seizures per country follow.
    The per-country parameters can be calibrated to the published seizures;
    named scenarios (Baseline2010, CustomsUnion2011, TIRTransit,
    Programme2012) are plain values to copy and edit, and Compare shows what
    one changes against another, down to the flow displaced from one
    crossing or gap to another.
  - export writes the layers as a QGIS-ready folder: styled GeoJSON, a
    project file, a GeoPackage, KML and a map picture.

Analyze runs geo, route and risk in one call and WriteQGIS the export;
each package can also be used on its own, for a corridor of your own
(geo.ReadCountries, geo.ReadBorders or geo/topojson, geo.ReadCrossings, ...).

# What is measured and what is assumed

Borders are Natural Earth's (public domain), towns GeoNames' (CC BY 4.0),
the official crossings curated for this project with the source of each
position. The flow, the seizure figures used for calibration and the
Kazakh programme's budget are public figures, named where they are used.
Most model parameters (inspection rates, detection probabilities, decay
distances, outpost densities, carrier shares) are assumptions: each is a
settings field whose comment says so, and calibration pins down only what
the seizure figures can (see risk.Calibration.SingularValues). Read the
results as the consequences of those assumptions, not as intelligence.
*/
package routerisk
