package gpkg

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	// The pure-Go SQLite driver, registered as "sqlite": no cgo.
	_ "modernc.org/sqlite"

	"github.com/routerisk/routerisk/export/internal/geomconv"
	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/export/qgis"
)

// GeoPackage identification (OGC 12-128r18, section 1.1.1.1).
const (
	ApplicationID = 0x47504B47 // "GPKG"
	UserVersion   = 10300      // GeoPackage 1.3
)

// GeometryColumn and FIDColumn name the geometry and feature id columns of
// every feature table.
const (
	GeometryColumn = "geom"
	FIDColumn      = "fid"
)

// StylesTable is the table in which QGIS looks for layer styles.
const StylesTable = "layer_styles"

// FixedTime is the time stamp of a GeoPackage written with a zero
// Options.Time, so that two writes of the same layers give the same bytes.
var FixedTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Options are the settings of Write; nil means all defaults.
type Options struct {
	// Time stamps gpkg_contents.last_change and the styles' update_time;
	// the zero Time means FixedTime (reproducible bytes). Pass time.Now()
	// to record when the file was written.
	Time time.Time
	// NoStyles leaves out the layer_styles table.
	NoStyles bool
	// NoIndex leaves out the R-tree spatial indexes.
	NoIndex bool
}

// Write writes the layers into a new GeoPackage at path, one feature table
// per layer named after it, with the layers' QGIS styles in layer_styles
// (as QGIS stores them, so that QGIS applies them on load). The file is
// built under a temporary name in the same folder and renamed to path when
// complete; on any error nothing is left behind and a file already at path
// is unchanged. Layers go through layer.Prepare; errors name the layer and
// the feature.
func Write(path string, layers []layer.Layer, opts *Options) (err error) {
	if opts == nil {
		opts = &Options{}
	}
	ls, err := layer.Prepare(layers)
	if err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	if len(ls) == 0 {
		return errors.New("gpkg: no layers")
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return fmt.Errorf("gpkg: write %s: exists and is not a regular file", path)
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("gpkg: write %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(tmp)
			os.Remove(tmp + "-journal")
		}
	}()
	if err := build(tmp, ls, opts); err != nil {
		return fmt.Errorf("gpkg: write %s: %w", path, err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("gpkg: write %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("gpkg: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("gpkg: write %s: %w", path, err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// build writes the GeoPackage into the empty file at path. The layers'
// rows are made on a goroutine of their own (see feed), a few batches
// ahead of SQLite, which writes them on the caller's.
func build(path string, ls []layer.Layer, opts *Options) (err error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}()
	stamp := opts.Time
	if stamp.IsZero() {
		stamp = FixedTime
	}
	ts := stamp.UTC().Format("2006-01-02T15:04:05.000Z")
	// The tables' rows are made in batches on a goroutine of their own,
	// a few batches ahead of SQLite; done stops it when SQLite stops.
	tables := make(chan *tableFeed, len(ls))
	free := make(chan *batch, feedAhead+2) // batches SQLite has written
	done := make(chan struct{})
	defer close(done)
	go feed(ls, !opts.NoIndex, tables, free, done)
	return onConn(context.Background(), db, func(s *session) (err error) {
		for _, p := range []string{
			fmt.Sprintf("PRAGMA application_id = %d", ApplicationID),
			fmt.Sprintf("PRAGMA user_version = %d", UserVersion),
			"PRAGMA journal_mode = OFF", // a temporary file: nothing to roll back to
			"PRAGMA synchronous = OFF",  // synced once, before the rename
		} {
			if err := s.exec(p); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
		if err := s.exec("BEGIN"); err != nil {
			return err
		}
		defer func() {
			if err != nil {
				s.exec("ROLLBACK")
			}
		}()
		if err := createCore(s); err != nil {
			return err
		}
		for _, l := range ls {
			if err := writeLayer(s, <-tables, ts, free); err != nil {
				return fmt.Errorf("layer %q: %w", l.Name, err)
			}
		}
		if !opts.NoStyles {
			if err := writeStyles(s, ls, ts); err != nil {
				return err
			}
		}
		return s.exec("COMMIT")
	})
}

// wgs84WKT is the OGC WKT 1 definition of EPSG:4326, as GDAL writes it into
// gpkg_spatial_ref_sys.
const wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`

// createCore creates the tables every GeoPackage has (GeoPackage 1.3,
// sections 1.1.2 and 1.1.3, and 2.1.5 for geometry columns), with the three
// required spatial reference systems.
func createCore(s *session) error {
	stmts := []string{
		`CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
)`,
		`CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE,
  min_y DOUBLE,
  max_x DOUBLE,
  max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
)`,
		`CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
)`,
	}
	for _, st := range stmts {
		if err := s.exec(st); err != nil {
			return err
		}
	}
	const ins = `INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES (?, ?, ?, ?, ?, ?)`
	rows := [][]driver.Value{
		{"WGS 84 geodetic", int64(4326), "EPSG", int64(4326), wgs84WKT, "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"},
		{"Undefined cartesian SRS", int64(-1), "NONE", int64(-1), "undefined", "undefined cartesian coordinate reference system"},
		{"Undefined geographic SRS", int64(0), "NONE", int64(0), "undefined", "undefined geographic coordinate reference system"},
	}
	for _, r := range rows {
		if err := s.exec(ins, r...); err != nil {
			return err
		}
	}
	return nil
}

// quote returns name as an SQL identifier.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

var sqlTypes = map[layer.FieldType]string{
	layer.Text: "TEXT", layer.Integer: "INTEGER", layer.Real: "REAL", layer.Bool: "BOOLEAN", layer.JSON: "TEXT",
}

// A column is a property stored in a feature table.
type column struct {
	field layer.Field
	name  string // the column name: the property name, made unique
}

// columns returns the columns of a layer: its fields, renamed where a name
// would clash (case-insensitively, as SQLite compares) with the fid or
// geometry column or with another property.
func columns(fields []layer.Field) []column {
	used := map[string]bool{FIDColumn: true, GeometryColumn: true}
	out := make([]column, len(fields))
	for i, f := range fields {
		name := f.Name
		for n := 1; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s_%d", f.Name, n)
		}
		used[strings.ToLower(name)] = true
		out[i] = column{field: f, name: name}
	}
	return out
}

// A tableFeed is a layer as its feature table stores it: first its
// geometry type, columns and bounds; then its rows, in batches sent on
// batches as feed makes them; then, once batches is closed, the R-tree
// packed from the features' bounds, or the error of the feature that could
// not be stored.
type tableFeed struct {
	l       layer.Layer
	gt      layer.GeomType
	cols    []column
	width   int // values a row: the geometry blob, then the properties
	bound   orb.Bound
	bounded bool // some feature has a geometry: bound holds
	index   bool // cells are made
	batches chan *batch

	tree packed // the R-tree index, packed from its cells, when index is set
	err  error
}

// A batch is the rows of one INSERT statement (batchRows of them, fewer
// in a table's last): their values, width a row, the geometry blobs cut
// from one buffer. SQLite copies what it is given, so a batch's buffers
// are used again for the next.
type batch struct {
	values []driver.Value
	blobs  []byte
}

// feed makes the tables of the layers, in order, each with the R-tree's
// cells when index is set, and sends each on tables (buffered for all)
// before its rows. It keeps up to feedAhead batches a table made ahead of
// SQLite, takes the batches SQLite has written back from free, and
// returns after a feature that cannot be stored or when done is closed.
func feed(ls []layer.Layer, index bool, tables chan<- *tableFeed, free chan *batch, done <-chan struct{}) {
	for _, l := range ls {
		t := &tableFeed{l: l, gt: l.GeometryType(), cols: columns(l.Fields()), index: index, batches: make(chan *batch, feedAhead)}
		t.width = 1 + len(t.cols)
		t.bound, t.bounded = l.Bound()
		tables <- t
		if !t.make(free, done) {
			return
		}
	}
}

// feedAhead is the number of batches feed makes ahead of SQLite.
const feedAhead = 4

// make sends the rows of t's layer in batches on t.batches, reusing those
// that come back on free, and closes it; false when a feature cannot be
// stored (t.err) or done was closed first.
func (t *tableFeed) make(free chan *batch, done <-chan struct{}) bool {
	defer close(t.batches)
	per := batchRows(t.width)
	var b *batch
	var cells []rtreeCell
	send := func() bool {
		select {
		case t.batches <- b:
			b = nil
			return true
		case <-done:
			return false
		}
	}
	for i, f := range t.l.Features.Features {
		if b == nil {
			select {
			case b = <-free:
				b.values, b.blobs = b.values[:0], b.blobs[:0]
			default:
				b = &batch{values: make([]driver.Value, 0, per*t.width)}
			}
		}
		var blob []byte
		if f.Geometry != nil {
			g := f.Geometry
			if t.gt != layer.Unknown && layer.TypeOf(g) != t.gt {
				g = geomconv.ToMulti(g)
			}
			start := len(b.blobs)
			var bd orb.Bound
			var err error
			if b.blobs, bd, err = appendGeometryBlob(b.blobs, g); err != nil {
				t.err = fmt.Errorf("feature %d: %w", i, err)
				return false
			}
			blob = b.blobs[start:len(b.blobs):len(b.blobs)]
			if t.index {
				cells = append(cells, cellOf(int64(i+1), bd.Min[0], bd.Max[0], bd.Min[1], bd.Max[1]))
			}
		}
		b.values = append(b.values, blob)
		for _, c := range t.cols {
			b.values = append(b.values, sqlValue(f.Properties[c.field.Name], c.field.Type))
		}
		if len(b.values) == per*t.width && !send() {
			return false
		}
	}
	if t.index {
		// Packed here, not on SQLite's goroutine.
		t.tree = pack(cells)
	}
	if b != nil && len(b.values) > 0 {
		return send()
	}
	return true
}

// writeLayer writes the feature table of t and its rows in gpkg_contents
// and gpkg_geometry_columns, then its rows as feed sends them, and its
// R-tree index when t has one. The batches written go back on free.
func writeLayer(s *session, t *tableFeed, ts string, free chan<- *batch) error {
	l, gt := t.l, t.gt
	var def strings.Builder
	fmt.Fprintf(&def, "CREATE TABLE %s (\n  %s INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n  %s %s",
		quote(l.Name), FIDColumn, GeometryColumn, gt)
	for _, c := range t.cols {
		fmt.Fprintf(&def, ",\n  %s %s", quote(c.name), sqlTypes[c.field.Type])
	}
	def.WriteString("\n)")
	if err := s.exec(def.String()); err != nil {
		return err
	}
	var minX, minY, maxX, maxY driver.Value
	if t.bounded {
		minX, minY, maxX, maxY = t.bound.Min[0], t.bound.Min[1], t.bound.Max[0], t.bound.Max[1]
	}
	if err := s.exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, '', ?, ?, ?, ?, ?, 4326)`,
		l.Name, l.DisplayTitle(), ts, minX, minY, maxX, maxY); err != nil {
		return err
	}
	if err := s.exec(`INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, ?, ?, 4326, 0, 0)`,
		l.Name, GeometryColumn, gt.String()); err != nil {
		return err
	}
	// The fid is left to SQLite, which numbers the rows 1, 2, ... in the
	// order they are inserted: the fid of feature i is i+1, as the
	// R-tree's cells have it.
	names := []string{GeometryColumn}
	for _, c := range t.cols {
		names = append(names, quote(c.name))
	}
	in := newInserter(s, l.Name, strings.Join(names, ", "), t.width)
	defer in.close()
	first := 0 // the feature of the batch's first row
	for b := range t.batches {
		if row, err := in.insert(b.values); err != nil {
			return fmt.Errorf("feature %d: %w", first+row, err)
		}
		first += len(b.values) / t.width
		select {
		case free <- b:
		default:
		}
	}
	if t.err != nil {
		return t.err
	}
	if t.index {
		return writeIndex(s, l.Name, t.tree)
	}
	return nil
}

// RTreeExtension is the GeoPackage extension of the R-tree spatial index.
const RTreeExtension = "gpkg_rtree_index"

// writeIndex creates the R-tree spatial index of a feature table as GDAL
// writes it (GeoPackage 1.3, annex F.3): the virtual table
// rtree_<table>_geom holding the cells, each geometry's bounds (bulk-loaded,
// see loadPacked), the six triggers that keep it up to date when a reader with
// the ST_ functions edits the table, and the row of gpkg_extensions. The triggers come after the rows,
// since SQLite alone has no ST_ functions.
func writeIndex(s *session, table string, tree packed) error {
	if err := s.exec(`CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
)`); err != nil {
		return err
	}
	if err := s.exec(`INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (?, ?, ?, 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`,
		table, GeometryColumn, RTreeExtension); err != nil {
		return err
	}
	rt := "rtree_" + table + "_" + GeometryColumn
	if err := s.exec(fmt.Sprintf(`CREATE VIRTUAL TABLE %s USING rtree(id, minx, maxx, miny, maxy)`, quote(rt))); err != nil {
		return fmt.Errorf("R-tree index: %w", err)
	}
	if err := loadPacked(s, rt, tree); err != nil {
		return fmt.Errorf("R-tree index: %w", err)
	}
	r := strings.NewReplacer("<t>", quote(table), "<c>", quote(GeometryColumn), "<i>", quote(FIDColumn), "<rt>", quote(rt), "<n>", rt)
	for _, trig := range rtreeTriggers {
		if err := s.exec(r.Replace(trig)); err != nil {
			return fmt.Errorf("R-tree trigger: %w", err)
		}
	}
	return nil
}

// rtreeTriggers are the triggers of GeoPackage 1.3 annex F.3, with <t> the
// table, <c> the geometry column, <i> the id column, <rt> the quoted and
// <n> the plain name of the R-tree table.
var rtreeTriggers = []string{
	`CREATE TRIGGER "<n>_insert" AFTER INSERT ON <t> WHEN (new.<c> NOT NULL AND NOT ST_IsEmpty(NEW.<c>)) BEGIN INSERT OR REPLACE INTO <rt> VALUES (NEW.<i>,ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>),ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)); END`,
	`CREATE TRIGGER "<n>_update1" AFTER UPDATE OF <c> ON <t> WHEN OLD.<i> = NEW.<i> AND (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>)) BEGIN INSERT OR REPLACE INTO <rt> VALUES (NEW.<i>,ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>),ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)); END`,
	`CREATE TRIGGER "<n>_update2" AFTER UPDATE OF <c> ON <t> WHEN OLD.<i> = NEW.<i> AND (NEW.<c> ISNULL OR ST_IsEmpty(NEW.<c>)) BEGIN DELETE FROM <rt> WHERE id = OLD.<i>; END`,
	`CREATE TRIGGER "<n>_update3" AFTER UPDATE ON <t> WHEN OLD.<i> != NEW.<i> AND (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>)) BEGIN DELETE FROM <rt> WHERE id = OLD.<i>; INSERT OR REPLACE INTO <rt> VALUES (NEW.<i>,ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>),ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)); END`,
	`CREATE TRIGGER "<n>_update4" AFTER UPDATE ON <t> WHEN OLD.<i> != NEW.<i> AND (NEW.<c> ISNULL OR ST_IsEmpty(NEW.<c>)) BEGIN DELETE FROM <rt> WHERE id IN (OLD.<i>, NEW.<i>); END`,
	`CREATE TRIGGER "<n>_delete" AFTER DELETE ON <t> WHEN old.<c> NOT NULL BEGIN DELETE FROM <rt> WHERE id = OLD.<i>; END`,
}

// sqlValue returns a property value as stored in a column of type t.
func sqlValue(v any, t layer.FieldType) driver.Value {
	if v == nil {
		return nil
	}
	// A float64 or a string already boxed is handed on as it is, not boxed
	// again: most values of a corridor's layers are.
	switch t {
	case layer.Integer:
		if n, ok := layer.Number(v); ok {
			return int64(n)
		}
	case layer.Real:
		if _, ok := v.(float64); ok {
			return v
		}
		if n, ok := layer.Number(v); ok {
			return n
		}
	case layer.Text:
		if _, ok := v.(string); ok {
			return v
		}
	case layer.Bool:
		if b, ok := v.(bool); ok {
			if b {
				return int64(1)
			}
			return int64(0)
		}
	case layer.JSON:
		if b, err := json.Marshal(v); err == nil {
			return string(b)
		}
	}
	return layer.Format(v)
}

// Geometry returns g as a GeoPackage geometry blob (GeoPackage 1.3,
// section 2.1.3): the "GP" header, version 0, flags (little-endian, an
// x/y envelope except for points), SRS id 4326, the envelope, then the
// geometry as little-endian WKB (OGC Simple Features, 2-D). An orb.Ring or
// orb.Bound is written as a Polygon.
func Geometry(g orb.Geometry) ([]byte, error) {
	b, _, err := geometryBlob(g)
	return b, err
}

// geometryBlob returns Geometry's blob for g and g's bounds.
func geometryBlob(g orb.Geometry) ([]byte, orb.Bound, error) {
	return appendGeometryBlob(make([]byte, 0, blobSize(g)), g)
}

// blobSize returns the length of Geometry's blob for g.
func blobSize(g orb.Geometry) int {
	if _, isPoint := g.(orb.Point); isPoint {
		return 8 + wkbSize(g)
	}
	return 8 + 32 + wkbSize(g) // with the envelope
}

// appendGeometryBlob appends Geometry's blob for g to b and returns the
// extended buffer and g's bounds.
func appendGeometryBlob(b []byte, g orb.Geometry) ([]byte, orb.Bound, error) {
	if g == nil {
		return b, orb.Bound{}, errors.New("gpkg: no geometry")
	}
	_, isPoint := g.(orb.Point)
	flags := byte(0x01) // little-endian header
	if !isPoint {
		flags |= 0x02 // envelope [minx, maxx, miny, maxy]
	}
	b = slices.Grow(b, blobSize(g))
	b = append(b, 'G', 'P', 0, flags) // version 0: GeoPackage binary version 1
	b = binary.LittleEndian.AppendUint32(b, 4326)
	bd := g.Bound()
	if !isPoint {
		for _, v := range []float64{bd.Min[0], bd.Max[0], bd.Min[1], bd.Max[1]} {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	b, err := appendWKB(b, g)
	return b, bd, err
}

// WKB geometry type codes (OGC Simple Features, 2-D).
const (
	wkbPoint = 1 + iota
	wkbLineString
	wkbPolygon
	wkbMultiPoint
	wkbMultiLineString
	wkbMultiPolygon
	wkbCollection
)

// wkbSize returns the length of g's WKB.
func wkbSize(g orb.Geometry) int {
	const head = 1 + 4 // byte order and type
	rings := func(p orb.Polygon) int {
		n := head + 4
		for _, r := range p {
			n += 4 + 16*len(r)
		}
		return n
	}
	switch g := g.(type) {
	case orb.Point:
		return head + 16
	case orb.MultiPoint:
		return head + 4 + len(g)*(head+16)
	case orb.LineString:
		return head + 4 + 16*len(g)
	case orb.MultiLineString:
		n := head + 4
		for _, l := range g {
			n += head + 4 + 16*len(l)
		}
		return n
	case orb.Ring:
		return rings(orb.Polygon{g})
	case orb.Bound:
		return rings(g.ToPolygon())
	case orb.Polygon:
		return rings(g)
	case orb.MultiPolygon:
		n := head + 4
		for _, p := range g {
			n += rings(p)
		}
		return n
	case orb.Collection:
		n := head + 4
		for _, m := range g {
			n += wkbSize(m)
		}
		return n
	}
	return 0
}

// appendWKB appends g as little-endian WKB.
func appendWKB(b []byte, g orb.Geometry) ([]byte, error) {
	le := binary.LittleEndian
	head := func(b []byte, typ uint32) []byte { return le.AppendUint32(append(b, 1), typ) }
	points := func(b []byte, ps []orb.Point) []byte {
		b = le.AppendUint32(b, uint32(len(ps)))
		for _, p := range ps {
			b = le.AppendUint64(b, math.Float64bits(p[0]))
			b = le.AppendUint64(b, math.Float64bits(p[1]))
		}
		return b
	}
	polygon := func(b []byte, p orb.Polygon) []byte {
		b = le.AppendUint32(head(b, wkbPolygon), uint32(len(p)))
		for _, r := range p {
			b = points(b, r)
		}
		return b
	}
	switch g := g.(type) {
	case orb.Point:
		b = le.AppendUint64(head(b, wkbPoint), math.Float64bits(g[0]))
		return le.AppendUint64(b, math.Float64bits(g[1])), nil
	case orb.MultiPoint:
		b = le.AppendUint32(head(b, wkbMultiPoint), uint32(len(g)))
		for _, p := range g {
			b, _ = appendWKB(b, p)
		}
		return b, nil
	case orb.LineString:
		return points(head(b, wkbLineString), g), nil
	case orb.MultiLineString:
		b = le.AppendUint32(head(b, wkbMultiLineString), uint32(len(g)))
		for _, l := range g {
			b = points(head(b, wkbLineString), l)
		}
		return b, nil
	case orb.Ring:
		return polygon(b, orb.Polygon{g}), nil
	case orb.Bound:
		return polygon(b, g.ToPolygon()), nil
	case orb.Polygon:
		return polygon(b, g), nil
	case orb.MultiPolygon:
		b = le.AppendUint32(head(b, wkbMultiPolygon), uint32(len(g)))
		for _, p := range g {
			b = polygon(b, p)
		}
		return b, nil
	case orb.Collection:
		b = le.AppendUint32(head(b, wkbCollection), uint32(len(g)))
		for i, m := range g {
			var err error
			if b, err = appendWKB(b, m); err != nil {
				return nil, fmt.Errorf("geometry %d: %w", i, err)
			}
		}
		return b, nil
	}
	return nil, fmt.Errorf("gpkg: %T is not a geometry", g)
}

// writeStyles creates layer_styles as QGIS does and stores each layer's
// QML as its default style.
func writeStyles(s *session, ls []layer.Layer, ts string) error {
	if err := s.exec(`CREATE TABLE ` + StylesTable + ` (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  f_table_catalog TEXT(256),
  f_table_schema TEXT(256),
  f_table_name TEXT(256),
  f_geometry_column TEXT(256),
  styleName TEXT(30),
  styleQML TEXT,
  styleSLD TEXT,
  useAsDefault BOOLEAN,
  description TEXT,
  owner TEXT(30),
  ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
)`); err != nil {
		return err
	}
	if err := s.exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES (?, 'attributes', ?, '', ?)`,
		StylesTable, StylesTable, ts); err != nil {
		return err
	}
	for _, l := range ls {
		qml, err := qgis.Style(l)
		if err != nil {
			return err
		}
		if err := s.exec(`INSERT INTO `+StylesTable+` (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', NULL, ?)`,
			l.Name, GeometryColumn, l.Name, string(qml), "routerisk default style of "+l.DisplayTitle(), ts); err != nil {
			return fmt.Errorf("style of %q: %w", l.Name, err)
		}
	}
	return nil
}

// Is reports whether the file at path starts like a GeoPackage: an SQLite
// database whose application_id is "GPKG".
func Is(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, err
	}
	defer f.Close()
	head := make([]byte, 72)
	if _, err := f.Read(head); err != nil {
		return false, nil
	}
	return string(head[:16]) == "SQLite format 3\x00" && binary.BigEndian.Uint32(head[68:72]) == ApplicationID, nil
}
