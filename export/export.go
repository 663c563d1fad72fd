package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

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
// and the manifest (ManifestName). The picture is left out when no layer
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

// writeAll writes every file into the folder tmp.
func writeAll(tmp, project string, ls []Layer, formats Format, opts *Options, m *Manifest) error {
	// add writes the file f into tmp with writeFile and lists it.
	add := func(f File, writeFile func(path string) error) error {
		if err := writeFile(filepath.Join(tmp, f.Name)); err != nil {
			return err
		}
		m.Files = append(m.Files, f)
		return afterFile(f.Name)
	}
	write := func(f File, fn func(w io.Writer) error) error {
		return add(f, func(path string) error { return atomicfile.Write(path, fn) })
	}
	ordered := layer.DrawOrder(ls)
	for _, l := range ordered {
		if formats&GeoJSON != 0 {
			if err := add(File{Name: l.Name + ".geojson", Format: "geojson", Layer: l.Name, Features: len(l.Features.Features)}, func(path string) error {
				return geo.WriteLayer(path, l.Features)
			}); err != nil {
				return err
			}
		}
		if formats&QML != 0 {
			if err := write(File{Name: l.Name + ".qml", Format: "qml", Layer: l.Name}, func(w io.Writer) error {
				return qgis.WriteStyle(w, l)
			}); err != nil {
				return err
			}
		}
	}
	title := opts.Title
	if title == "" {
		title = project
	}
	if formats&QGS != 0 {
		p := qgis.Project{Title: title}
		for _, l := range ordered {
			p.Layers = append(p.Layers, qgis.ProjectLayer{Layer: l, Source: l.Name + ".geojson"})
		}
		if err := write(File{Name: project + ".qgs", Format: "qgs"}, func(w io.Writer) error {
			return qgis.WriteProject(w, p)
		}); err != nil {
			return err
		}
	}
	if formats&GPKG != 0 {
		if err := add(File{Name: project + ".gpkg", Format: "gpkg"}, func(path string) error {
			return gpkg.Write(path, ordered, &gpkg.Options{Time: opts.Time})
		}); err != nil {
			return err
		}
	}
	if formats&KML != 0 {
		var shown []Layer
		for _, l := range ordered {
			if !l.Style.Hidden {
				shown = append(shown, l)
			}
		}
		if len(shown) > 0 {
			if err := write(File{Name: project + ".kml", Format: "kml"}, func(w io.Writer) error {
				return kml.Write(w, title, shown)
			}); err != nil {
				return err
			}
		}
	}
	var pic *mapimg.Picture
	if formats&(SVG|PNG) != 0 {
		var err error
		pic, err = mapimg.Render(MapLayers(ls, opts.MapLayers), &mapimg.Options{
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
			pic = nil // no geometry anywhere: no picture
		case err != nil:
			return fmt.Errorf("map picture: %w", err)
		}
	}
	if pic != nil {
		if formats&SVG != 0 {
			if err := write(File{Name: project + ".svg", Format: "svg"}, pic.WriteSVG); err != nil {
				return err
			}
		}
		if formats&PNG != 0 {
			if err := write(File{Name: project + ".png", Format: "png"}, pic.WritePNG); err != nil {
				return err
			}
		}
	}
	if formats&WebMap != 0 {
		if err := write(File{Name: WebMapName, Format: "html"}, func(w io.Writer) error {
			return webmap.Write(w, ordered, &webmap.Options{Title: title, Notes: opts.Notes})
		}); err != nil {
			return err
		}
	}
	for _, x := range opts.Extra {
		if slices.ContainsFunc(m.Files, func(f File) bool { return f.Name == x.Name }) || x.Name == ManifestName {
			return fmt.Errorf("%w: %s is written by export itself", ErrExtra, x.Name)
		}
		if err := write(File{Name: x.Name, Format: x.Format}, x.Write); err != nil {
			return fmt.Errorf("%s: %w", x.Name, err)
		}
	}
	// The manifest lists the files before it, not itself.
	return write(File{Name: ManifestName, Format: "json"}, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
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
