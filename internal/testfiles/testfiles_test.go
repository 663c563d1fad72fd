package testfiles

import (
	"path/filepath"
	"slices"
	"testing"
)

func TestSameJSON(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{`{"p":0.1,"n":[1,2]}`, `{"n":[1,2],"p":0.10000000000000002}`, true},
		{`{"p":0.1}`, `{"p":0.1001}`, false},
		{`{"p":0.1}`, `{"p":0.1,"q":1}`, false},
		{`[1,2]`, `[1,2,3]`, false},
		{`{"s":"a"}`, `{"s":"b"}`, false},
		{`<xml/>`, `<xml/>`, false}, // not JSON: only bytes.Equal decides
	} {
		if got := sameJSON([]byte(c.a), []byte(c.b)); got != c.want {
			t.Errorf("sameJSON(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestGoldenUpdateAndDirNames(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "g.json")
	Golden(t, path, []byte(`{"x":1}`), true)
	Golden(t, path, []byte(`{"x":1.0000000000001}`), false)
	if got := DirNames(t, dir); !slices.Equal(got, []string{"g.json"}) {
		t.Errorf("DirNames = %v, want only the golden file (no .got on a match)", got)
	}
}
