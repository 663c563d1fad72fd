// Package testfiles holds the test helpers that several packages share:
// golden-file comparison and folder listings.
package testfiles

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"reflect"
	"testing"
)

// Golden compares got with the golden file at path. With update it
// rewrites the file instead. Files that hold JSON count as equal when they
// differ only in numbers by a relative 1e-9, so that a platform's last bits
// do not matter. On a mismatch, or when the file is missing, it writes got
// beside it as path+".got" for inspection and fails the test.
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		os.WriteFile(path+".got", got, 0o644)
		t.Fatalf("%v (the output is in %s.got; run the test with -update to accept it)", err, path)
	}
	if bytes.Equal(got, want) || sameJSON(got, want) {
		return
	}
	os.WriteFile(path+".got", got, 0o644)
	t.Errorf("%s differs from the golden file; the output is in %s.got", path, path)
}

// sameJSON reports whether a and b both parse as JSON and hold the same
// values, numbers to a relative 1e-9.
func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return nearlyEqual(x, y)
}

func nearlyEqual(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && math.Abs(x-y) <= 1e-9*math.Max(1, math.Max(math.Abs(x), math.Abs(y)))
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !nearlyEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k := range x {
			if !nearlyEqual(x[k], y[k]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// DirNames returns the names in dir, sorted.
func DirNames(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}
