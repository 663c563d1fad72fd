package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/routerisk/routerisk/geo/internal/topohook"
)

// ManifestName is the name of a corridor folder's manifest.
const ManifestName = "corridor.json"

// ErrManifest is a corridor.json that cannot be used: not JSON, an unknown
// key, a missing layer, a path leaving the folder.
var ErrManifest = errors.New("geo: bad corridor manifest")

// manifest is corridor.json: the corridor's name and the files of its
// layers, relative to the manifest.
type manifest struct {
	Name         string          `json:"name"`
	Countries    json.RawMessage `json:"countries"` // a file name or a topoCountries object
	Crossings    string          `json:"crossings"`
	Settlements  string          `json:"settlements"`
	Origins      string          `json:"origins"`
	Destinations string          `json:"destinations"`
	Roads        string          `json:"roads"`
	Railways     string          `json:"railways"`
	Outposts     string          `json:"outposts"`
}

// topoCountries is the countries member given as a TopoJSON object.
type topoCountries struct {
	TopoJSON string `json:"topojson"` // file
	Object   string `json:"object"`   // e.g. "countries"
	Code     string `json:"code"`     // property with the alpha-3 code, or "id"
}

// ReadCorridorDir reads the corridor folder dir with ReadCorridor; errors
// name the files with dir in front.
func ReadCorridorDir(dir string) (*Corridor, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("geo: corridor folder: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("geo: corridor folder %s: not a folder", dir)
	}
	return readCorridor(os.DirFS(dir), dir)
}

// ReadCorridor reads a corridor folder: the manifest corridor.json at the
// root of fsys names the layer files, relative to itself:
//
//	{"name": "Balkan route", "countries": "countries.geojson",
//	 "crossings": "crossings.geojson", "settlements": "settlements.geojson",
//	 "origins": "origins.geojson", "destinations": "destinations.geojson",
//	 "roads": "roads.geojson", "railways": "railways.geojson",
//	 "outposts": "outposts.geojson"}
//
// name, countries, crossings and settlements are required; origins and
// destinations may be left out (they stay nil, and Validate reports it);
// roads, railways and outposts are optional, and outposts absent are
// modelled by ModelOutposts with its neutral defaults. countries may also
// be a TopoJSON object, {"topojson": "file", "object": "countries",
// "code": "property"}, which needs package geo/topojson linked into the
// program. Each layer is read by the reader of its kind (ReadCountries,
// ReadCrossings, ReadSettlements, ReadPlaces, ReadRoads, ReadOutposts);
// borders are derived from the countries (DeriveBorders) and the window
// is the countries' bound. An unknown key, a path leaving the folder or a
// missing file is an error wrapping ErrManifest; every error names the
// manifest and the file.
func ReadCorridor(fsys fs.FS) (*Corridor, error) {
	return readCorridor(fsys, "")
}

// readCorridor reads the corridor of fsys; dir, when not "", is put in front
// of the file names of errors.
func readCorridor(fsys fs.FS, dir string) (*Corridor, error) {
	if fsys == nil {
		return nil, fmt.Errorf("%w: nil file system", ErrManifest)
	}
	shown := func(name string) string {
		if dir == "" {
			return name
		}
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	where := "geo: " + shown(ManifestName)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %w: %s", where, ErrManifest, fmt.Sprintf(format, args...))
	}
	data, err := fs.ReadFile(fsys, ManifestName)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, bad("no %s in the folder", ManifestName)
		}
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	var m manifest
	if err := decodeStrict(data, &m); err != nil {
		return nil, bad("%v (the keys are name, countries, crossings, settlements, origins, destinations, roads, railways, outposts)", err)
	}
	if strings.TrimSpace(m.Name) == "" {
		return nil, bad(`"name" is missing or empty`)
	}
	for _, req := range []struct{ key, file string }{{"crossings", m.Crossings}, {"settlements", m.Settlements}} {
		if req.file == "" {
			return nil, bad("%q is missing: name the %s layer's file", req.key, req.key)
		}
	}
	// open returns the layer file named by key, checked to stay inside the
	// folder, and the name to show in errors.
	open := func(key, file string) (io.Reader, string, error) {
		clean := path.Clean(file)
		if strings.Contains(file, `\`) || !fs.ValidPath(clean) || clean == "." {
			return nil, "", bad("%s %q: the path must be relative to the manifest and stay inside its folder (use / between folders)", key, file)
		}
		b, err := fs.ReadFile(fsys, clean)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, "", bad("%s: file %s does not exist", key, shown(clean))
			}
			return nil, "", fmt.Errorf("%s: %s: %w", where, key, err)
		}
		return bytes.NewReader(b), shown(clean), nil
	}
	layerErr := func(key string, err error) error { return fmt.Errorf("%s: %s: %w", where, key, err) }

	c := &Corridor{Name: m.Name}
	if c.Countries, err = readManifestCountries(m.Countries, open, bad); err != nil {
		return nil, layerErr("countries", err)
	}
	if c.Borders, err = DeriveBorders(c.Countries, 0); err != nil {
		return nil, layerErr("countries", err)
	}
	if len(c.Countries) > 0 {
		c.Window = c.Countries[0].Geometry.Bound()
		for _, k := range c.Countries[1:] {
			c.Window = c.Window.Union(k.Geometry.Bound())
		}
	}
	type layer struct {
		key, file string
		read      func(r io.Reader, name string) error
	}
	layers := []layer{
		{"crossings", m.Crossings, func(r io.Reader, n string) (err error) { c.Crossings, err = ReadCrossings(r, n); return }},
		{"settlements", m.Settlements, func(r io.Reader, n string) (err error) { c.Settlements, err = ReadSettlements(r, n); return }},
		{"origins", m.Origins, func(r io.Reader, n string) (err error) { c.Origins, err = ReadPlaces(r, n); return }},
		{"destinations", m.Destinations, func(r io.Reader, n string) (err error) { c.Destinations, err = ReadPlaces(r, n); return }},
		{"roads", m.Roads, func(r io.Reader, n string) (err error) { c.Roads, err = ReadRoads(r, n); return }},
		{"railways", m.Railways, func(r io.Reader, n string) (err error) { c.Railways, err = ReadRoads(r, n); return }},
		{"outposts", m.Outposts, func(r io.Reader, n string) (err error) { c.Outposts, err = ReadOutposts(r, n); return }},
	}
	for _, l := range layers {
		if l.file == "" {
			continue
		}
		r, name, err := open(l.key, l.file)
		if err != nil {
			return nil, err
		}
		if err := l.read(r, name); err != nil {
			return nil, layerErr(l.key, err)
		}
	}
	if m.Outposts == "" {
		if c.Outposts, err = ModelOutposts(c, nil); err != nil {
			return nil, layerErr("outposts", err)
		}
	}
	return c, nil
}

// readManifestCountries reads the countries member: a GeoJSON file name or
// a TopoJSON object.
func readManifestCountries(raw json.RawMessage, open func(key, file string) (io.Reader, string, error), bad func(string, ...any) error) ([]Country, error) {
	if isNull(raw) {
		return nil, bad(`"countries" is missing: name the countries layer's file`)
	}
	var file string
	if json.Unmarshal(raw, &file) == nil {
		if file == "" {
			return nil, bad(`"countries" is empty: name the countries layer's file`)
		}
		r, name, err := open("countries", file)
		if err != nil {
			return nil, err
		}
		return ReadCountries(r, name)
	}
	var t topoCountries
	if err := decodeStrict(raw, &t); err != nil {
		return nil, bad(`"countries": %v; want a file name or {"topojson": "file", "object": "countries", "code": "property"}`, err)
	}
	switch {
	case t.TopoJSON == "":
		return nil, bad(`"countries": "topojson" is missing: name the TopoJSON file`)
	case t.Object == "":
		return nil, bad(`"countries": "object" is missing: name the TopoJSON object holding the countries`)
	case t.Code == "":
		return nil, bad(`"countries": "code" is missing: name the property holding each country's alpha-3 code, or "id"`)
	}
	if topohook.Countries == nil {
		return nil, bad(`"countries" is TopoJSON, which needs package github.com/routerisk/routerisk/geo/topojson in the program: import _ "github.com/routerisk/routerisk/geo/topojson"`)
	}
	r, name, err := open("countries", t.TopoJSON)
	if err != nil {
		return nil, err
	}
	v, err := topohook.Countries(r, name, t.Object, t.Code)
	if err != nil {
		return nil, err
	}
	return v.([]Country), nil
}

// decodeStrict decodes one JSON object into v, refusing unknown keys and
// anything after the object; the errors name the key.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te) && te.Field != "":
			return fmt.Errorf("key %q is %s, want a %s", te.Field, te.Value, te.Type)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return fmt.Errorf("unknown key %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}
