package layer

import (
	"fmt"
	"image/color"
	"math"
	"reflect"

	"github.com/paulmach/orb/geojson"
)

// Kind is how a style sorts features into classes.
type Kind int

// The style kinds.
const (
	Single      Kind = iota // one symbol for every feature
	Categorized             // one symbol per value of Field
	Graduated               // one symbol per class of Field between Breaks
)

var kindNames = [...]string{"single", "categorized", "graduated"}

// String returns "single", "categorized" or "graduated".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// Shape is the marker drawn for a point.
type Shape int

// The marker shapes.
const (
	Circle Shape = iota
	Square
	Triangle
	Diamond
)

var shapeNames = [...]string{"circle", "square", "triangle", "diamond"}

// String returns the QGIS name of the shape: "circle", "square",
// "triangle" or "diamond".
func (s Shape) String() string {
	if s < 0 || int(s) >= len(shapeNames) {
		return "circle"
	}
	return shapeNames[s]
}

// A Style describes how a layer is drawn: its classes, colours, sizes and
// labels. Sizes are in millimetres on the map, as QGIS measures them: the
// width of a line, the diameter of a point marker, the outline of a
// polygon. The same description drives the QGIS style, the KML styles and
// the map picture.
//
// A graduated class i holds the values v with Breaks[i] < v <= Breaks[i+1],
// the first class also v == Breaks[0], as QGIS classifies; a feature whose
// value is missing or outside every class is not drawn. A categorized
// feature is matched by the text of its value (see Format); other values
// get Color, and are not drawn when Color is fully transparent.
type Style struct {
	Kind  Kind
	Field string // the classified property; required unless Kind is Single

	Breaks []float64     // Graduated: len(Colors)+1 ascending class edges
	Values []string      // Categorized: one value per class
	Colors []color.NRGBA // Graduated, Categorized: one colour per class
	Labels []string      // legend text per class; nil: made from Breaks or Values
	Sizes  []float64     // per-class size in mm; nil: Size for every class

	// Color is the colour of a Single style, and of the values outside
	// every category of a Categorized one (transparent: not drawn).
	Color color.NRGBA
	// Stroke is the outline colour of polygons and point markers;
	// transparent means no outline.
	Stroke color.NRGBA
	// StrokeWidth is the outline width in mm; 0 means 0.26.
	StrokeWidth float64
	// Size is the line width or marker diameter in mm; 0 means 0.5 for
	// lines and 2.4 for points (polygons use StrokeWidth).
	Size float64
	// Shape is the marker of a point layer.
	Shape Shape

	// SizeField, when set, makes the size follow that property: linear
	// from SizeRange[0] mm at SizeDomain[0] to SizeRange[1] mm at
	// SizeDomain[1], clamped at both ends; a feature without a numeric
	// value keeps its class size.
	SizeField  string
	SizeDomain [2]float64
	SizeRange  [2]float64

	// LabelField, when set, labels features with that property. With
	// LabelMinField set, only features whose LabelMinField value is at
	// least LabelMin are labelled (the main settlements, say).
	LabelField    string
	LabelMinField string
	LabelMin      float64
	// LabelSize is the label font size in points; 0 means 8.
	LabelSize float64
	// LabelMaxScale, when positive, shows the labels only when the map is
	// zoomed in to 1:LabelMaxScale or closer (and never in the small-scale
	// map picture); 0 shows them at every scale.
	LabelMaxScale float64

	// OrderField, when set, draws features in ascending order of that
	// property (descending with OrderDescending), so the last drawn is on
	// top: routes ordered by rank descending put the best route on top.
	OrderField      string
	OrderDescending bool

	// Hidden starts the layer switched off in the QGIS project and the
	// web map and leaves it out of the map picture.
	Hidden bool
	// NoLegend leaves the layer out of the legends of the map picture and
	// the web map (countries named by their labels, say).
	NoLegend bool

	// WebMapOmitted leaves the layer out of the web map (index.html),
	// which inlines its data: for layers too large to load in a browser and
	// of little use there, such as a routing graph's nodes and edges. The
	// other formats keep it.
	WebMapOmitted bool

	// The map picture is a small-scale overview; these settings thin the
	// layer there only (QGIS, GeoPackage, KML and the web map keep it
	// whole).
	//
	// PictureHidden leaves the layer out of the picture unless the caller
	// names it in export's Options.MapLayers.
	PictureHidden bool
	// PictureMaxField, when set, keeps in the picture only the features
	// whose PictureMaxField value is a number no more than PictureMax (the
	// three best routes by rank, say); features without a number stay.
	PictureMaxField string
	PictureMax      float64
	// PictureLabels, when positive, labels in the picture only the
	// PictureLabels features largest by PictureLabelField (the busiest
	// crossings by tonnes); it has no effect when no feature has a positive
	// number there.
	PictureLabels     int
	PictureLabelField string
	// PictureLabelledOnly keeps in the picture only the features that the
	// style labels at every scale, and leaves the layer out when there are
	// none (the main settlements).
	PictureLabelledOnly bool
}

// IsZero reports whether s is the zero Style, which stands for the
// default style of a layer.
func (s Style) IsZero() bool { return reflect.ValueOf(s).IsZero() }

// NumClasses returns the number of classes: 1 for a Single style.
func (s Style) NumClasses() int {
	switch s.Kind {
	case Graduated:
		return max(len(s.Breaks)-1, 0)
	case Categorized:
		return len(s.Values)
	}
	return 1
}

// Validate reports whether s is consistent: a known Kind, a Field where
// one is needed, strictly ascending finite Breaks, one colour (and label
// and size, where given) per class, unique category values, finite
// non-negative sizes and an increasing SizeDomain.
func (s Style) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrStyle, fmt.Sprintf(format, args...))
	}
	switch s.Kind {
	case Single:
	case Graduated:
		if s.Field == "" {
			return bad("graduated style without a field")
		}
		if len(s.Breaks) < 2 {
			return bad("graduated style on %q needs at least 2 breaks, has %d", s.Field, len(s.Breaks))
		}
		for i, b := range s.Breaks {
			if math.IsNaN(b) || math.IsInf(b, 0) {
				return bad("break %d of %q is %v", i, s.Field, b)
			}
			if i > 0 && !(s.Breaks[i-1] < b) {
				return bad("breaks of %q not strictly ascending at %d: %v after %v", s.Field, i, b, s.Breaks[i-1])
			}
		}
	case Categorized:
		if s.Field == "" {
			return bad("categorized style without a field")
		}
		if len(s.Values) == 0 {
			return bad("categorized style on %q without values", s.Field)
		}
		seen := make(map[string]bool, len(s.Values))
		for _, v := range s.Values {
			if seen[v] {
				return bad("category %q of %q given twice", v, s.Field)
			}
			seen[v] = true
		}
	default:
		return bad("unknown kind %d", int(s.Kind))
	}
	n := s.NumClasses()
	if s.Kind != Single && len(s.Colors) != n {
		return bad("%d classes of %q but %d colours", n, s.Field, len(s.Colors))
	}
	if s.Labels != nil && len(s.Labels) != n {
		return bad("%d classes but %d labels", n, len(s.Labels))
	}
	if s.Sizes != nil && len(s.Sizes) != n {
		return bad("%d classes but %d sizes", n, len(s.Sizes))
	}
	sizes := append([]float64{s.Size, s.StrokeWidth, s.SizeRange[0], s.SizeRange[1], s.LabelSize, s.LabelMaxScale}, s.Sizes...)
	for _, v := range sizes {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return bad("size %v is not a finite non-negative number of mm", v)
		}
	}
	if s.SizeField != "" && !(s.SizeDomain[0] < s.SizeDomain[1]) {
		return bad("size domain of %q is %v, want min < max", s.SizeField, s.SizeDomain)
	}
	if s.LabelMinField != "" && s.LabelField == "" {
		return bad("LabelMinField %q without LabelField", s.LabelMinField)
	}
	if math.IsNaN(s.LabelMin) || math.IsInf(s.LabelMin, 0) {
		return bad("LabelMin is %v", s.LabelMin)
	}
	if math.IsNaN(s.PictureMax) || math.IsInf(s.PictureMax, 0) {
		return bad("PictureMax is %v", s.PictureMax)
	}
	if s.PictureLabels < 0 || (s.PictureLabels > 0 && s.PictureLabelField == "") {
		return bad("PictureLabels %d needs a PictureLabelField and must not be negative", s.PictureLabels)
	}
	return nil
}

// Class returns the class of a feature with the given properties: 0 for a
// Single style, the class index for the others, -1 for a categorized value
// outside every category. ok is false when the feature is not drawn.
func (s Style) Class(props geojson.Properties) (class int, ok bool) {
	switch s.Kind {
	case Graduated:
		v, isNum := Number(props[s.Field])
		if !isNum {
			return -1, false
		}
		for i := 0; i+1 < len(s.Breaks); i++ {
			lo, hi := s.Breaks[i], s.Breaks[i+1]
			if (lo < v || (i == 0 && lo == v)) && v <= hi {
				return i, true
			}
		}
		return -1, false
	case Categorized:
		v := props[s.Field]
		if v != nil {
			text := Format(v)
			for i, c := range s.Values {
				if c == text {
					return i, true
				}
			}
		}
		return -1, s.Color.A > 0
	}
	return 0, true
}

// ClassColor returns the colour of class i (Color for -1 and for a Single
// style).
func (s Style) ClassColor(i int) color.NRGBA {
	if s.Kind == Single || i < 0 || i >= len(s.Colors) {
		return s.Color
	}
	return s.Colors[i]
}

// ClassLabel returns the legend text of class i: Labels[i] where given,
// else "lo – hi" for a graduated class and the value for a category; "other"
// for -1.
func (s Style) ClassLabel(i int) string {
	if i < 0 {
		return "other values"
	}
	if i < len(s.Labels) {
		return s.Labels[i]
	}
	switch s.Kind {
	case Graduated:
		return FormatFloat(s.Breaks[i]) + " – " + FormatFloat(s.Breaks[i+1])
	case Categorized:
		return s.Values[i]
	}
	return ""
}

// Default sizes in mm.
const (
	DefaultLineWidth   = 0.5
	DefaultMarkerSize  = 2.4
	DefaultStrokeWidth = 0.26
	DefaultLabelSize   = 8.0
)

// ClassSize returns the size in mm of class i for geometries of dimension
// dim (0 points, 1 lines, 2 polygons): Sizes[i], else Size, else the
// default for the dimension. Polygons return their outline width.
func (s Style) ClassSize(i, dim int) float64 {
	if dim == 2 {
		return s.OutlineWidth()
	}
	if i >= 0 && i < len(s.Sizes) {
		return s.Sizes[i]
	}
	if s.Size > 0 {
		return s.Size
	}
	if dim == 0 {
		return DefaultMarkerSize
	}
	return DefaultLineWidth
}

// OutlineWidth returns StrokeWidth, or DefaultStrokeWidth when it is 0.
func (s Style) OutlineWidth() float64 {
	if s.StrokeWidth > 0 {
		return s.StrokeWidth
	}
	return DefaultStrokeWidth
}

// FeatureSize returns the size in mm of a feature in class i: from
// SizeField where it is set and the feature has a number there, else
// ClassSize. Features outside every category (i < 0) keep ClassSize, so
// that "other values" stay in the background.
func (s Style) FeatureSize(i, dim int, props geojson.Properties) float64 {
	if s.SizeField != "" && dim != 2 && i >= 0 {
		if v, ok := Number(props[s.SizeField]); ok {
			return ScaleLinear(v, s.SizeDomain[0], s.SizeDomain[1], s.SizeRange[0], s.SizeRange[1])
		}
	}
	return s.ClassSize(i, dim)
}

// ScaleLinear maps v from [d0, d1] to [r0, r1], clamped at both ends, as
// the QGIS expression function scale_linear does.
func ScaleLinear(v, d0, d1, r0, r1 float64) float64 {
	if v <= d0 {
		return r0
	}
	if v >= d1 {
		return r1
	}
	return r0 + (v-d0)/(d1-d0)*(r1-r0)
}

// Label returns the label of a feature, and false when it gets none.
func (s Style) Label(props geojson.Properties) (string, bool) {
	if s.LabelField == "" {
		return "", false
	}
	v := props[s.LabelField]
	if v == nil {
		return "", false
	}
	if s.LabelMinField != "" {
		n, ok := Number(props[s.LabelMinField])
		if !ok || n < s.LabelMin {
			return "", false
		}
	}
	text := Format(v)
	return text, text != ""
}

// FontSize returns LabelSize, or DefaultLabelSize when it is 0.
func (s Style) FontSize() float64 {
	if s.LabelSize > 0 {
		return s.LabelSize
	}
	return DefaultLabelSize
}
