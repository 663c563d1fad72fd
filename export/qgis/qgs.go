package qgis

import (
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/export/internal/conic"
	"github.com/routerisk/routerisk/export/layer"
)

// A Project is a QGIS project over layers stored in files beside it.
type Project struct {
	// Title is the project's title in QGIS.
	Title string
	// Layers are drawn in the order given: the first at the bottom, the
	// last on top (and so listed top first in the QGIS layers panel).
	Layers []ProjectLayer
	// Extent is the map view the project opens on, lon/lat; the zero
	// Bound means the union of the layers' extents with a 3% margin.
	Extent orb.Bound
}

// A ProjectLayer is one layer of a Project with the file it is read from.
type ProjectLayer struct {
	Layer layer.Layer
	// Source is the layer's data file relative to the project file, with
	// '/' separators, e.g. "segments.geojson"; it is read by GDAL (QGIS's
	// "ogr" provider). Paths stay relative so the folder can be moved.
	Source string
}

// wgs84 is the QGIS description of EPSG:4326.
func wgs84() *elem {
	return el("spatialrefsys", "nativeFormat", "Wkt").add(
		textEl("wkt", `GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],CS[ellipsoidal,2],AXIS["geodetic latitude (Lat)",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],AXIS["geodetic longitude (Lon)",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]],USAGE[SCOPE["Horizontal component of 3D system."],AREA["World."],BBOX[-90,-180,90,180]],ID["EPSG",4326]]`),
		textEl("proj4", "+proj=longlat +datum=WGS84 +no_defs"),
		textEl("srsid", "3452"),
		textEl("srid", "4326"),
		textEl("authid", "EPSG:4326"),
		textEl("description", "WGS 84"),
		textEl("projectionacronym", "longlat"),
		textEl("ellipsoidacronym", "EPSG:7030"),
		textEl("geographicflag", "true"),
	)
}

// projected returns the QGIS description of the custom CRS of a conic.
func projected(c conic.Conic) *elem {
	return el("spatialrefsys", "nativeFormat", "Wkt").add(
		textEl("wkt", c.WKT("routerisk Lambert conformal conic")),
		textEl("proj4", c.Proj4()),
		textEl("srsid", "0"),
		textEl("srid", "0"),
		textEl("authid", ""),
		textEl("description", "routerisk Lambert conformal conic"),
		textEl("projectionacronym", "lcc"),
		textEl("ellipsoidacronym", "EPSG:7030"),
		textEl("geographicflag", "false"),
	)
}

func extentEl(name string, b orb.Bound) *elem {
	return el(name).add(
		textEl("xmin", num(b.Min[0])), textEl("ymin", num(b.Min[1])),
		textEl("xmax", num(b.Max[0])), textEl("ymax", num(b.Max[1])),
	)
}

// layerID returns the project-wide id of a layer: its name, which Prepare
// made unique, with a prefix that marks the layers this package wrote.
func layerID(name string) string { return "routerisk_" + name }

// wkbNames are QGIS's names of the layer geometry types.
var wkbNames = map[layer.GeomType]string{
	layer.Unknown: "Unknown", layer.Point: "Point", layer.LineString: "LineString", layer.Polygon: "Polygon",
	layer.MultiPoint: "MultiPoint", layer.MultiLineString: "MultiLineString", layer.MultiPolygon: "MultiPolygon",
}

var dimNames = [...]string{"Point", "Line", "Polygon"}

// WriteProject writes p as a QGIS project (.qgs) to w: as its CRS the
// map picture's Lambert conformal conic fitted to the extent (a custom CRS
// given by WKT and PROJ string, with the ProjectionsEnabled entry QGIS 3
// needs to read it; WGS 84 where no cone suits), layers read
// as EPSG:4326 and reprojected by QGIS, every layer with its style and labels, hidden layers
// switched off, the map opening on p.Extent, and relative paths. Where a
// layer has a Temporal, that layer is filtered by its dates and the
// temporal controller opens animated over all the layers' dates in
// one-month frames, so that the user presses play.
func WriteProject(w io.Writer, p Project) error {
	if len(p.Layers) == 0 {
		return errors.New("qgis: project without layers")
	}
	extent := p.Extent
	fit := extent // the extent the conic is fitted to: the data's, unpadded, as the map picture fits it
	if extent == (orb.Bound{}) {
		var b orb.Bound
		ok := false
		for _, pl := range p.Layers {
			if lb, lok := pl.Layer.Bound(); lok && ok {
				b = b.Union(lb)
			} else if lok {
				b, ok = lb, true
			}
		}
		if !ok {
			b = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
		}
		extent, fit = b, b
		dx, dy := 0.03*(extent.Max[0]-extent.Min[0]), 0.03*(extent.Max[1]-extent.Min[1])
		extent.Min[0], extent.Min[1] = extent.Min[0]-dx, extent.Min[1]-dy
		extent.Max[0], extent.Max[1] = extent.Max[0]+dx, extent.Max[1]+dy
	}

	// The project shows the map in the picture's projection, a conic
	// fitted to the extent; the layers stay WGS 84 files that QGIS
	// reprojects on the fly. The view extent is the image of the lon/lat
	// extent's outline in the project CRS: metres on the WGS 84 ellipsoid.
	crs, view, units := wgs84(), extent, "degrees"
	if c, ok := conic.For(fit); ok {
		crs, units = projected(c), "meters"
		view = orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
		for i := 0; i <= 32; i++ {
			f := float64(i) / 32
			lon := extent.Min[0] + f*(extent.Max[0]-extent.Min[0])
			lat := extent.Min[1] + f*(extent.Max[1]-extent.Min[1])
			for _, q := range []orb.Point{{lon, extent.Min[1]}, {lon, extent.Max[1]}, {extent.Min[0], lat}, {extent.Max[0], lat}} {
				x, y := c.ProjectCRS(q)
				view = view.Extend(orb.Point{x, y})
			}
		}
	}
	root := el("qgis", "version", Version, "projectname", p.Title)
	root.add(el("homePath", "path", ""), textEl("title", p.Title))
	root.add(el("projectCrs").add(crs))

	tree := el("layer-tree-group").add(el("customproperties"))
	order := el("custom-order", "enabled", "0")
	layerOrder := el("layerorder")
	mapLayers := el("projectlayers")
	seen := map[string]bool{}
	for i := len(p.Layers) - 1; i >= 0; i-- { // top first
		pl := p.Layers[i]
		l := pl.Layer
		if !layer.ValidName(l.Name) || seen[l.Name] {
			return fmt.Errorf("qgis: project layer %d: bad or repeated name %q", i, l.Name)
		}
		seen[l.Name] = true
		if pl.Source == "" {
			return fmt.Errorf("qgis: project layer %q without a source file", l.Name)
		}
		if err := l.Style.Validate(); err != nil {
			return fmt.Errorf("qgis: layer %q: %w", l.Name, err)
		}
		id := layerID(l.Name)
		checked := "Qt::Checked"
		if l.Style.Hidden {
			checked = "Qt::Unchecked"
		}
		tree.add(el("layer-tree-layer",
			"id", id, "name", l.DisplayTitle(), "source", sourcePath(pl.Source), "providerKey", "ogr",
			"checked", checked, "expanded", boolAttr(l.Style.Kind != layer.Single && !l.Style.Hidden),
		).add(el("customproperties")))
		order.add(textEl("item", id))
		layerOrder.add(el("layer", "id", id))
		mapLayers.add(mapLayer(pl, id))
	}
	tree.add(order)
	root.add(tree)

	root.add(el("mapcanvas", "name", "theMapCanvas", "annotationsVisible", "1").add(
		textEl("units", units),
		extentEl("extent", view),
		textEl("rotation", "0"),
		el("destinationsrs").add(crs),
		textEl("rendermaptile", "0"),
	))
	root.add(mapLayers, layerOrder)
	layers := make([]layer.Layer, len(p.Layers))
	for i, pl := range p.Layers {
		layers[i] = pl.Layer
	}
	times, controller := timeSettings(layers)
	// QGIS 3 reads <projectCrs> only where SpatialRefSys/ProjectionsEnabled
	// is 1 (QgsProject::readProjectFile), and otherwise opens the project
	// without a CRS; Measure/Ellipsoid makes its measurements ellipsoidal.
	root.add(el("properties").add(
		el("SpatialRefSys").add(typed("ProjectionsEnabled", "int", "1")),
		el("Measure").add(typed("Ellipsoid", "QString", "EPSG:7030")),
		el("Paths").add(typed("Absolute", "bool", "false")),
		el("Measurement").add(typed("DistanceUnits", "QString", "km"), typed("AreaUnits", "QString", "km2")),
		el("PositionPrecision").add(typed("Automatic", "bool", "true"), typed("DecimalPlaces", "int", "4")),
		controller,
	))
	root.add(el("ProjectViewSettings", "UseProjectScales", "0", "rotation", "0").add(
		el("DefaultViewExtent",
			"xmin", num(view.Min[0]), "ymin", num(view.Min[1]),
			"xmax", num(view.Max[0]), "ymax", num(view.Max[1]),
		).add(crs),
	))
	root.add(times)
	_, err := w.Write(document(root))
	return err
}

// sourcePath returns a relative source as QGIS writes one: "./name".
func sourcePath(src string) string {
	if len(src) > 0 && (src[0] == '/' || src[0] == '.') {
		return src
	}
	return "./" + src
}

func typed(name, typ, value string) *elem {
	e := textEl(name, value)
	e.attrs = [][2]string{{"type", typ}}
	return e
}

func mapLayer(pl ProjectLayer, id string) *elem {
	l := pl.Layer
	gt := l.GeometryType()
	dim := max(gt.Dim(), 0) // as l.SymbolDim()
	geometry := "Unknown geometry"
	if gt != layer.Unknown {
		geometry = dimNames[dim]
	}
	m := el("maplayer",
		"type", "vector", "geometry", geometry, "wkbType", wkbNames[gt],
		"labelsEnabled", boolAttr(l.Style.LabelField != ""), "styleCategories", "AllStyleCategories",
		"hasScaleBasedVisibilityFlag", "0", "minScale", "100000000", "maxScale", "0",
		"readOnly", "0", "autoRefreshEnabled", "0", "autoRefreshTime", "0",
		"simplifyDrawingHints", "1", "simplifyDrawingTol", "1", "simplifyLocal", "1",
		"simplifyAlgorithm", "0", "simplifyMaxScale", "1", "symbologyReferenceScale", "-1",
	)
	if b, ok := l.Bound(); ok {
		m.add(extentEl("extent", b))
	}
	m.add(
		textEl("id", id),
		textEl("datasource", sourcePath(pl.Source)),
		textEl("layername", l.DisplayTitle()),
		el("srs").add(wgs84()),
		&elem{name: "provider", attrs: [][2]string{{"encoding", "UTF-8"}}, text: "ogr"},
	)
	m.add(temporal(l.Temporal))
	m.add(symbology(l.Style, dim)...)
	return m
}

// The QGIS codes written for temporal settings: Qgis::VectorTemporalMode
// (FeatureDateTimeInstantFromField 1, FeatureDateTimeStartAndEndFromFields
// 2), Qgis::VectorTemporalLimitMode (IncludeBeginExcludeEnd 0), the
// navigation mode Animated (1) and the month's unit as QgsUnitTypes
// encodes it.
const (
	modeInstant       = "1"
	modeStartEnd      = "2"
	limitExcludeEnd   = "0"
	navigationAnimate = "1"
	unitMonths        = "mon"
)

// temporal returns the layer's temporal properties as QGIS writes them,
// nil for a layer without dates: features shown while the frame overlaps
// [start, end), or in the frame holding their instant.
func temporal(t *layer.Temporal) *elem {
	if t == nil {
		return nil
	}
	mode := modeStartEnd
	if t.EndField == "" {
		mode = modeInstant
	}
	return el("temporal",
		"enabled", "1", "mode", mode, "limitMode", limitExcludeEnd,
		"startField", t.StartField, "endField", t.EndField,
		"startExpression", "", "endExpression", "", "durationField", "",
		"durationUnit", "min", "fixedDuration", "0", "accumulate", "0",
	).add(el("fixedRange").add(textEl("start", ""), textEl("end", "")))
}

// timeSettings returns the project's time settings and the temporal
// controller's state for the dated layers of ls: the whole range of their
// dates in frames of one month, the controller in animation mode so that
// the user presses play. Both are nil when no layer is dated.
func timeSettings(ls []layer.Layer) (settings, controller *elem) {
	start, end, ok := layer.TimeRange(ls)
	if !ok {
		return nil, nil
	}
	iso := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
	isoMs := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
	settings = el("ProjectTimeSettings", "timeStepUnit", unitMonths, "timeStep", "1", "frameRate", "1", "cumulativeTemporalRange", "0").add(
		el("TemporalRange").add(textEl("start", iso(start)), textEl("end", iso(end))),
	)
	controller = el("TemporalControllerWidget").add(
		typed("NavigationMode", "int", navigationAnimate),
		typed("StartDateTime", "QString", isoMs(start)),
		typed("EndDateTime", "QString", isoMs(end)),
	)
	return settings, controller
}
