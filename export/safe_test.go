package export

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/internal/testfiles"
)

// treeHash returns a sha256 over every path under root (folders included)
// and every file's bytes and mode, in a fixed order.
func treeHash(t *testing.T, root string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%v\x00", rel, fi.Mode())
		if d.Type().IsRegular() {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWriteSafeOutput sets up each bad output folder, checks that CheckDir
// and Write refuse it with an error naming the problem (and the user's
// files), and that the parent folder's tree hashes the same before and
// after both calls.
func TestWriteSafeOutput(t *testing.T) {
	for _, c := range []struct {
		name     string
		setup    func(t *testing.T, dir string)
		target   error
		contains []string
	}{
		{"folder of other files", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "notes.txt"), "mine")
			writeFile(t, filepath.Join(dir, "data", "my.csv"), "a,b")
		}, ErrForeign, []string{"notes.txt", "data" + string(filepath.Separator), "no " + ManifestName}},
		{"export with files the user added", func(t *testing.T, dir string) {
			if _, err := Write(dir, "p", small(), smallOpts()); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "notes.txt"), "my notes")
			writeFile(t, filepath.Join(dir, "edited", "p.qgs"), "<qgis/>")
		}, ErrForeign, []string{"notes.txt", "edited" + string(filepath.Separator), "did not write"}},
		{"export whose listed name is now a folder", func(t *testing.T, dir string) {
			if _, err := Write(dir, "p", small(), smallOpts()); err != nil {
				t.Fatal(err)
			}
			os.Remove(filepath.Join(dir, "p.kml"))
			writeFile(t, filepath.Join(dir, "p.kml", "inside.txt"), "mine")
		}, ErrForeign, []string{"p.kml" + string(filepath.Separator)}},
		{"someone else's routerisk-export.json", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, ManifestName), `{"hello": "world"}`)
			writeFile(t, filepath.Join(dir, "thesis.docx"), "years of work")
		}, ErrManifest, []string{"unknown field"}},
		{"manifest listing a path outside", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, ManifestName), `{"project": "p", "files": [{"name": "../x", "format": "csv"}]}`)
		}, ErrManifest, []string{"../x"}},
		{"empty manifest", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, ManifestName), ``)
		}, ErrManifest, []string{"not a manifest"}},
		{"path is a file", func(t *testing.T, dir string) {
			writeFile(t, dir, "a file")
		}, ErrNotFolder, []string{"is a file"}},
		{"symbolic link", func(t *testing.T, dir string) {
			other := filepath.Join(filepath.Dir(dir), "other")
			if err := os.Mkdir(other, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(other, dir); err != nil {
				t.Skip(err)
			}
		}, ErrNotFolder, []string{"symbolic link"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			c.setup(t, dir)
			before := treeHash(t, parent)
			for _, call := range []struct {
				name string
				fn   func() error
			}{
				{"CheckDir", func() error { return CheckDir(dir) }},
				{"Write", func() error { _, err := Write(dir, "p", small(), smallOpts()); return err }},
			} {
				err := call.fn()
				if !errors.Is(err, c.target) {
					t.Fatalf("%s: got %v, want %v", call.name, err, c.target)
				}
				for _, s := range c.contains {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("%s: %q does not name %q", call.name, err, s)
					}
				}
				if after := treeHash(t, parent); after != before {
					t.Errorf("%s: the folder changed (sha256 %s, was %s)", call.name, after, before)
				}
			}
		})
	}
}

// TestWriteReadOnlyFolder checks that an output folder that cannot be
// written is refused before any work and that nothing is left behind.
func TestWriteReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if _, err := Write(dir, "p", small(), smallOpts()); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	before := treeHash(t, parent)
	if err := CheckDir(dir); !errors.Is(err, ErrNotWritable) {
		t.Errorf("CheckDir: got %v, want ErrNotWritable", err)
	}
	if _, err := Write(dir, "p", small(), smallOpts()); !errors.Is(err, ErrNotWritable) {
		t.Errorf("Write: got %v, want ErrNotWritable", err)
	}
	if after := treeHash(t, parent); after != before {
		t.Errorf("the folder changed")
	}
}

// TestWriteCleansLeftovers leaves the temporary folder of a killed run, a
// stale copy of a failed swap and a read-only stale copy beside an export,
// and checks that the next Write removes them and says so, and leaves a
// sibling that only looks similar.
func TestWriteCleansLeftovers(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if _, err := Write(dir, "p", small(), smallOpts()); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(parent, ".out.tmp-123456")
	old := filepath.Join(parent, ".out.old-m1x2y3")
	locked := filepath.Join(parent, ".out.old-zz9")
	writeFile(t, filepath.Join(tmp, "segments.geojson"), "{}")
	writeFile(t, filepath.Join(old, ManifestName), "{}")
	writeFile(t, filepath.Join(locked, "sub", "a.txt"), "x")
	if err := os.Chmod(filepath.Join(locked, "sub"), 0o555); err != nil {
		t.Fatal(err)
	}
	keep := []string{".out.tmp-notes", ".outer.tmp-1", "out2"}
	for _, k := range keep {
		writeFile(t, filepath.Join(parent, k, "x"), "keep")
	}
	m, err := Write(dir, "p", small(), smallOpts())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{old, locked, tmp}; !slices.Equal(m.Cleaned, want) || m.Stale != "" {
		t.Errorf("cleaned %v, stale %q; want %v and none", m.Cleaned, m.Stale, want)
	}
	if got, want := testfiles.DirNames(t, parent), slices.Sorted(slices.Values(append(slices.Clone(keep), "out"))); !slices.Equal(got, want) {
		t.Errorf("parent holds %v, want %v", got, want)
	}
}

func TestReadManifestRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	m, err := Write(dir, "p", small(), smallOpts())
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadManifest(b)
	if err != nil {
		t.Fatal(err)
	}
	// The file lists every file before it; the returned Manifest also
	// lists the manifest itself.
	if got.Project != m.Project || !slices.Equal(got.Files, m.Files[:len(m.Files)-1]) {
		t.Errorf("got %+v, want %+v", got, m)
	}
	for _, bad := range []string{`[]`, `{"project": "p", "files": []}`, `{"project": ".p", "files": [{"name": "a", "format": "x"}]}`,
		`{"project": "p", "files": [{"name": "a", "format": "x"}, {"name": "a", "format": "x"}]}`, `{"project": "p", "files": [{"name": "a", "format": "x"}]} {}`} {
		if _, err := ReadManifest([]byte(bad)); err == nil {
			t.Errorf("ReadManifest(%s): no error", bad)
		}
	}
}
