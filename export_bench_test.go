package routerisk

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/paulmach/orb/geojson"
	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/export/gpkg"
	"github.com/routerisk/routerisk/export/kml"
	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/export/webmap"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/northernroute"
)

var (
	exportOnce     sync.Once
	exportAnalysis *Analysis
	exportErr      error
)

// exportFixture returns the uncalibrated Northern Route analysis with
// northernroute's graph settings and 2010 baseline, built once.
func exportFixture(b testing.TB) *Analysis {
	b.Helper()
	exportOnce.Do(func() {
		c, err := northernroute.Corridor()
		if err != nil {
			exportErr = err
			return
		}
		g, s := northernroute.GraphSettings(), northernroute.Baseline2010()
		exportAnalysis, exportErr = Analyze(context.Background(), c, &Options{Graph: &g, Scenario: &s})
	})
	if exportErr != nil {
		b.Fatal(exportErr)
	}
	return exportAnalysis
}

// BenchmarkWriteQGIS writes the Northern Route analysis as a QGIS folder
// (every format), replacing the previous export in the same folder.
func BenchmarkWriteQGIS(b *testing.B) {
	a := exportFixture(b)
	dir := b.TempDir() + "/nr"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.WriteQGIS(dir, "nr", &export.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExportFormats writes the Northern Route analysis's layers in
// each format on its own, one at a time, to show where WriteQGIS spends.
func BenchmarkExportFormats(b *testing.B) {
	a := exportFixture(b)
	ls, err := a.Layers()
	if err != nil {
		b.Fatal(err)
	}
	ls, err = layer.Prepare(ls)
	if err != nil {
		b.Fatal(err)
	}
	ordered := layer.DrawOrder(ls)
	var shown []export.Layer
	for _, l := range ordered {
		if !l.Style.Hidden {
			shown = append(shown, l)
		}
	}
	dir := b.TempDir()
	for _, c := range []struct {
		name  string
		write func() error
	}{
		{"geojson", func() error {
			for _, l := range ordered {
				if err := geo.WriteLayer(filepath.Join(dir, l.Name+".geojson"), l.Features); err != nil {
					return err
				}
			}
			return nil
		}},
		{"gpkg", func() error { return gpkg.Write(filepath.Join(dir, "nr.gpkg"), ordered, nil) }},
		{"kml", func() error { return kml.Write(io.Discard, "nr", shown) }},
		{"webmap", func() error { return webmap.Write(io.Discard, ordered, nil) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.write(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// oldEncodeLayer writes fc as geo.WriteLayer wrote it before its streaming
// encoder: each feature checked and rewound, then through json.Marshal and
// orb, one a line. It is the baseline of the tests and benchmarks below
// (collections without bbox or members of their own, as the export's).
func oldEncodeLayer(w io.Writer, fc *geojson.FeatureCollection) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, f := range fc.Features {
		g, err := geo.RFC7946Geometry(f.Geometry)
		if err != nil {
			return err
		}
		if _, err := geo.CheckProperties(f.Properties); err != nil {
			return err
		}
		nf := *f
		nf.Geometry = g
		j, err := json.Marshal(nf)
		if err != nil {
			return err
		}
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
		bw.Write(j)
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// TestEncodeNorthernRouteLayers checks geo's streaming encoder on every
// layer of the Northern Route export: it must write the bytes the old way
// wrote (and so the same values read back with encoding/json, which the
// message reports when the bytes differ).
func TestEncodeNorthernRouteLayers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Northern Route analysis")
	}
	ls, err := exportFixture(t).Layers()
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) < 10 {
		t.Fatalf("%d layers, want the export's full set", len(ls))
	}
	for _, l := range ls {
		if len(l.Features.BBox) > 0 || len(l.Features.ExtraMembers) > 0 {
			t.Fatalf("%s: has a bbox or members, which oldEncodeLayer leaves out", l.Name)
		}
		var got, want bytes.Buffer
		if err := geo.EncodeLayer(&got, l.Features); err != nil {
			t.Fatalf("%s: %v", l.Name, err)
		}
		if err := oldEncodeLayer(&want, l.Features); err != nil {
			t.Fatalf("%s: %v", l.Name, err)
		}
		if bytes.Equal(got.Bytes(), want.Bytes()) {
			continue // the same bytes: the same values when read back
		}
		var g, w any
		gerr, werr := json.Unmarshal(got.Bytes(), &g), json.Unmarshal(want.Bytes(), &w)
		t.Errorf("%s: %d bytes differ from the old encoder's %d (read back: errors %v, %v; same values %v)",
			l.Name, got.Len(), want.Len(), gerr, werr, gerr == nil && werr == nil && reflect.DeepEqual(g, w))
	}
}

// BenchmarkEncodeEdges encodes the Northern Route's edges layer (43,000
// features) the old way and with geo's streaming encoder, both checking
// the features as WriteLayer does; the ratio of the two lines is the
// encoder's speed-up.
func BenchmarkEncodeEdges(b *testing.B) {
	ls, err := exportFixture(b).Layers()
	if err != nil {
		b.Fatal(err)
	}
	var edges *geojson.FeatureCollection
	for _, l := range ls {
		if l.Name == "edges" {
			edges = l.Features
		}
	}
	if edges == nil {
		b.Fatal("no edges layer")
	}
	for _, c := range []struct {
		name   string
		encode func(io.Writer, *geojson.FeatureCollection) error
	}{{"old", oldEncodeLayer}, {"stream", geo.EncodeLayer}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.encode(io.Discard, edges); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
