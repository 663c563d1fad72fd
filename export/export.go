package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export/gpkg"
	"github.com/routerisk/routerisk/export/kml"
	"github.com/routerisk/routerisk/export/layer"
	"github.com/routerisk/routerisk/export/mapimg"
	"github.com/routerisk/routerisk/export/qgis"
	"github.com/routerisk/routerisk/export/webmap"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/atomicfile"
)

// A Layer is one named feature layer with its style (see package layer).
type Layer = layer.Layer

// A Style describes how a layer is drawn (see package layer).
type Style = layer.Style

// Format is a set of output formats.
type Format uint

// The output formats.
const (
	GeoJSON Format = 1 << iota // <layer>.geojson, RFC 7946
	QML                        // <layer>.qml, the QGIS style beside each GeoJSON file
	QGS                        // <project>.qgs, the QGIS project over the GeoJSON files
	GPKG                       // <project>.gpkg, every layer with its style
	KML                        // <project>.kml, for Google Earth
	SVG                        // <project>.svg, the map picture
	PNG                        // <project>.png, the map picture
	WebMap                     // index.html, the web map that opens from the folder

	All = GeoJSON | QML | QGS | GPKG | KML | SVG | PNG | WebMap
)

// WebMapName is the web map's file: a double click opens it in a browser,
// with no server and no network.
const WebMapName = "index.html"

// ManifestName is the file listing an export folder's contents. Its
// presence marks a folder that Write may replace.
const ManifestName = "routerisk-export.json"

// Errors of Write.
var (
	ErrProjectName = errors.New("export: bad project name")
	ErrExtra       = errors.New("export: bad extra file")
	ErrNotFolder   = errors.New("export: output path is not a folder")
	ErrForeign     = errors.New("export: output folder holds files not written by export")
	ErrFormats     = errors.New("export: bad format set")
)

// Options are the settings of Write; nil means all defaults.
type Options struct {
	// Formats are the files to write; 0 means All. QGS needs GeoJSON.
	Formats Format
	// Title is the QGIS project's and the map's title; "" means the
	// project name.
	Title string
	// MapLayers names the layers drawn in the map picture, shown even
	// when their style is Hidden or PictureHidden; nil means every layer
	// whose style is neither.
	MapLayers []string
	// MapWidth is the width of the picture's map area in pixels; 0 means
	// 1400.
	MapWidth int
	// Notes are lines printed under the map's legend: sources, scenario.
	Notes []string
	// Time stamps the GeoPackage; the zero Time means gpkg.FixedTime, so
	// that two Writes of the same layers give byte-identical folders. Pass
	// time.Now() to record when the export was written.
	Time time.Time
	// Extra are further files written into the folder with the layers and
	// listed in the manifest: a table or a report that belongs with them.
	// Their Write functions are called one after another, in order, on a
	// goroutine of their own while the formats are written.
	Extra []Extra
}

// An Extra is a file that Write puts into the folder beside the layers.
type Extra struct {
	Name   string // a file name without a folder, e.g. "countries.csv"
	Format string // for the manifest, e.g. "csv"
	Write  func(w io.Writer) error
}

// A Manifest lists what Write wrote.
type Manifest struct {
	Dir     string `json:"-"`       // the output folder, as given
	Project string `json:"project"` // the project name
	QGS     string `json:"-"`       // path of the QGIS project, "" when not written
	Files   []File `json:"files"`   // in the order written
	// Stale is a previous output folder, or one left by an earlier run,
	// that could not be removed; "" normally. Report it to the user.
	Stale string `json:"-"`
	// Cleaned are the folders left by earlier runs (an interrupted run's
	// temporary folder, a stale copy from a failed swap) that Write removed.
	Cleaned []string `json:"-"`
}

// A File is one file of an export folder.
type File struct {
	Name     string `json:"name"`               // file name within the folder
	Format   string `json:"format"`             // geojson, qml, qgs, gpkg, kml, svg, png, or an Extra's
	Layer    string `json:"layer,omitempty"`    // the layer, for a per-layer file
	Features int    `json:"features,omitempty"` // the layer's feature count, for a GeoJSON file
}

// Test hooks: the rename that swaps folders, and a check run after each
// file is written, so that tests can inject failures.
var (
	rename    = os.Rename
	afterFile = func(name string) error { return nil }
)

// Write writes the layers into the folder dir as a QGIS-ready export named
// project: every layer as RFC 7946 GeoJSON with its QGIS style (.qml)
// beside it, a QGIS project (<project>.qgs) that opens them all styled,
// bottom to top in layer.DrawOrder, with relative paths; one GeoPackage
// with every layer and its style; one KML of the layers not Hidden (the
// graph's thousands of nodes and edges would swamp Google Earth); the map
// picture as SVG and PNG; the web map (WebMapName, see package webmap);
// the Extra files of opts;
// and the manifest (ManifestName). The formats are written at the same
// time, up to GOMAXPROCS files at once; the manifest's order and the error
// returned (the first by that order) do not depend on which finishes first. The picture is left out when no layer
// has a geometry. Each layer is drawn by its Style, which the caller
// chooses (layer.CountryStyle, layer.SegmentStyle, ...); a zero Style
// means layer.PlainStyle, by geometry alone. A layer with a Temporal is
// filtered by its dates in the QGIS project, whose temporal controller
// opens on the dated layers' months (see qgis.WriteProject); the other
// formats keep the dates as plain properties.
//
// The output path is checked first, as CheckDir does: Write never deletes
// a file that the previous export's manifest does not list, and refuses,
// naming those files, a folder that holds any. The folder is built as a
// temporary sibling and swapped in when complete: a previous export is
// replaced whole, never left half-overwritten, and on any error it is
// unchanged and nothing is left behind. Temporary folders of an
// interrupted run and stale copies of a failed swap are removed first
// (listed in Manifest.Cleaned, or Manifest.Stale when they cannot be).
// The parent folder is created if missing.
func Write(dir, project string, layers []Layer, opts *Options) (Manifest, error) {
	if opts == nil {
		opts = &Options{}
	}
	if !validProject(project) {
		return Manifest{}, fmt.Errorf("%w: %q (want letters, digits, '.', '_' or '-', not starting with '.')", ErrProjectName, project)
	}
	formats := opts.Formats
	if formats == 0 {
		formats = All
	}
	if formats&^All != 0 || (formats&QGS != 0 && formats&GeoJSON == 0) {
		return Manifest{}, fmt.Errorf("%w: %#x (QGS needs GeoJSON)", ErrFormats, uint(opts.Formats))
	}
	for _, x := range opts.Extra {
		if x.Name == "" || x.Name != filepath.Base(x.Name) || x.Name[0] == '.' || x.Write == nil {
			return Manifest{}, fmt.Errorf("%w: %q (want a file name and a Write function)", ErrExtra, x.Name)
		}
	}
	ls, err := layer.Prepare(layers)
	if err != nil {
		return Manifest{}, fmt.Errorf("export: %w", err)
	}
	if len(ls) == 0 {
		return Manifest{}, errors.New("export: no layers")
	}

	abs, exists, err := checkDir(dir)
	if err != nil {
		return Manifest{}, err
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	mode := fs.FileMode(0o755)
	if exists {
		fi, err := os.Stat(abs)
		if err != nil {
			return Manifest{}, fmt.Errorf("export: %s: %w", dir, err)
		}
		mode = fi.Mode().Perm()
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return Manifest{}, fmt.Errorf("export: %s: cannot create the parent folder: %w", dir, err)
	}
	m := Manifest{Dir: dir, Project: project}
	// Folders left by an interrupted run or a failed swap go first.
	olds, err := leftovers(abs)
	if err != nil {
		return Manifest{}, fmt.Errorf("export: %s: %w", dir, err)
	}
	for _, o := range olds {
		if err := removeAll(o); err != nil {
			m.Stale = o
		} else {
			m.Cleaned = append(m.Cleaned, o)
		}
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return Manifest{}, fmt.Errorf("export: %s: cannot write in %s: %w", dir, parent, err)
	}
	done := false
	defer func() {
		if !done {
			removeAll(tmp)
		}
	}()

	if err := writeAll(tmp, project, ls, formats, opts, &m); err != nil {
		return Manifest{}, fmt.Errorf("export: %s: %w", dir, err)
	}
	if err := os.Chmod(tmp, mode); err != nil {
		return Manifest{}, fmt.Errorf("export: %s: %w", dir, err)
	}
	if exists {
		// Files added while the export was written stay, and so does
		// the folder.
		if err := foreignFiles(dir, abs); err != nil {
			return Manifest{}, err
		}
		old := filepath.Join(parent, "."+base+".old-"+strconv.FormatInt(time.Now().UnixNano(), 36))
		if err := rename(abs, old); err != nil {
			return Manifest{}, fmt.Errorf("export: %s: cannot move the previous folder aside: %w", dir, err)
		}
		if err := rename(tmp, abs); err != nil {
			if rerr := rename(old, abs); rerr != nil {
				return Manifest{}, fmt.Errorf("export: %s: %w; the previous folder is at %s (%v)", dir, err, old, rerr)
			}
			return Manifest{}, fmt.Errorf("export: %s: %w", dir, err)
		}
		if err := removeAll(old); err != nil {
			m.Stale = old
		}
	} else if err := rename(tmp, abs); err != nil {
		return Manifest{}, fmt.Errorf("export: %s: %w", dir, err)
	}
	done = true
	if formats&QGS != 0 {
		m.QGS = filepath.Join(dir, project+".qgs")
	}
	return m, nil
}

// validProject reports whether name can name the project's files.
func validProject(name string) bool {
	if name == "" || name[0] == '.' || len(name) > 100 {
		return false
	}
	for _, c := range name {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// A job writes one or a few files of an export into its folder and
// returns them as the manifest lists them. Jobs read the layers, never
// change them, and can run at the same time.
type job struct {
	cost int // a rough size (see size), to start the longest jobs first
	run  func(dir string) ([]File, error)
}

// writeAll writes every file into the folder tmp: the formats as
// independent jobs, up to GOMAXPROCS at a time, then the manifest. The
// manifest lists the files in a fixed order (per layer GeoJSON and QML in
// draw order, then the project, GeoPackage, KML, pictures, web map and the
// Extra files) whatever order they were written in, and the error returned
// is the first in that order, so that both are the same from run to run.
func writeAll(tmp, project string, ls []Layer, formats Format, opts *Options, m *Manifest) error {
	ordered := layer.DrawOrder(ls)
	title := opts.Title
	if title == "" {
		title = project
	}
	var (
		jobs  []job
		names = map[string]bool{ManifestName: true} // every file export itself may write
	)
	// file returns a job writing one file through fn.
	file := func(cost int, f File, fn func(path string) error) job {
		names[f.Name] = true
		return job{cost, func(dir string) ([]File, error) {
			if err := writeHooked(filepath.Join(dir, f.Name), fn); err != nil {
				return nil, err
			}
			return []File{f}, nil
		}}
	}
	stream := func(fn func(w io.Writer) error) func(path string) error {
		return func(path string) error { return atomicfile.Write(path, fn) }
	}
	// The costs are rough sizes in positions (see size), weighted by what
	// a profile of the Northern Route's export gives each format a
	// position: the GeoPackage 4, the KML and the picture 2, GeoJSON and
	// the web map 1.
	sizes := make(map[string]int, len(ls))
	total := 0
	for _, l := range ls {
		sizes[l.Name] = size(l)
		total += sizes[l.Name]
	}
	for _, l := range ordered {
		n := len(l.Features.Features)
		if formats&GeoJSON != 0 {
			jobs = append(jobs, file(sizes[l.Name], File{Name: l.Name + ".geojson", Format: "geojson", Layer: l.Name, Features: n}, func(path string) error {
				return geo.WriteLayer(path, l.Features)
			}))
		}
		if formats&QML != 0 {
			jobs = append(jobs, file(1, File{Name: l.Name + ".qml", Format: "qml", Layer: l.Name}, stream(func(w io.Writer) error {
				return qgis.WriteStyle(w, l)
			})))
		}
	}
	if formats&QGS != 0 {
		p := qgis.Project{Title: title}
		for _, l := range ordered {
			p.Layers = append(p.Layers, qgis.ProjectLayer{Layer: l, Source: l.Name + ".geojson"})
		}
		jobs = append(jobs, file(len(ls), File{Name: project + ".qgs", Format: "qgs"}, stream(func(w io.Writer) error {
			return qgis.WriteProject(w, p)
		})))
	}
	if formats&GPKG != 0 {
		jobs = append(jobs, file(4*total, File{Name: project + ".gpkg", Format: "gpkg"}, func(path string) error {
			return gpkg.Write(path, ordered, &gpkg.Options{Time: opts.Time})
		}))
	}
	if formats&KML != 0 {
		var shown []Layer
		n := 0
		for _, l := range ordered {
			if !l.Style.Hidden {
				shown = append(shown, l)
				n += sizes[l.Name]
			}
		}
		if len(shown) > 0 {
			jobs = append(jobs, file(2*n, File{Name: project + ".kml", Format: "kml"}, stream(func(w io.Writer) error {
				return kml.Write(w, title, shown)
			})))
		}
	}
	if formats&(SVG|PNG) != 0 {
		jobs = append(jobs, pictureJob(project, title, ls, formats, opts, names, sizes))
	}
	if formats&WebMap != 0 {
		jobs = append(jobs, file(total, File{Name: WebMapName, Format: "html"}, stream(func(w io.Writer) error {
			return webmap.Write(w, ordered, &webmap.Options{Title: title, Notes: opts.Notes})
		})))
	}
	// The Extra files are the caller's code: one job writes them one
	// after another, in order.
	for _, x := range opts.Extra {
		if names[x.Name] {
			return fmt.Errorf("%w: %s is written by export itself or by an Extra before it", ErrExtra, x.Name)
		}
		names[x.Name] = true
	}
	if len(opts.Extra) > 0 {
		jobs = append(jobs, job{1, func(dir string) ([]File, error) {
			var fs []File
			for _, x := range opts.Extra {
				f := File{Name: x.Name, Format: x.Format}
				if err := writeHooked(filepath.Join(dir, x.Name), func(path string) error { return atomicfile.Write(path, x.Write) }); err != nil {
					return nil, fmt.Errorf("%s: %w", x.Name, err)
				}
				fs = append(fs, f)
			}
			return fs, nil
		}})
	}

	files, err := runJobs(tmp, jobs)
	if err != nil {
		return err
	}
	m.Files = files
	// The manifest lists the files before it, not itself; the Manifest
	// returned lists it last.
	if err := writeHooked(filepath.Join(tmp, ManifestName), func(path string) error {
		return atomicfile.Write(path, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(m)
		})
	}); err != nil {
		return err
	}
	m.Files = append(m.Files, File{Name: ManifestName, Format: "json"})
	return nil
}

// pictureJob returns the job that draws the map picture and writes it as
// SVG and PNG, as formats asks; it writes nothing when no layer has a
// geometry. The names the pictures may take are added to names.
func pictureJob(project, title string, ls []Layer, formats Format, opts *Options, names map[string]bool, sizes map[string]int) job {
	var pics []File
	if formats&SVG != 0 {
		pics = append(pics, File{Name: project + ".svg", Format: "svg"})
	}
	if formats&PNG != 0 {
		pics = append(pics, File{Name: project + ".png", Format: "png"})
	}
	for _, f := range pics {
		names[f.Name] = true
	}
	cost := 0
	for _, l := range ls {
		if opts.MapLayers == nil && !l.Style.Hidden && !l.Style.PictureHidden || slices.Contains(opts.MapLayers, l.Name) {
			cost += 2 * sizes[l.Name]
		}
	}
	return job{cost, func(dir string) ([]File, error) {
		pic, err := mapimg.Render(MapLayers(ls, opts.MapLayers), &mapimg.Options{
			Width: opts.MapWidth, Title: title, Notes: opts.Notes,
		})
		if errors.Is(err, mapimg.ErrEmpty) && opts.MapLayers == nil {
			// None of the usual layers: draw every layer.
			all := slices.Clone(ls)
			for i := range all {
				all[i].Style.Hidden = false
			}
			pic, err = mapimg.Render(all, &mapimg.Options{Width: opts.MapWidth, Title: title, Notes: opts.Notes})
		}
		switch {
		case errors.Is(err, mapimg.ErrEmpty):
			return nil, nil // no geometry anywhere: no picture
		case err != nil:
			return nil, fmt.Errorf("map picture: %w", err)
		}
		for _, f := range pics {
			w := pic.WriteSVG
			if f.Format == "png" {
				w = pic.WritePNG
			}
			if err := writeHooked(filepath.Join(dir, f.Name), func(path string) error { return atomicfile.Write(path, w) }); err != nil {
				return nil, err
			}
		}
		return pics, nil
	}}
}

// size returns the rough size of a layer for its writers: its positions,
// and eight for each feature's properties.
func size(l Layer) int {
	n := 0
	for _, f := range l.Features.Features {
		n += 8
		if f.Geometry != nil {
			n += positions(f.Geometry)
		}
	}
	return n
}

// positions returns the number of positions of g.
func positions(g orb.Geometry) int {
	switch g := g.(type) {
	case orb.Point:
		return 1
	case orb.MultiPoint:
		return len(g)
	case orb.LineString:
		return len(g)
	case orb.Ring:
		return len(g)
	case orb.MultiLineString:
		n := 0
		for _, l := range g {
			n += len(l)
		}
		return n
	case orb.Polygon:
		n := 0
		for _, r := range g {
			n += len(r)
		}
		return n
	case orb.MultiPolygon:
		n := 0
		for _, p := range g {
			n += positions(p)
		}
		return n
	}
	return 1
}

// afterMu serialises the calls of the afterFile test hook.
var afterMu sync.Mutex

// writeHooked writes the file at path with write and runs the afterFile
// hook.
func writeHooked(path string, write func(path string) error) error {
	if err := write(path); err != nil {
		return err
	}
	afterMu.Lock()
	defer afterMu.Unlock()
	return afterFile(filepath.Base(path))
}

// runJobs runs the jobs in dir, at most GOMAXPROCS at a time and the
// costliest first, and returns their files in the jobs' order, or the
// error of the first job in that order that failed. Once a job fails, the
// jobs after it in that order that have not started are skipped: their
// errors could not be the one returned. A panic in a job is raised again
// in the caller's goroutine once the others have stopped, so that the
// caller's deferred clean-up runs.
func runJobs(dir string, jobs []job) ([]File, error) {
	type result struct {
		files    []File
		err      error
		panicked bool
		panic    any
	}
	results := make([]result, len(jobs))
	start := make([]int, len(jobs)) // job indices, costliest first
	for i := range start {
		start[i] = i
	}
	slices.SortStableFunc(start, func(a, b int) int { return jobs[b].cost - jobs[a].cost })
	var (
		mu     sync.Mutex
		next   int
		failed = len(jobs) // the first failed job in order, len(jobs) when none
		wg     sync.WaitGroup
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		for next < len(start) {
			i := start[next]
			next++
			if i < failed {
				return i, true
			}
		}
		return 0, false
	}
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	for range workers {
		wg.Go(func() {
			for i, ok := take(); ok; i, ok = take() {
				var r result
				func() {
					defer func() {
						if p := recover(); p != nil {
							r.panicked, r.panic = true, p
						}
					}()
					r.files, r.err = jobs[i].run(dir)
				}()
				results[i] = r
				if r.err != nil || r.panicked {
					mu.Lock()
					failed = min(failed, i)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	var files []File
	for _, r := range results {
		if r.panicked {
			panic(r.panic)
		}
		if r.err != nil {
			return nil, r.err
		}
		files = append(files, r.files...)
	}
	return files, nil
}

// MapLayers returns the layers of ls as the map picture draws them: those
// named in names, or with nil names those whose style is neither Hidden
// nor PictureHidden, each thinned by its style's Picture settings
// (PictureMaxField, PictureLabels, PictureLabelledOnly). The styles of ls
// are not changed.
func MapLayers(ls []Layer, names []string) []Layer {
	var out []Layer
	for _, l := range ls {
		if names != nil && !slices.Contains(names, l.Name) {
			continue
		}
		if names == nil && (l.Style.Hidden || l.Style.PictureHidden) {
			continue
		}
		s := &l.Style
		s.Hidden, s.PictureHidden = false, false
		if s.PictureMaxField != "" {
			field, most := s.PictureMaxField, s.PictureMax
			l.Features = filter(l.Features, func(f *geojson.Feature) bool {
				v, ok := layer.Number(f.Properties[field])
				return !ok || v <= most
			})
		}
		if s.PictureLabels > 0 && s.LabelField != "" && s.LabelMinField == "" {
			// Label only the largest: a small-scale map has no room for
			// sixty names.
			if t, ok := nthLargest(l.Features, s.PictureLabelField, s.PictureLabels); ok {
				s.LabelMinField, s.LabelMin = s.PictureLabelField, t
			}
		}
		if s.PictureLabelledOnly {
			if s.LabelMaxScale > 0 {
				continue
			}
			l.Features = filter(l.Features, func(f *geojson.Feature) bool {
				_, ok := l.Style.Label(f.Properties)
				return ok
			})
			if len(l.Features.Features) == 0 {
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// nthLargest returns the n-th largest positive value of field, or the
// smallest where fewer are positive; false when none is.
func nthLargest(fc *geojson.FeatureCollection, field string, n int) (float64, bool) {
	var vs []float64
	for _, f := range fc.Features {
		if v, ok := layer.Number(f.Properties[field]); ok && v > 0 {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return 0, false
	}
	slices.Sort(vs)
	return vs[len(vs)-min(n, len(vs))], true
}

func filter(fc *geojson.FeatureCollection, keep func(*geojson.Feature) bool) *geojson.FeatureCollection {
	out := geojson.NewFeatureCollection()
	for _, f := range fc.Features {
		if keep(f) {
			out.Append(f)
		}
	}
	return out
}
