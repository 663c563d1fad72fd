package route

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// TestEdgesTo checks that EdgesTo gives the edges of PathTo in both kinds
// of tree, and false where PathTo does.
func TestEdgesTo(t *testing.T) {
	g := diamond(t)
	for _, back := range []bool{false, true} {
		root := int64(0)
		if back {
			root = 4
		}
		tr := treeOf(t, g, root, back)
		for v := range int64(g.NumNodes()) {
			p, ok := tr.PathTo(v)
			got, ok2 := tr.EdgesTo(v, []int{99})
			if ok != ok2 || (ok && !slices.Equal(got, append([]int{99}, p.Edges...))) {
				t.Errorf("back %v, node %d: EdgesTo %v %v, PathTo %v %v", back, v, got, ok2, p.Edges, ok)
			}
		}
	}
}

// TestTreePred checks that following Pred (and Parent) from every node
// retraces the edges of EdgesTo, and that both are −1 at the root and Pred
// off the graph.
func TestTreePred(t *testing.T) {
	g := diamond(t)
	for _, back := range []bool{false, true} {
		root := int64(0)
		if back {
			root = 4
		}
		tr := treeOf(t, g, root, back)
		if got := tr.Pred(tr.From()); got != -1 {
			t.Errorf("back %v: Pred(root) = %d, want -1", back, got)
		}
		for _, v := range []int64{-1, int64(g.NumNodes())} {
			if got := tr.Pred(v); got != -1 {
				t.Errorf("back %v: Pred(%d) = %d, want -1", back, v, got)
			}
		}
		for v := range int64(g.NumNodes()) {
			want, ok := tr.EdgesTo(v, nil)
			if !ok {
				if got := tr.Pred(v); got != -1 {
					t.Errorf("back %v: Pred(%d) = %d at an unreachable node, want -1", back, v, got)
				}
				continue
			}
			// Walk from v toward the root by Pred, checking Parent.
			var got []int
			for u := v; tr.Pred(u) >= 0; {
				e := g.EdgeAt(tr.Pred(u))
				got = append(got, tr.Pred(u))
				next := e.From
				if back {
					next = e.To
				}
				if p := tr.Parent(u); p != next {
					t.Errorf("back %v: Parent(%d) = %d, want %d", back, u, p, next)
				}
				u = next
			}
			if p := tr.Parent(tr.From()); p != -1 {
				t.Errorf("back %v: Parent(root) = %d, want -1", back, p)
			}
			if !back {
				slices.Reverse(got)
			}
			if !slices.Equal(got, want) {
				t.Errorf("back %v, node %d: Pred walk %v, EdgesTo %v", back, v, got, want)
			}
		}
	}
}

// TestPathLine checks that PathLine along the edges of every tree path,
// and PathTo's line, are refPathLine's, on a graph without edge geometry
// and on the Northern Route's.
func TestPathLine(t *testing.T) {
	graphs := map[string]*Graph{"diamond": diamond(t)}
	if !testing.Short() {
		_, _, graphs["northern route"] = corridorGraph(t)
	}
	for name, g := range graphs {
		for _, back := range []bool{false, true} {
			tr := treeOf(t, g, 0, back)
			for v := range int64(g.NumNodes()) {
				p, ok := tr.PathTo(v)
				if !ok {
					continue
				}
				want := refPathLine(g, p.Nodes[0], p.Edges)
				if got := g.PathLine(p.Nodes[0], p.Edges); !slices.Equal(got, want) {
					t.Errorf("%s, back %v, node %d: PathLine %v, want %v", name, back, v, got, want)
				}
				if !slices.Equal(p.Line, want) {
					t.Errorf("%s, back %v, node %d: PathTo's line %v, want %v", name, back, v, p.Line, want)
				}
			}
		}
	}
}

// refPathLine is the line of the path along edges from start as makePath
// built it before PathLine: each edge's line appended, and a point equal
// to the one before it at the join removed. The tests hold PathLine to it.
func refPathLine(g *Graph, start int64, edges []int) orb.LineString {
	if len(edges) == 0 {
		pt := g.NodeAt(start).Point
		return orb.LineString{pt, pt}
	}
	var line orb.LineString
	for _, e := range edges {
		n := len(line)
		line = g.edgeLine(e, line)
		if n > 0 && line[n-1] == line[n] {
			line = append(line[:n], line[n+1:]...)
		}
	}
	return line
}

// treeOf returns the tree of shortest paths of g by every mode from root,
// or with back, to root.
func treeOf(t testing.TB, g *Graph, root int64, back bool) *Tree {
	t.Helper()
	var tr *Tree
	var err error
	if back {
		tr, err = ShortestTo(g, root, AllModes)
	} else {
		tr, err = ShortestFrom(g, root, AllModes)
	}
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
