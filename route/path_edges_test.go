package route

import (
	"slices"
	"testing"
)

// TestEdgesTo checks that EdgesTo gives the edges of PathTo in both kinds
// of tree, and false where PathTo does.
func TestEdgesTo(t *testing.T) {
	g := diamond(t)
	for _, back := range []bool{false, true} {
		var tr *Tree
		var err error
		if back {
			tr, err = ShortestTo(g, 4, AllModes)
		} else {
			tr, err = ShortestFrom(g, 0, AllModes)
		}
		if err != nil {
			t.Fatal(err)
		}
		for v := range int64(g.NumNodes()) {
			p, ok := tr.PathTo(v)
			got, ok2 := tr.EdgesTo(v, []int{99})
			if ok != ok2 || (ok && !slices.Equal(got, append([]int{99}, p.Edges...))) {
				t.Errorf("back %v, node %d: EdgesTo %v %v, PathTo %v %v", back, v, got, ok2, p.Edges, ok)
			}
		}
	}
}
