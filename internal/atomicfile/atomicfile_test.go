package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/routerisk/routerisk/internal/testfiles"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "layer.geojson")
	if err := Write(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "first")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Errorf("file holds %q, want first", b)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o644 {
		t.Errorf("new file mode %v, want 0644", fi.Mode().Perm())
	}
	// Replacing keeps the mode of the file replaced.
	if runtime.GOOS != "windows" {
		if err := os.Chmod(path, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := Write(path, func(w io.Writer) error {
		_, err := io.WriteString(w, strings.Repeat("second ", 20000)) // beyond the buffer
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != strings.Repeat("second ", 20000) {
		t.Errorf("file not replaced: %d bytes", len(b))
	}
	if fi, _ := os.Stat(path); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced file mode %v, want 0600 kept", fi.Mode().Perm())
	}
	if names := testfiles.DirNames(t, dir); len(names) != 1 {
		t.Errorf("folder holds %v, want only layer.geojson", names)
	}
}

func TestWriteFailure(t *testing.T) {
	errMid := errors.New("disk full")
	tests := []struct {
		name  string
		write func(w io.Writer) error
	}{
		{"error after writing", func(w io.Writer) error {
			io.WriteString(w, strings.Repeat("half ", 50000)) // flushed to the temp file in part
			return errMid
		}},
		{"error at once", func(w io.Writer) error { return errMid }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "roads.geojson")
			if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			err := Write(path, tt.write)
			if !errors.Is(err, errMid) {
				t.Fatalf("got %v, want the write error", err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			if b, _ := os.ReadFile(path); string(b) != "old" {
				t.Errorf("old file changed to %d bytes", len(b))
			}
			if names := testfiles.DirNames(t, dir); len(names) != 1 || names[0] != "roads.geojson" {
				t.Errorf("folder holds %v, want only roads.geojson", names)
			}
		})
	}
	t.Run("panic in write", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "x.geojson")
		func() {
			defer func() {
				if recover() == nil {
					t.Error("panic did not reach the caller")
				}
			}()
			Write(path, func(w io.Writer) error {
				io.WriteString(w, "partial")
				panic("boom")
			})
		}()
		if names := testfiles.DirNames(t, dir); len(names) != 0 {
			t.Errorf("folder holds %v after a panic, want nothing", names)
		}
	})
}

func TestWriteBadPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, inMsg string
	}{
		{"parent is a file", filepath.Join(file, "out.geojson"), "is not a folder"},
		{"grandparent is a file", filepath.Join(file, "a", "out.geojson"), "out.geojson"},
		{"missing folder", filepath.Join(dir, "nope", "out.geojson"), "does not exist"},
		{"path is a folder", sub, "not a regular file"},
		{"empty path", "", "empty file path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			err := Write(tt.path, func(w io.Writer) error { called = true; return nil })
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.path) || !strings.Contains(err.Error(), tt.inMsg) {
				t.Errorf("error %q does not name %q and say %q", err, tt.path, tt.inMsg)
			}
			if called {
				t.Error("write was called")
			}
		})
	}
	if b, _ := os.ReadFile(file); string(b) != "x" {
		t.Errorf("the file in the way changed: %q", b)
	}
	if names := testfiles.DirNames(t, sub); len(names) != 0 {
		t.Errorf("folder holds %v, want nothing", names)
	}
}

func TestWriteUnwritable(t *testing.T) {
	// Root ignores folder permissions; /proc refuses new files even to root.
	dir := "/proc"
	if os.Geteuid() != 0 {
		dir = t.TempDir()
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
	} else if runtime.GOOS != "linux" {
		t.Skip("running as root without /proc: no unwritable folder to test with")
	}
	path := filepath.Join(dir, "routerisk-layer.geojson")
	err := Write(path, func(w io.Writer) error { return nil })
	if err == nil {
		os.Remove(path)
		t.Fatalf("wrote %s", path)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "cannot create a file in") {
		t.Errorf("error %q does not name %s and say what failed", err, path)
	}
}
