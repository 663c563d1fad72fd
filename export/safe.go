package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Errors of CheckDir and Write about the output folder.
var (
	ErrNotWritable = errors.New("export: output folder cannot be written")
	ErrManifest    = errors.New("export: output folder holds a routerisk-export.json that is not an export manifest")
)

// CheckDir reports whether Write may write an export into dir, without
// writing anything there: dir is a folder or does not exist yet (its
// nearest existing parent is then a writable folder); it is not a file or
// a symbolic link; it and its parent can be written; and it is empty or
// holds a previous export whose manifest (ManifestName) lists every other
// file in it. A command calls it before any analysis so that a bad output
// path is reported at once. Errors name the path and, for a folder with
// files of someone else, those files (ErrForeign).
func CheckDir(dir string) error {
	_, _, err := checkDir(dir)
	return err
}

// checkDir is CheckDir returning the absolute path and whether the folder
// exists.
func checkDir(dir string) (abs string, exists bool, err error) {
	if dir == "" {
		return "", false, fmt.Errorf("%w: empty path", ErrNotFolder)
	}
	abs, err = filepath.Abs(dir)
	if err != nil {
		return "", false, fmt.Errorf("export: %s: %w", dir, err)
	}
	fi, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// The nearest existing ancestor must be a writable folder.
		p := filepath.Dir(abs)
		for {
			pi, perr := os.Stat(p)
			if perr == nil {
				if !pi.IsDir() {
					return "", false, fmt.Errorf("%w: a parent folder of %s is a file (%s)", ErrNotFolder, dir, p)
				}
				if err := writable(p); err != nil {
					return "", false, fmt.Errorf("%w: %s cannot be created: %s: %v", ErrNotWritable, dir, p, err)
				}
				return abs, false, nil
			}
			if errors.Is(perr, syscall.ENOTDIR) {
				return "", false, fmt.Errorf("%w: a parent folder of %s is a file", ErrNotFolder, dir)
			}
			if !errors.Is(perr, fs.ErrNotExist) {
				return "", false, fmt.Errorf("export: %s: %w", dir, perr)
			}
			up := filepath.Dir(p)
			if up == p {
				return "", false, fmt.Errorf("export: %s: no existing parent folder", dir)
			}
			p = up
		}
	case errors.Is(err, syscall.ENOTDIR):
		return "", false, fmt.Errorf("%w: a parent folder of %s is a file", ErrNotFolder, dir)
	case err != nil:
		return "", false, fmt.Errorf("export: %s: %w", dir, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return "", false, fmt.Errorf("%w: %s is a symbolic link; give the folder it points to", ErrNotFolder, dir)
	case !fi.IsDir():
		return "", false, fmt.Errorf("%w: %s is a file", ErrNotFolder, dir)
	}
	if err := foreignFiles(dir, abs); err != nil {
		return "", false, err
	}
	// Replacing the folder needs its parent writable (to swap it) and the
	// folder itself (to delete the old files).
	if err := writable(abs); err != nil {
		return "", false, fmt.Errorf("%w: %s: %v", ErrNotWritable, dir, err)
	}
	if err := writable(filepath.Dir(abs)); err != nil {
		return "", false, fmt.Errorf("%w: %s: its parent folder: %v", ErrNotWritable, dir, err)
	}
	return abs, true, nil
}

// writable reports whether a file can be created in the folder dir, by
// creating and removing an empty hidden folder there.
func writable(dir string) error {
	probe, err := os.MkdirTemp(dir, ".routerisk-check-")
	if err != nil {
		return err
	}
	return os.Remove(probe)
}

// maxNamed is the number of foreign files an error lists by name.
const maxNamed = 10

// foreignFiles returns an error unless the folder abs is empty or holds a
// valid manifest and only the files it lists.
func foreignFiles(dir, abs string) error {
	entries, err := os.ReadDir(abs)
	if err != nil {
		return fmt.Errorf("export: %s: %w", dir, err)
	}
	if len(entries) == 0 {
		return nil
	}
	listed := map[string]bool{}
	b, err := os.ReadFile(filepath.Join(abs, ManifestName))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// No manifest: every entry is foreign.
	case err != nil:
		return fmt.Errorf("export: %s: %w", dir, err)
	default:
		m, err := ReadManifest(b)
		if err != nil {
			return fmt.Errorf("%w: %s: %v; move it away or choose another folder", ErrManifest, dir, err)
		}
		listed[ManifestName] = true
		for _, f := range m.Files {
			listed[f.Name] = true
		}
	}
	var foreign []string
	for _, e := range entries {
		if listed[e.Name()] && e.Type().IsRegular() {
			continue
		}
		name := e.Name()
		if e.IsDir() {
			name += string(filepath.Separator)
		}
		foreign = append(foreign, name)
	}
	if len(foreign) == 0 {
		return nil
	}
	named := strings.Join(foreign[:min(len(foreign), maxNamed)], ", ")
	if len(foreign) > maxNamed {
		named += fmt.Sprintf(" and %d more", len(foreign)-maxNamed)
	}
	if len(listed) == 0 {
		return fmt.Errorf("%w: %s is not empty and has no %s (it holds %s); choose a new or empty folder", ErrForeign, dir, ManifestName, named)
	}
	return fmt.Errorf("%w: %s holds files its previous export did not write: %s; move them out or choose another folder (nothing was changed)", ErrForeign, dir, named)
}

// ReadManifest returns the manifest encoded in b, checked: only the
// fields Write writes, a valid project name, and files named without a
// folder, none hidden or repeated.
func ReadManifest(b []byte) (Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Manifest{}, fmt.Errorf("not a manifest: %w", err)
	}
	if dec.More() {
		return Manifest{}, errors.New("not a manifest: data after the object")
	}
	if !validProject(m.Project) {
		return Manifest{}, fmt.Errorf("bad project name %q", m.Project)
	}
	if len(m.Files) == 0 {
		return Manifest{}, errors.New("lists no files")
	}
	seen := map[string]bool{}
	for i, f := range m.Files {
		if f.Name == "" || f.Name != filepath.Base(f.Name) || f.Name[0] == '.' || strings.ContainsAny(f.Name, `/\`) || f.Format == "" {
			return Manifest{}, fmt.Errorf("file %d: bad entry %q (format %q)", i, f.Name, f.Format)
		}
		if seen[f.Name] {
			return Manifest{}, fmt.Errorf("file %q listed twice", f.Name)
		}
		seen[f.Name] = true
	}
	return m, nil
}

// leftovers returns the hidden siblings of the folder abs that earlier
// runs of Write left behind: temporary folders of an interrupted run
// (.<base>.tmp-<digits>) and previous folders moved aside but not deleted
// (.<base>.old-<suffix>).
func leftovers(abs string) ([]string, error) {
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	entries, err := os.ReadDir(parent)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n := e.Name()
		if rest, ok := strings.CutPrefix(n, "."+base+".tmp-"); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			out = append(out, filepath.Join(parent, n))
		} else if rest, ok := strings.CutPrefix(n, "."+base+".old-"); ok && rest != "" && strings.Trim(rest, "0123456789abcdefghijklmnopqrstuvwxyz") == "" {
			out = append(out, filepath.Join(parent, n))
		}
	}
	slices.Sort(out)
	return out, nil
}

// removeAll removes the folder path and everything in it, making
// read-only folders inside it writable first where plain removal fails.
func removeAll(path string) error {
	if err := os.RemoveAll(path); err == nil {
		return nil
	}
	filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o700)
		}
		return nil
	})
	return os.RemoveAll(path)
}
