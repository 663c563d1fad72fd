package qgis

import (
	"fmt"
	"image/color"
	"io"
	"strconv"
	"strings"

	"github.com/routerisk/routerisk/export/layer"
)

// Version is the QGIS version written into styles and projects: the
// oldest long-term release the files were checked with (QGIS 3.22 reads
// them, and so do later releases).
const Version = "3.22.16-Białowieża"

// Style returns the QML style document of l: its renderer (single,
// categorized or graduated, with the classes written out), data-defined
// sizes and labels. QGIS applies a .qml beside a data file of the same name
// automatically, and the same text goes into a GeoPackage's layer_styles.
// l.Style must be valid (layer.Prepare checks it).
func Style(l layer.Layer) ([]byte, error) {
	if err := l.Style.Validate(); err != nil {
		return nil, fmt.Errorf("qgis: layer %q: %w", l.Name, err)
	}
	root := el("qgis", "version", Version, "styleCategories", "Symbology|Labeling", "labelsEnabled", boolAttr(l.Style.LabelField != ""))
	root.add(symbology(l.Style, l.SymbolDim())...)
	return document(root), nil
}

// symbology returns the elements that draw a layer, shared by a style
// document and a project's map layer: renderer, labels, blending and the
// geometry type (QgsWkbTypes::GeometryType, which numbers points, lines
// and polygons as their dimension).
func symbology(s layer.Style, dim int) []*elem {
	return []*elem{
		renderer(s, dim), labeling(s, dim),
		textEl("blendMode", "0"), textEl("featureBlendMode", "0"), textEl("layerOpacity", "1"),
		textEl("layerGeometryType", strconv.Itoa(dim)),
	}
}

// WriteStyle writes the QML style document of l to w.
func WriteStyle(w io.Writer, l layer.Layer) error {
	b, err := Style(l)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func boolAttr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func num(f float64) string { return layer.FormatFloat(f) }

// rgba returns a colour as QGIS writes it: "r,g,b,a".
func rgba(c color.NRGBA) string { return fmt.Sprintf("%d,%d,%d,%d", c.R, c.G, c.B, c.A) }

// quoteField returns name as a QGIS expression field reference.
func quoteField(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func renderer(s layer.Style, dim int) *elem {
	r := el("renderer-v2")
	symbols := el("symbols")
	switch s.Kind {
	case layer.Graduated:
		r.attrs = [][2]string{{"type", "graduatedSymbol"}, {"attr", s.Field}, {"graduatedMethod", "GraduatedColor"}}
		ranges := el("ranges")
		for i := 0; i < s.NumClasses(); i++ {
			ranges.add(el("range", "lower", num(s.Breaks[i]), "upper", num(s.Breaks[i+1]), "label", s.ClassLabel(i), "symbol", strconv.Itoa(i), "render", "true"))
			symbols.add(symbol(s, i, dim, strconv.Itoa(i)))
		}
		r.add(ranges, symbols)
		r.add(el("source-symbol").add(symbol(s, 0, dim, "0")))
		r.add(colorRamp(s.Colors))
		r.add(el("classificationMethod", "id", "Custom").add(
			el("symmetricMode", "enabled", "0", "symmetrypoint", "0", "astride", "0"),
			el("labelFormat", "format", "%1 – %2", "labelprecision", "4", "trimtrailingzeroes", "1"),
		))
	case layer.Categorized:
		r.attrs = [][2]string{{"type", "categorizedSymbol"}, {"attr", s.Field}}
		cats := el("categories")
		for i, v := range s.Values {
			cats.add(el("category", "value", v, "label", s.ClassLabel(i), "symbol", strconv.Itoa(i), "render", "true"))
			symbols.add(symbol(s, i, dim, strconv.Itoa(i)))
		}
		if s.Color.A > 0 {
			// An empty value is QGIS's "all other values" category.
			n := strconv.Itoa(len(s.Values))
			cats.add(el("category", "value", "", "label", s.ClassLabel(-1), "symbol", n, "render", "true"))
			symbols.add(symbol(s, -1, dim, n))
		}
		r.add(cats, symbols)
	default:
		r.attrs = [][2]string{{"type", "singleSymbol"}}
		symbols.add(symbol(s, 0, dim, "0"))
		r.add(symbols)
	}
	r.attrs = append(r.attrs, [][2]string{
		{"forceraster", "0"}, {"symbollevels", "0"}, {"referencescale", "-1"}, {"enableorderby", boolAttr(s.OrderField != "")},
	}...)
	r.add(el("rotation"), el("sizescale"))
	if s.OrderField != "" {
		r.add(el("orderby").add(&elem{
			name:  "orderByClause",
			attrs: [][2]string{{"asc", boolAttr(!s.OrderDescending)}, {"nullsFirst", "1"}},
			text:  quoteField(s.OrderField),
		}))
	}
	return r
}

// colorRamp returns the gradient through the class colours, so that a
// user who reclassifies in QGIS keeps the ramp.
func colorRamp(cs []color.NRGBA) *elem {
	var stops []string
	for i := 1; i+1 < len(cs); i++ {
		stops = append(stops, num(float64(i)/float64(len(cs)-1))+";"+rgba(cs[i]))
	}
	return el("colorramp", "type", "gradient", "name", "[source]").add(optionMap("",
		option("color1", rgba(cs[0])),
		option("color2", rgba(cs[len(cs)-1])),
		option("discrete", "0"),
		option("rampType", "gradient"),
		option("stops", strings.Join(stops, ":")),
	))
}

// option returns a QString entry of a QGIS option map.
func option(name, value string) *elem {
	return el("Option", "name", name, "type", "QString", "value", value)
}

func optionMap(name string, kids ...*elem) *elem {
	m := el("Option", "type", "Map")
	if name != "" {
		m.attrs = append([][2]string{{"name", name}}, m.attrs...)
	}
	return m.add(kids...)
}

// symbol returns the QGIS symbol of class i.
func symbol(s layer.Style, i, dim int, name string) *elem {
	c := s.ClassColor(i)
	size := s.ClassSize(i, dim)
	stroke, strokeStyle := s.Stroke, "solid"
	if stroke.A == 0 {
		strokeStyle = "no"
	}
	var typ, class, sizeProp string
	var props [][2]string
	switch dim {
	case 1:
		typ, class, sizeProp = "line", "SimpleLine", "outlineWidth"
		props = [][2]string{
			{"capstyle", "round"}, {"joinstyle", "round"},
			{"line_color", rgba(c)}, {"line_style", "solid"},
			{"line_width", num(size)}, {"line_width_unit", "MM"},
			{"offset", "0"}, {"offset_unit", "MM"},
		}
	case 2:
		typ, class = "fill", "SimpleFill"
		props = [][2]string{
			{"color", rgba(c)}, {"joinstyle", "bevel"},
			{"offset", "0,0"}, {"offset_unit", "MM"},
			{"outline_color", rgba(stroke)}, {"outline_style", strokeStyle},
			{"outline_width", num(s.OutlineWidth())}, {"outline_width_unit", "MM"},
			{"style", "solid"},
		}
	default:
		typ, class, sizeProp = "marker", "SimpleMarker", "size"
		props = [][2]string{
			{"angle", "0"}, {"color", rgba(c)},
			{"horizontal_anchor_point", "1"}, {"joinstyle", "bevel"},
			{"name", s.Shape.String()},
			{"offset", "0,0"}, {"offset_unit", "MM"},
			{"outline_color", rgba(stroke)}, {"outline_style", strokeStyle},
			{"outline_width", num(s.OutlineWidth())}, {"outline_width_unit", "MM"},
			{"scale_method", "diameter"},
			{"size", num(size)}, {"size_unit", "MM"},
			{"vertical_anchor_point", "1"},
		}
	}
	// Both the option map (QGIS 3.16 and later) and the older prop list,
	// as QGIS 3.22 writes them.
	opts := optionMap("")
	sl := el("layer", "class", class, "enabled", "1", "locked", "0", "pass", "0")
	sl.add(opts)
	for _, p := range props {
		opts.add(option(p[0], p[1]))
	}
	for _, p := range props {
		sl.add(el("prop", "k", p[0], "v", p[1]))
	}
	var dd []*elem
	if s.SizeField != "" && sizeProp != "" && i >= 0 {
		expr := fmt.Sprintf("coalesce(scale_linear(%s, %s, %s, %s, %s), %s)",
			quoteField(s.SizeField), num(s.SizeDomain[0]), num(s.SizeDomain[1]), num(s.SizeRange[0]), num(s.SizeRange[1]), num(size))
		dd = append(dd, expressionProperty(sizeProp, expr))
	}
	sl.add(dataDefined(dd...))
	return el("symbol", "type", typ, "name", name, "alpha", "1", "clip_to_extent", "1", "force_rhr", "0").add(dataDefined(), sl)
}

// expressionProperty returns a data-defined property computed by an
// expression (QgsProperty type 3).
func expressionProperty(name, expr string) *elem {
	return optionMap(name,
		el("Option", "name", "active", "type", "bool", "value", "true"),
		option("expression", expr),
		el("Option", "name", "type", "type", "int", "value", "3"),
	)
}

func dataDefined(props ...*elem) *elem {
	p := el("Option", "name", "properties")
	if len(props) > 0 {
		p = optionMap("properties", props...)
	}
	return el("data_defined_properties").add(optionMap("", option("name", ""), p, option("type", "collection")))
}

// QGIS label placements (QgsPalLayerSettings::Placement).
const (
	placeOverPoint = 1 // polygons: at the centroid
	placeLine      = 2 // lines: along the line
	placeOrdered   = 6 // points: cartographic positions around the point
)

func labeling(s layer.Style, dim int) *elem {
	if s.LabelField == "" {
		return nil
	}
	field, isExpr := s.LabelField, "0"
	if s.LabelMinField != "" {
		field = fmt.Sprintf("CASE WHEN %s >= %s THEN %s END", quoteField(s.LabelMinField), num(s.LabelMin), quoteField(s.LabelField))
		isExpr = "1"
	}
	placement, dist, priority := placeOrdered, "1", "5"
	textColor := color.NRGBA{R: 0x1a, G: 0x1a, B: 0x1a, A: 255}
	switch dim {
	case 1:
		placement, dist = placeLine, "0"
	case 2:
		placement, dist, priority = placeOverPoint, "0", "3"
		textColor = color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 255}
	}
	if s.Kind == layer.Graduated {
		priority = "8" // scored features first
	}
	// Only points labelled one and all keep other labels off themselves:
	// dense layers (settlements of which few are labelled) and polygons
	// would crowd out every label.
	obstacle := boolAttr(dim == 0 && s.LabelMinField == "")
	style := el("text-style",
		"fieldName", field, "isExpression", isExpr,
		"fontSize", num(s.FontSize()), "fontSizeUnit", "Point",
		"fontWeight", "50", "fontItalic", "0", "textColor", rgba(textColor), "textOpacity", "1",
		"multilineHeight", "1", "allowHtml", "0", "useSubstitutions", "0", "blendMode", "0",
	).add(el("text-buffer",
		"bufferDraw", "1", "bufferSize", "0.8", "bufferSizeUnits", "MM",
		"bufferColor", "255,255,255,255", "bufferOpacity", "0.9", "bufferNoFill", "1",
		"bufferJoinStyle", "128", "bufferBlendMode", "0",
	))
	settings := el("settings", "calloutType", "simple").add(
		style,
		el("text-format", "wrapChar", "", "multilineAlign", "3", "formatNumbers", "0", "decimals", "3", "plussign", "0"),
		el("placement",
			"placement", strconv.Itoa(placement), "dist", dist, "distUnits", "MM",
			"priority", priority, "placementFlags", "10", "polygonPlacementFlags", "2",
			"offsetType", "0", "quadOffset", "4", "centroidWhole", "0", "centroidInside", "1",
			"predefinedPositionOrder", "TR,TL,BR,BL,R,L,TSR,BSR", "repeatDistance", "0",
		),
		el("rendering",
			"drawLabels", "1", "obstacle", obstacle, "obstacleFactor", "1", "obstacleType", "1",
			"displayAll", "0", "upsidedownLabels", "0", "labelPerPart", "0", "mergeLines", "0",
			"minFeatureSize", "0", "limitNumLabels", "0", "maxNumLabels", "2000",
			"scaleVisibility", boolAttr(s.LabelMaxScale > 0), "fontLimitPixelSize", "0", "zIndex", "0",
			// QGIS stores the most zoomed-out scale as scaleMax.
			"scaleMin", "0", "scaleMax", num(s.LabelMaxScale),
		),
	)
	return el("labeling", "type", "simple").add(settings)
}
