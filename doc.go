/*
Package routerisk analyses the route risk of smuggling corridors: which
border crossings and which stretches of remote green border a shipment is
least likely to be stopped at, which routes smugglers would therefore take,
where the seizures fall, and what changes when a state adds scanners,
outposts or patrols, or removes inspections.

It was built for the Afghanistan – Central Asia – Russia "Northern Route",
whose data is embedded in package northernroute, so every analysis of it
runs without files; another corridor is a folder of GeoJSON layers named by
a corridor.json (geo.ReadCorridorDir), or another package like
northernroute. The general packages hold no corridor's data: their
defaults are neutral and documented field by field.

The Example of Analyze shows the whole path on the Northern Route.

# The pipeline

Data flows one way:

	geo  →  route  →  risk  →  plan, dynamics  →  routerisk (Analyze)  →  cmd/routerisk

Imports follow the flow from geo to risk; export knows only feature layers,
not the model, and routerisk hands it the layers. northernroute builds on
geo, route and risk through their public API, as a user's own corridor
would.

Each package has one job:

  - geo holds the geography: countries, borders, settlements, official
    crossings, outposts, roads and railways, origins and destinations as
    typed layers read from GeoJSON, TopoJSON or a corridor folder, and
    validated (Corridor.Validate); borders cut into segments of a set
    length (5 km by default), each with its remoteness, the geodesic
    distance to the nearest settlement, outpost and crossing on each side,
    found with a spatial index.
  - route turns a corridor into a compact directed graph (it implements
    gonum's graph.WeightedDirected): road and railway layers noded where
    lines meet, settlements and crossings joined to them, official
    crossings, one gap point per border segment reached off-road, ferries.
    It finds shortest, k best and diverse routes, minimum cuts and
    betweenness for any edge weights the caller gives, and knows nothing of
    risk.
  - risk is the interdiction model. Every crossing and every segment gets
    the probability p that a shipment crossing there is interdicted, with
    the terms it was computed from; a route is interdicted with
    P = 1 − Π(1 − p). Smugglers choose routes by −ln(1 − P) + β·hours, the
    yearly flow is split over their best routes by a logit rule, and the
    expected seizures per country follow. The per-country parameters can
    be calibrated to published seizures, published figures the fit did not
    use are checked beside the model (CheckPublished), and Compare shows
    what one scenario changes against another, down to the flow displaced
    from one crossing or gap to another.
  - northernroute is the first corridor: its embedded data, trunk roads,
    origins and markets, country parameters, the scenarios Baseline2010,
    CustomsUnion2011, TIRTransit and Programme2012, and the observed
    seizures, each figure with its source or marked as an assumption.
  - plan chooses defender upgrades within a budget, exactly and with a
    certified gap (shortest-path interdiction and stochastic network
    interdiction), and evaluates plans under risk's full flow model.
  - dynamics simulates traffickers and border services adapting month by
    month over a risk model, with dated layers and time-series plots.
  - settingsfile reads and writes every settings struct as TOML or JSON.
  - export writes the layers as a QGIS-ready folder: styled GeoJSON, a
    project file, a GeoPackage, KML, a map picture and a web map.
  - cmd/routerisk is the command for analysts who work in QGIS.

Analyze runs geo, route and risk in one call, after validating the
corridor, WriteQGIS the export, and Analysis.Budget the planning question:
where a budget buys the most interdiction on the analysed corridor, with
the exact plans evaluated under the full model; each package can also be
used on its own.

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
