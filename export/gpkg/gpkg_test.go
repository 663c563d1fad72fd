package gpkg

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkb"

	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/geo"
)

func testLayers() []layer.Layer {
	lines := geojson.NewFeatureCollection()
	a := geojson.NewFeature(orb.LineString{{69, 42}, {70, 43}})
	a.Properties = geojson.Properties{"id": "s1", "p_interdict": 0.25, "rank": 1, "scanner": true, "nodes": []any{"a", "b"}, "Fid": "clash"}
	b := geojson.NewFeature(orb.MultiLineString{{{71, 42}, {72, 43}}, {{72, 43}, {73, 43.5}}})
	b.Properties = geojson.Properties{"id": "s2", "p_interdict": nil, "rank": 2, "scanner": false}
	lines.Append(a).Append(b)
	pts := geojson.NewFeatureCollection()
	p := geojson.NewFeature(orb.Point{67.4, 37.2})
	p.Properties = geojson.Properties{"name": "Termez – Hairatan"}
	pts.Append(p)
	return []layer.Layer{{Name: "segments", Features: lines, Style: layer.SegmentStyle(lines)}, {Name: "crossings", Title: "Crossings", Features: pts, Style: layer.CrossingStyle(pts)}}
}

func TestWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.gpkg")
	stamp := time.Date(2011, 7, 1, 0, 0, 0, 0, time.UTC)
	if err := Write(path, testLayers(), &Options{Time: stamp}); err != nil {
		t.Fatal(err)
	}
	if ok, err := Is(path); !ok || err != nil {
		t.Fatalf("Is: %v %v", ok, err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var appID, version int
	db.QueryRow("PRAGMA application_id").Scan(&appID)
	db.QueryRow("PRAGMA user_version").Scan(&version)
	if appID != ApplicationID || version != UserVersion {
		t.Errorf("application_id %#x, user_version %d", appID, version)
	}
	var srs []int
	rows, err := db.Query("SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int
		rows.Scan(&id)
		srs = append(srs, id)
	}
	if !slices.Equal(srs, []int{-1, 0, 4326}) {
		t.Errorf("spatial reference systems %v", srs)
	}
	var typ, change string
	var minX, maxY float64
	if err := db.QueryRow(`SELECT g.geometry_type_name, c.last_change || '', c.min_x, c.max_y FROM gpkg_geometry_columns g JOIN gpkg_contents c USING (table_name) WHERE table_name = 'segments' AND c.srs_id = 4326 AND g.srs_id = 4326`).Scan(&typ, &change, &minX, &maxY); err != nil {
		t.Fatal(err)
	}
	if typ != "MULTILINESTRING" || change != "2011-07-01T00:00:00.000Z" || minX != 69 || maxY != 43.5 {
		t.Errorf("segments: %s, %s, bbox from %v to %v", typ, change, minX, maxY)
	}
	var cols []string
	crow, err := db.Query(`SELECT name || ' ' || type FROM pragma_table_info('segments') ORDER BY cid`)
	if err != nil {
		t.Fatal(err)
	}
	for crow.Next() {
		var c string
		crow.Scan(&c)
		cols = append(cols, c)
	}
	want := []string{"fid INTEGER", "geom MULTILINESTRING", "id TEXT", "rank INTEGER", "scanner BOOLEAN", "p_interdict REAL", "nodes TEXT", "Fid_1 TEXT"}
	if !slices.Equal(cols, want) {
		t.Errorf("columns %v,\nwant %v", cols, want)
	}
	var blob []byte
	var id, nodes string
	var scanner int
	var p sql.NullFloat64
	if err := db.QueryRow(`SELECT geom, id, scanner, nodes, p_interdict FROM segments WHERE fid = 1`).Scan(&blob, &id, &scanner, &nodes, &p); err != nil {
		t.Fatal(err)
	}
	if id != "s1" || scanner != 1 || nodes != `["a","b"]` || p.Float64 != 0.25 {
		t.Errorf("row 1: %s %d %s %v", id, scanner, nodes, p)
	}
	// The single line was promoted to the table's multi-part type.
	if g, err := wkb.Unmarshal(blob[8+32:]); err != nil {
		t.Errorf("geometry: %v", err)
	} else if _, ok := g.(*geom.MultiLineString); !ok || g.Bounds().Min(0) != 69 {
		t.Errorf("geometry %T from x %v, want a MultiLineString from 69", g, g.Bounds().Min(0))
	}
	if string(blob[:2]) != "GP" || blob[2] != 0 || blob[3] != 0x03 || binary.LittleEndian.Uint32(blob[4:8]) != 4326 {
		t.Errorf("header % x", blob[:8])
	}
	if err := db.QueryRow(`SELECT p_interdict FROM segments WHERE fid = 2`).Scan(&p); err != nil || p.Valid {
		t.Errorf("null p_interdict: %v %v", p, err)
	}
	var qml string
	var def int
	if err := db.QueryRow(`SELECT styleQML, useAsDefault FROM layer_styles WHERE f_table_name = 'segments' AND f_geometry_column = 'geom'`).Scan(&qml, &def); err != nil {
		t.Fatal(err)
	}
	if def != 1 || !strings.Contains(qml, `attr="p_interdict"`) || !strings.Contains(qml, "graduatedSymbol") {
		t.Errorf("segments style: default %d, %.80s", def, qml)
	}
	var dataType string
	db.QueryRow(`SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'`).Scan(&dataType)
	if dataType != "attributes" {
		t.Errorf("layer_styles registered as %q", dataType)
	}
	if es, _ := os.ReadDir(filepath.Dir(path)); len(es) != 1 {
		t.Errorf("%d files beside the GeoPackage, want none", len(es)-1)
	}
}

func TestGeometryHeader(t *testing.T) {
	pt, err := Geometry(orb.Point{67.5, 37.25})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pt[:8], []byte{'G', 'P', 0, 0x01, 0xe6, 0x10, 0, 0}) || len(pt) != 8+21 {
		t.Errorf("point blob % x", pt)
	}
	line, _ := Geometry(orb.LineString{{60, 40}, {61, 41.5}})
	env := make([]float64, 4)
	for i := range env {
		env[i] = math.Float64frombits(binary.LittleEndian.Uint64(line[8+8*i:]))
	}
	if !slices.Equal(env, []float64{60, 61, 40, 41.5}) {
		t.Errorf("envelope %v, want [minx maxx miny maxy] = [60 61 40 41.5]", env)
	}
}

func TestWriteErrors(t *testing.T) {
	dir := t.TempDir()
	bad := testLayers()
	bad[1].Features.Features[0].Geometry = orb.Point{math.NaN(), 0}
	err := Write(filepath.Join(dir, "bad.gpkg"), bad, nil)
	var fe *geo.FeatureError
	if !errors.As(err, &fe) || fe.File != "crossings" || fe.Index != 0 {
		t.Errorf("bad coordinate: got %v", err)
	}
	if err := Write(filepath.Join(dir, "missing", "x.gpkg"), testLayers(), nil); err == nil {
		t.Errorf("no error writing into a missing folder")
	}
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(filepath.Join(dir, "adir"), testLayers(), nil); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("writing over a folder: got %v", err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("left behind: %d entries, want only adir", len(es))
	}
}

// TestRTreeIndex checks the spatial index of each table: one row per
// feature holding its bounds (to float32 precision, rounded outwards), the
// six triggers of the GeoPackage spec, and the gpkg_extensions row.
func TestRTreeIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.gpkg")
	ls := testLayers()
	if err := Write(path, ls, nil); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, l := range ls {
		rt := "rtree_" + l.Name + "_geom"
		rows, err := db.Query(`SELECT id, minx, maxx, miny, maxy FROM "` + rt + `" ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var id int
			var b [4]float64
			if err := rows.Scan(&id, &b[0], &b[1], &b[2], &b[3]); err != nil {
				t.Fatal(err)
			}
			want := l.Features.Features[id-1].Geometry.Bound()
			got := [4]float64{b[0], b[1], b[2], b[3]}
			for k, w := range []float64{want.Min[0], want.Max[0], want.Min[1], want.Max[1]} {
				outward := (k%2 == 0 && got[k] <= w) || (k%2 == 1 && got[k] >= w)
				if !outward || math.Abs(got[k]-w) > 1e-4 {
					t.Errorf("%s feature %d: bound %v, want %v", l.Name, id, got, want)
					break
				}
			}
			n++
		}
		rows.Close()
		if n != len(l.Features.Features) {
			t.Errorf("%s: %d index rows, want %d", l.Name, n, len(l.Features.Features))
		}
		var check string
		if err := db.QueryRow(`SELECT rtreecheck(?)`, rt).Scan(&check); err != nil || check != "ok" {
			t.Errorf("%s: rtreecheck: %q, %v", rt, check, err)
		}
		var triggers int
		db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE ?`, l.Name, rt+"_%").Scan(&triggers)
		if triggers != 6 {
			t.Errorf("%s: %d triggers, want 6", l.Name, triggers)
		}
		var ext string
		db.QueryRow(`SELECT extension_name FROM gpkg_extensions WHERE table_name = ? AND column_name = 'geom'`, l.Name).Scan(&ext)
		if ext != RTreeExtension {
			t.Errorf("%s: extension %q, want %q", l.Name, ext, RTreeExtension)
		}
	}
	// A query through the index finds the crossing at Termez.
	var fid int
	if err := db.QueryRow(`SELECT id FROM rtree_crossings_geom WHERE minx <= 67.5 AND maxx >= 67.3 AND miny <= 37.3 AND maxy >= 37.1`).Scan(&fid); err != nil || fid != 1 {
		t.Errorf("index query: fid %d, %v; want 1", fid, err)
	}
}

// TestWriteReproducible writes the same layers twice with the default
// (fixed) time stamp and compares the bytes.
func TestWriteReproducible(t *testing.T) {
	dir := t.TempDir()
	var files [2][]byte
	for i := range files {
		path := filepath.Join(dir, fmt.Sprintf("t%d.gpkg", i))
		if err := Write(path, testLayers(), nil); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = b
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Errorf("two writes differ (%d and %d bytes)", len(files[0]), len(files[1]))
	}
	if !bytes.Contains(files[0], []byte(FixedTime.Format("2006-01-02T15:04:05.000Z"))) {
		t.Errorf("the fixed time stamp is not in the file")
	}
}

// TestWriteManyRows writes a layer of several statements' worth of rows
// (some without a geometry, with a NULL property now and then) and reads
// each row back by its fid: the properties and geometry of feature fid-1,
// and the R-tree holding the features with a geometry.
func TestWriteManyRows(t *testing.T) {
	const n = 3*maxBatch + 17
	fc := geojson.NewFeatureCollection()
	for i := range n {
		var g orb.Geometry = orb.LineString{{60 + float64(i)/100, 40}, {60 + float64(i)/100, 40.5 + float64(i%7)/10}}
		if i%50 == 7 {
			g = nil
		}
		f := geojson.NewFeature(g)
		f.Properties = geojson.Properties{"i": i, "name": fmt.Sprintf("edge %d", i), "p": float64(i) / 3}
		if i%11 == 3 {
			f.Properties["p"] = nil
		}
		fc.Append(f)
	}
	path := filepath.Join(t.TempDir(), "many.gpkg")
	if err := Write(path, []layer.Layer{{Name: "edges", Features: fc}}, nil); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT fid, i, name, p, geom FROM edges ORDER BY fid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	count, withGeom := 0, 0
	for rows.Next() {
		var fid, i int
		var name string
		var p sql.NullFloat64
		var geom []byte
		if err := rows.Scan(&fid, &i, &name, &p, &geom); err != nil {
			t.Fatal(err)
		}
		f := fc.Features[fid-1]
		var want []byte
		if f.Geometry != nil {
			withGeom++
			if want, err = Geometry(f.Geometry); err != nil {
				t.Fatal(err)
			}
		}
		wantP, isP := f.Properties["p"].(float64)
		if i != fid-1 || name != fmt.Sprintf("edge %d", fid-1) || p.Valid != isP || p.Valid && p.Float64 != wantP || !bytes.Equal(geom, want) {
			t.Fatalf("fid %d: i %d, name %q, p %v, %d geometry bytes; want feature %d", fid, i, name, p, len(geom), fid-1)
		}
		count++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Errorf("%d rows, want %d", count, n)
	}
	var indexed int
	var check string
	if err := db.QueryRow(`SELECT count(*) FROM rtree_edges_geom`).Scan(&indexed); err != nil || indexed != withGeom {
		t.Errorf("R-tree: %d cells (%v), want %d", indexed, err, withGeom)
	}
	if err := db.QueryRow(`SELECT rtreecheck('rtree_edges_geom')`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("rtreecheck: %q %v", check, err)
	}
}
