// Package atomicfile writes files so that a reader never sees one half written.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes the file at path through write: into a temporary
// file in the same folder, which is synced, closed and then renamed to path.
// On any error, or a panic in write, the temporary file is removed and a file
// already at path is left untouched; a reader never sees a half-written file.
// The folder must exist. A new file gets mode 0644; a replaced file keeps its
// mode. Errors name path.
func Write(path string, write func(w io.Writer) error) (err error) {
	if path == "" {
		return errors.New("write: empty file path")
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	if fi, serr := os.Stat(dir); serr != nil {
		if errors.Is(serr, fs.ErrNotExist) {
			return fmt.Errorf("write %s: folder %s does not exist", path, dir)
		}
		return fmt.Errorf("write %s: %w", path, serr)
	} else if !fi.IsDir() {
		return fmt.Errorf("write %s: %s is not a folder", path, dir)
	}
	mode := fs.FileMode(0o644)
	if fi, serr := os.Stat(path); serr == nil {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("write %s: exists and is not a regular file", path)
		}
		mode = fi.Mode().Perm()
	}

	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: cannot create a file in %s: %w", path, dir, err)
	}
	tmp := f.Name()
	done := false
	defer func() {
		// Runs on errors and on a panic in write alike; closing a file
		// already closed does no harm.
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()

	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: sync: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: close: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	// Make the rename itself durable where the system allows syncing a
	// folder; where it does not, the file is written all the same.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
