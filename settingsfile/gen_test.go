package settingsfile

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	gofmt "go/format"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/plan"
	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/route"
)

var update = flag.Bool("update", false, "rewrite fields_gen.go and docs/settings.md from the settings structs")

const module = "github.com/routerisk/routerisk"

// TestGenerated checks that fields_gen.go and docs/settings.md hold the
// documentation of every field of the settings structs as their source
// comments give it, so that neither can drift; -update rewrites them.
func TestGenerated(t *testing.T) {
	fields, types := sourceDocs(t)
	code := genCode(t, fields, types)
	md := genMarkdown(t, fields, types)
	for _, f := range []struct {
		path string
		want []byte
	}{{"fields_gen.go", code}, {filepath.Join("..", "docs", "settings.md"), md}} {
		if *update {
			if err := os.WriteFile(f.path, f.want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.want) {
			t.Errorf("%s is out of date with the settings structs: run go test ./settingsfile -run TestGenerated -update", f.path)
		}
	}
}

// TestEveryFieldDocumented checks that every field a file can set has
// documentation in fieldDocs.
func TestEveryFieldDocumented(t *testing.T) {
	for _, st := range structTypes() {
		for i := range st.NumField() {
			f := st.Field(i)
			if !f.IsExported() {
				continue
			}
			if fieldDocs[typeKey(st)+"."+f.Name] == "" {
				t.Errorf("%s.%s has no documentation", typeKey(st), f.Name)
			}
		}
	}
}

// supplement documents the fields whose source has no comment.
var supplement = map[string]string{
	"risk.Target.Name":      "Name names the target, e.g. \"observed-2011\".",
	"risk.Target.Source":    "Source names where the observed figures come from.",
	"risk.ShareObs.Country": "Country is the country's code (ISO alpha-3 or user-assigned).",
	"risk.KgObs.Country":    "Country is the country's code (ISO alpha-3 or user-assigned).",
	"risk.KgObs.Kg":         "Kg is the country's observed seizures in kg, of Commodity or of every commodity together.",
}

// roots are the settings a file holds.
var roots = []struct {
	title, file, use string
	t                reflect.Type
}{
	{"Scenario", "scenario", "routerisk analyze -scenario FILE", reflect.TypeFor[risk.Settings]()},
	{"Country parameters", "countries", "routerisk analyze -countries FILE", reflect.TypeFor[countriesFile]()},
	{"Calibration target", "target", "routerisk analyze -target FILE", reflect.TypeFor[risk.Target]()},
	{"Graph settings", "graph", "routerisk analyze -graph FILE", reflect.TypeFor[route.Settings]()},
	{"Upgrade menu", "menu", "routerisk plan -menu FILE -out DIR", reflect.TypeFor[plan.MenuSettings]()},
}

// structTypes returns every struct type reachable from the roots, in the
// order first met, files' own types left out.
func structTypes() []reflect.Type {
	var out []reflect.Type
	var visit func(reflect.Type)
	visit = func(t reflect.Type) {
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map || t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.Implements(textMarshaler) || slices.Contains(out, t) {
			return
		}
		if t.PkgPath() != reflect.TypeFor[countriesFile]().PkgPath() {
			out = append(out, t)
		}
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				visit(t.Field(i).Type)
			}
		}
	}
	for _, r := range roots {
		visit(r.t)
	}
	return out
}

// sourceDocs returns the comments of the fields and types of structTypes
// from their packages' source, by "pkg.Type.Field" and "pkg.Type".
func sourceDocs(t *testing.T) (fields, types map[string]string) {
	fields, types = map[string]string{}, map[string]string{}
	parsed := map[string][]*ast.File{}
	for _, st := range structTypes() {
		dir := filepath.Join("..", strings.TrimPrefix(strings.TrimPrefix(st.PkgPath(), module), "/"))
		files, ok := parsed[dir]
		if !ok {
			files = parseDir(t, dir)
			parsed[dir] = files
		}
		found := false
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				gd, ok := n.(*ast.GenDecl)
				if !ok || gd.Tok != token.TYPE {
					return true
				}
				for _, spec := range gd.Specs {
					ts := spec.(*ast.TypeSpec)
					s, ok := ts.Type.(*ast.StructType)
					if !ok || ts.Name.Name != st.Name() {
						continue
					}
					found = true
					doc := ts.Doc
					if doc == nil {
						doc = gd.Doc
					}
					types[typeKey(st)] = strings.TrimSpace(doc.Text())
					for _, fl := range s.Fields.List {
						text := fl.Doc.Text()
						if text == "" {
							text = fl.Comment.Text()
						}
						for _, name := range fl.Names {
							k := typeKey(st) + "." + name.Name
							sup, ok := supplement[k]
							switch {
							case text != "" && ok:
								t.Errorf("%s has a source comment now: remove it from supplement", k)
							case text == "":
								text = sup
							}
							fields[k] = strings.TrimSpace(text)
						}
					}
				}
				return false
			})
		}
		if !found {
			t.Fatalf("type %s not found in %s", st, dir)
		}
	}
	return fields, types
}

func parseDir(t *testing.T, dir string) []*ast.File {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	fset := token.NewFileSet()
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

func genCode(t *testing.T, fields, types map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by go test -run TestGenerated -update; DO NOT EDIT.\n\npackage settingsfile\n\n")
	b.WriteString("// fieldDocs are the source comments of the settings structs' fields, by\n// \"pkg.Type.Field\", written as comments into settings files.\n")
	b.WriteString("var fieldDocs = map[string]string{\n")
	for _, k := range sortedKeys(fields) {
		fmt.Fprintf(&b, "%s: %s,\n", strconv.Quote(k), strconv.Quote(fields[k]))
	}
	b.WriteString("}\n\n// typeDocs are the source comments of the settings structs, by \"pkg.Type\".\n")
	b.WriteString("var typeDocs = map[string]string{\n")
	for _, k := range sortedKeys(types) {
		fmt.Fprintf(&b, "%s: %s,\n", strconv.Quote(k), strconv.Quote(types[k]))
	}
	b.WriteString("}\n")
	out, err := gofmt.Source(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// typeWord returns how a file writes a value of type t.
func typeWord(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[risk.Prob]():
		return "probability in [0,1]"
	case reflect.TypeFor[route.Modes]():
		return `modes, e.g. "foot|horse|vehicle"`
	case reflect.TypeFor[risk.ChoiceSet]():
		return "choice set"
	case reflect.TypeFor[geo.Regime]():
		return "regime"
	case reflect.TypeFor[geo.CrossingMode]():
		return "crossing mode"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "whole number"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Array:
		return fmt.Sprintf("list of %d %s", t.Len(), plural(typeWord(t.Elem())))
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return "list of tables"
		}
		return "list of " + plural(typeWord(t.Elem()))
	case reflect.Map:
		if t.Elem().Kind() == reflect.Struct {
			return "table of tables"
		}
		return "table of " + plural(typeWord(t.Elem()))
	case reflect.Struct:
		return "table"
	}
	return t.String()
}

func plural(s string) string {
	switch {
	case s == "text":
		return s
	case strings.HasPrefix(s, "list of"):
		return "lists of" + strings.TrimPrefix(s, "list of")
	case strings.HasSuffix(s, "number"):
		return s + "s"
	}
	return s + "s"
}

// placeholders name the keys of maps in the documentation.
var placeholders = map[string]string{"Countries": "CODE", "ClassKmh": "class"}

// docFields writes a bullet for every key of the struct type t under prefix.
func docFields(b *bytes.Buffer, t reflect.Type, prefix string, fields map[string]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Name == "Base" {
			continue
		}
		if f.Anonymous {
			docFields(b, f.Type, prefix, fields)
			continue
		}
		name := prefix + f.Name
		doc := strings.Join(strings.Fields(fields[typeKey(t)+"."+f.Name]), " ")
		fmt.Fprintf(b, "- `%s` (%s): %s\n", name, typeWord(f.Type), doc)
		ft := f.Type
		switch {
		case ft.Kind() == reflect.Struct && !ft.Implements(textMarshaler):
			docFields(b, ft, name+".", fields)
		case ft.Kind() == reflect.Map && ft.Elem().Kind() == reflect.Struct:
			docFields(b, ft.Elem(), name+".<"+placeholders[f.Name]+">.", fields)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			docFields(b, ft.Elem(), name+"[].", fields)
		}
	}
}

// valueNames lists the names a file uses for the values of each named type,
// with their source comments.
func valueNames(t *testing.T) string {
	var b bytes.Buffer
	b.WriteString("## Names of values\n\n")
	b.WriteString("Modes (route.Modes) are names joined by `|`, in any order: ")
	var names []string
	for m := route.Foot; m <= route.AllModes && m != 0; m <<= 1 {
		if route.AllModes&m == 0 {
			break
		}
		names = append(names, "`"+m.String()+"`")
	}
	b.WriteString(strings.Join(names, ", ") + "; `\"\"` is no mode.\n\n")
	consts := constDocs(t)
	lists := []struct {
		title string
		n     int
		vals  []string
		ids   []string
	}{
		{"Regimes (geo.Regime)", 4,
			[]string{string(geo.RegimeFull), string(geo.RegimeTIRSealed), string(geo.RegimeCustomsUnion), string(geo.RegimeClosed)},
			[]string{"geo.RegimeFull", "geo.RegimeTIRSealed", "geo.RegimeCustomsUnion", "geo.RegimeClosed"}},
		{"Crossing modes (geo.CrossingMode)", 4,
			[]string{string(geo.ModeRoad), string(geo.ModeRail), string(geo.ModeBridge), string(geo.ModeFerry)},
			[]string{"geo.ModeRoad", "geo.ModeRail", "geo.ModeBridge", "geo.ModeFerry"}},
		{"Choice sets (risk.ChoiceSet)", 3,
			[]string{risk.ChoiceByBorder.String(), risk.ChoiceKBest.String(), risk.ChoiceDiverse.String()},
			[]string{"risk.ChoiceByBorder", "risk.ChoiceKBest", "risk.ChoiceDiverse"}},
	}
	for _, l := range lists {
		fmt.Fprintf(&b, "%s:\n\n", l.title)
		for i, v := range l.vals {
			doc, ok := consts[l.ids[i]]
			if !ok {
				t.Fatalf("constant %s not found", l.ids[i])
			}
			doc = strings.TrimPrefix(strings.Join(strings.Fields(doc), " "), l.ids[i][strings.IndexByte(l.ids[i], '.')+1:]+": ")
			if doc == "" {
				fmt.Fprintf(&b, "- `%s`\n", v)
				continue
			}
			fmt.Fprintf(&b, "- `%s`: %s\n", v, doc)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// constDocs returns the comments of the constants of geo and risk by
// "pkg.Name".
func constDocs(t *testing.T) map[string]string {
	out := map[string]string{}
	for _, pkg := range []string{"geo", "risk"} {
		for _, f := range parseDir(t, filepath.Join("..", pkg)) {
			for _, d := range f.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, s := range gd.Specs {
					vs := s.(*ast.ValueSpec)
					text := vs.Doc.Text()
					if text == "" {
						text = vs.Comment.Text()
					}
					for _, n := range vs.Names {
						out[pkg+"."+n.Name] = strings.TrimSpace(text)
					}
				}
			}
		}
	}
	return out
}

func genMarkdown(t *testing.T, fields, types map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString(mdHead)
	for _, r := range roots {
		fmt.Fprintf(&b, "## %s file\n\n", r.title)
		if doc := types[typeKey(r.t)]; doc != "" {
			b.WriteString(strings.Join(strings.Fields(doc), " ") + "\n\n")
		}
		fmt.Fprintf(&b, "Used with `%s`; `base` names the settings it starts from.\n\n", r.use)
		if r.file == "menu" {
			b.WriteString("plan has no default menu: `base` is required (the command offers `northern-route`, " +
				"northernroute.UpgradeMenu, in KZT), and `routerisk settings show menu northern-route` prints it.\n\n")
			fmt.Fprintf(&b, "Each of `Scanner`, `Dogs`, `Outpost`, `Patrol` and `Barrier` is an item: %s\n\n",
				strings.Join(strings.Fields(types[typeKey(reflect.TypeFor[plan.Item]())]), " "))
		}
		docFields(&b, r.t, "", fields)
		b.WriteString("\n")
	}
	b.WriteString(valueNames(t))
	b.WriteString(limits(t))
	b.WriteString(mdTail)
	return b.Bytes()
}

const mdHead = "<!-- Generated by go test ./settingsfile -run TestGenerated -update from the comments of the settings structs; do not edit. -->\n\n" +
	`# Settings files

Every setting of routerisk that an analyst may change can be written in a
file, TOML (` + "`.toml`" + `) or JSON (` + "`.json`" + `), and given to the command
(` + "`routerisk analyze -scenario FILE`" + `, ` + "`-target`" + `, ` + "`-countries`" + `,
` + "`-graph`" + `; an upgrade menu with ` + "`examples/border-budget -menu FILE`" + `) or read
in Go with package settingsfile. This page lists every
key; it is generated from the documentation of the Go structs, so it names
the same fields, defaults and sources.

- **Start from a base.** The key ` + "`base`" + ` names the settings a file starts
  from: ` + "`\"defaults\"`" + ` (or no base key) is the library's documented defaults; the
  command also offers the Northern Route's scenarios (` + "`baseline-2010`" + `,
  ` + "`customs-union-2011`" + `, ` + "`tir-transit`" + `, ` + "`programme-2012`" + `), its target
  (` + "`observed-2011`" + `), graph settings, country parameters and upgrade menu
  (` + "`northern-route`" + `). A file then holds only what it changes. An upgrade menu has
  no library defaults: its file must name a base.
- **Tables change, lists replace.** A table (` + "`[Inspection]`" + `, ` + "`[Countries.KAZ]`" + `)
  changes only the keys it names; a list (` + "`Carriers`" + `, ` + "`Rules`" + `, ` + "`Upgrades`" + `,
  ` + "`ShareCountries`" + `) replaces the base's list whole.
- **Keys** are the field names below. Case is ignored. An unknown key is an
  error naming the file, the line and the key, with the nearest known key.
- **Values** are checked as the model checks them (risk's, route's and plan's
  Validate); an error names the field and what it must be.
- ` + "`routerisk scenario show NAME`" + ` prints a named scenario as a complete,
  commented TOML file to start from.

Keys of tables inside tables are written with dots here: ` + "`Inspection.Full`" + `
is ` + "`Full`" + ` under ` + "`[Inspection]`" + `; ` + "`Rules[].ID`" + ` is ` + "`ID`" + ` in each ` + "`[[Rules]]`" + `
table; ` + "`Countries.<CODE>.GapBase`" + ` is ` + "`GapBase`" + ` under ` + "`[Countries.KAZ]`" + `.

`

// limits returns the bounds named Max... that risk and route declare as
// literal constants, which the field documentation names.
func limits(t *testing.T) string {
	var b bytes.Buffer
	b.WriteString("## Limits\n\nThe bounds that risk's and route's Validate enforce, named in the fields above:\n\n")
	for _, pkg := range []string{"risk", "route"} {
		for _, f := range parseDir(t, filepath.Join("..", pkg)) {
			for _, d := range f.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, s := range gd.Specs {
					vs := s.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if !strings.HasPrefix(n.Name, "Max") || !n.IsExported() || i >= len(vs.Values) {
							continue
						}
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok {
							fmt.Fprintf(&b, "- `%s.%s` = %s\n", pkg, n.Name, lit.Value)
						}
					}
				}
			}
		}
	}
	b.WriteString("\n")
	return b.String()
}

const mdTail = `## Upgrade menus

Defender plans (` + "`routerisk plan`" + `) read plain CSV files, not settings
files: an arc list with header ` + "`from,to,p,p_upgraded,cost`" + ` and scenarios with
header ` + "`origin,destination,weight`" + ` (see ` + "`go doc github.com/routerisk/routerisk/plan ReadArcs`" + `).
`

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
