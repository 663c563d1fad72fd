package kml

import (
	"errors"
	"fmt"
	"io"

	gokml "github.com/twpayne/go-kml/v3"
	"github.com/twpayne/go-kml/v3/icon"

	geomkml "github.com/twpayne/go-geom/encoding/kml"

	"github.com/routerisk/routerisk/export/internal/geomconv"
	"github.com/routerisk/routerisk/export/layer"
)

// oldWrite is the writer Write replaced, kept as the baseline of the
// tests: the document built with go-kml and encoded by encoding/xml. It
// writes the layers as one KML 2.2 document titled title to w: a
// folder per layer, topmost layer first, with shared styles for its
// classes in the same colours and sizes as the QGIS styles (sizes from a
// SizeField go inline per placemark), labels where the style labels, and
// every property in the placemark's ExtendedData. Hidden layers start
// switched off. Lines follow the ground (tessellate). Layers go through
// layer.Prepare; errors name the layer and the feature. Features outside
// every class of their style, which QGIS leaves out, are kept in grey.
func oldWrite(w io.Writer, title string, layers []layer.Layer) error {
	ls, err := layer.Prepare(layers)
	if err != nil {
		return fmt.Errorf("kml: %w", err)
	}
	if len(ls) == 0 {
		return errors.New("kml: no layers")
	}
	doc := gokml.Document(gokml.Name(title), gokml.Open(true))
	var folders []gokml.Element
	ordered := layer.DrawOrder(ls)
	for i := len(ordered) - 1; i >= 0; i-- {
		styles, folder, err := oldLayerFolder(ordered[i])
		if err != nil {
			return fmt.Errorf("kml: layer %q: %w", ordered[i].Name, err)
		}
		doc.Append(styles...)
		folders = append(folders, folder)
	}
	doc.Append(folders...)
	return gokml.KML(doc).WriteIndent(w, "", " ")
}

func oldLayerFolder(l layer.Layer) ([]gokml.Element, gokml.Element, error) {
	s := l.Style
	dim := l.SymbolDim()
	// Which shared styles the features use, in first-use order.
	type key struct {
		class    int
		labelled bool
	}
	used := map[key]bool{}
	var order []key
	var placemarks []gokml.Element
	fields := layer.Fields(l.Features)
	for i, f := range l.Features.Features {
		if f.Geometry == nil {
			continue
		}
		class, drawn := s.Class(f.Properties)
		if !drawn {
			// QGIS does not draw it; Google Earth shows it in grey so that
			// no feature is lost from the document.
			class = unclassified
		}
		label, labelled := s.Label(f.Properties)
		labelled = labelled && s.LabelMaxScale == 0
		g, err := geomconv.ToGeom(f.Geometry)
		if err != nil {
			return nil, nil, fmt.Errorf("feature %d: %w", i, err)
		}
		ge, err := geomkml.Encode(g)
		if err != nil {
			return nil, nil, fmt.Errorf("feature %d: %w", i, err)
		}
		oldTessellate(ge)
		pm := gokml.Placemark()
		if name := placemarkName(label, f.Properties); name != "" {
			pm.Append(gokml.Name(name))
		}
		if _, sized := layer.Number(f.Properties[s.SizeField]); s.SizeField != "" && dim < 2 && sized && class >= 0 {
			size := s.FeatureSize(class, dim, f.Properties)
			pm.Append(gokml.Style(oldSymbolStyle(s, class, dim, size, labelled)...))
		} else {
			if k := (key{class, labelled}); !used[k] {
				used[k] = true
				order = append(order, k)
			}
			pm.Append(gokml.StyleURL("#" + styleID(l.Name, class, labelled)))
		}
		ext := gokml.ExtendedData()
		for _, fd := range fields {
			if v, ok := f.Properties[fd.Name]; ok && v != nil {
				ext.Append(gokml.Data(fd.Name, gokml.Value(layer.Format(v))))
			}
		}
		pm.Append(ext, ge)
		placemarks = append(placemarks, pm)
	}
	styles := make([]gokml.Element, len(order))
	for i, k := range order {
		styles[i] = gokml.SharedStyle(styleID(l.Name, k.class, k.labelled),
			oldSymbolStyle(s, k.class, dim, s.ClassSize(k.class, dim), k.labelled)...)
	}
	folder := gokml.Folder(gokml.Name(l.DisplayTitle()), gokml.Visibility(!s.Hidden), gokml.Open(false))
	folder.Append(placemarks...)
	return styles, folder, nil
}

// oldSymbolStyle returns the KML sub-styles of class i at the given size (mm).
func oldSymbolStyle(s layer.Style, class, dim int, size float64, labelled bool) []gokml.Element {
	c := s.ClassColor(class)
	if class == unclassified {
		c = unclassifiedColor
	}
	labelScale := 0.0
	if labelled {
		labelScale = s.FontSize() / 10
	}
	switch dim {
	case 1:
		return []gokml.Element{gokml.LineStyle(gokml.Color(c), gokml.Width(round2(size*pixelsPerMM)))}
	case 2:
		line := gokml.LineStyle(gokml.Color(s.Stroke), gokml.Width(round2(s.OutlineWidth()*pixelsPerMM)))
		return []gokml.Element{
			gokml.PolyStyle(gokml.Color(c), gokml.Fill(true), gokml.Outline(s.Stroke.A > 0)),
			line,
			gokml.LabelStyle(gokml.Scale(labelScale)),
		}
	}
	return []gokml.Element{
		gokml.IconStyle(
			gokml.Color(opaque(c)),
			gokml.Scale(round2(max(size/iconSizeMM*2, 0.3))),
			gokml.Icon(gokml.Href(icon.ShapeHref(shapeIcon(s.Shape)))),
		),
		gokml.LabelStyle(gokml.Scale(labelScale)),
	}
}

// oldTessellate makes lines and polygon edges follow the ground instead of
// cutting through the globe.
func oldTessellate(e gokml.Element) {
	switch e := e.(type) {
	case *gokml.LineStringElement:
		e.Children = append([]gokml.Element{gokml.Tessellate(true)}, e.Children...)
	case *gokml.PolygonElement:
		e.Children = append([]gokml.Element{gokml.Tessellate(true)}, e.Children...)
	case *gokml.MultiGeometryElement:
		for _, c := range e.Children {
			oldTessellate(c)
		}
	}
}
