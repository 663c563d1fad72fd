package northernroute

import (
	"strings"
	"testing"
	"unicode"
)

// foldRef is fold before its ASCII shortcut, kept as the reference of
// TestFoldMatchesRef.
func foldRef(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f, ok := foldMap[r]; ok {
			b.WriteString(f)
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// TestFoldMatchesRef folds every settlement name of the corridor, and
// every printable ASCII character, with fold and foldRef.
func TestFoldMatchesRef(t *testing.T) {
	c := mustGeography(t)
	names := []string{"Mazār-e Sharīf", "G‘uzor", "ÅSTRA-Khan 2", "Ǆ ǅ ǆ Σ ς"}
	for r := rune(0); r < 0x80; r++ {
		names = append(names, "x"+string(r)+"Y")
	}
	for _, s := range c.Settlements {
		names = append(names, s.Name)
	}
	for _, n := range names {
		if got, want := fold(n), foldRef(n); got != want {
			t.Errorf("fold(%q) = %q, want %q", n, got, want)
		}
	}
}
