package geo

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"
)

// DefaultBorderToleranceM is the tolerance, in metres, that DeriveBorders
// uses when it is given zero: two boundaries closer than this are taken to
// coincide. 100 m is about half the grid step of the Natural Earth 1:10m
// data as quantised in world-atlas (0.0017° of latitude ≈ 188 m).
const DefaultBorderToleranceM = 100

// SourcePolygons is the Border.Source of borders found by DeriveBorders.
const SourcePolygons = "polygon-derived"

// DeriveBorders returns the borders between the given countries where no
// border layer and no topology exists: a stretch of one country's boundary
// that lies within toleranceM metres (zero means DefaultBorderToleranceM) of
// another country's boundary is part of their border. An edge of country A
// belongs to its border with B when its ends, and points along it spaced at
// most twice the tolerance apart (up to 4096 an edge), are all within the
// tolerance of B's boundary. The stretches are traced on both
// countries' boundaries and joined with MergeLines; the longer tracing is
// kept (A's on a tie), as a stretch that begins in the middle of one
// country's edge is seen only from the other's vertices. Borders are
// returned sorted by pair, each with Source SourcePolygons.
//
// Edges are great-circle arcs. The boundary edges are bucketed in a grid of
// cubes over the unit sphere, so the work is O(V + E) for V vertices and E
// edges of roughly even length, not O(V·E).
func DeriveBorders(countries []Country, toleranceM float64) ([]Border, error) {
	if toleranceM == 0 {
		toleranceM = DefaultBorderToleranceM
	}
	if !(toleranceM > 0) || math.IsInf(toleranceM, 1) {
		return nil, fmt.Errorf("geo: border tolerance %v m: must be a positive finite number", toleranceM)
	}
	tol := toleranceM / orb.EarthRadius // as an angle in radians

	// Countries in code order, so that results do not depend on the input's.
	order := make([]int, len(countries))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return countries[order[i]].Code < countries[order[j]].Code })
	for k, ci := range order {
		c := countries[ci]
		if c.Code == "" {
			return nil, fmt.Errorf("geo: DeriveBorders: country %d: %w", ci, ErrNoCountry)
		}
		if k > 0 && countries[order[k-1]].Code == c.Code {
			return nil, fmt.Errorf("geo: DeriveBorders: country %d: %w: code %q given twice", ci, ErrBadProperty, c.Code)
		}
	}

	// Rings of every country as unit vectors, with the original points.
	type ring struct {
		country int // rank in order
		pts     []orb.Point
		vs      []vec3
	}
	var rings []ring
	for rank, ci := range order {
		c := countries[ci]
		for pi, poly := range c.Geometry {
			for ri, r := range poly {
				if len(r) < 2 {
					continue
				}
				for _, p := range r {
					if checkLonLat(p) != nil {
						return nil, fmt.Errorf("geo: DeriveBorders: %s polygon %d ring %d: %w: %v", c.Code, pi, ri, ErrBadCoordinate, p)
					}
				}
				pts := []orb.Point(r)
				if pts[0] != pts[len(pts)-1] {
					pts = append(append([]orb.Point(nil), pts...), pts[0])
				}
				rings = append(rings, ring{country: rank, pts: pts, vs: lineVecs(orb.LineString(pts))})
			}
		}
	}

	// The grid of edges.
	var edges []gridEdge
	var lens []float64
	for _, r := range rings {
		for k := 1; k < len(r.vs); k++ {
			a := angle(r.vs[k-1], r.vs[k])
			edges = append(edges, gridEdge{country: r.country, a: r.vs[k-1], b: r.vs[k]})
			lens = append(lens, a)
		}
	}
	if len(edges) == 0 {
		return nil, nil
	}
	g := newEdgeGrid(edges, lens, tol)

	// Trace every ring against every other country near it. traced[{a, b}]
	// holds the stretches of a's boundary near b's.
	type pairKey struct{ a, b int }
	traced := map[pairKey][]orb.LineString{}
	for _, r := range rings {
		n := len(r.vs) - 1 // the ring is closed: vertex n == vertex 0
		near := make([][]int, n)
		var others []int // every country near at least one vertex
		for k := 0; k < n; k++ {
			near[k] = g.near(r.vs[k], r.country, tol)
			others = mergeSorted(others, near[k])
		}
		for _, other := range others {
			if lines := traceRing(r.pts, r.vs, near, other, g, tol); len(lines) > 0 {
				key := pairKey{r.country, other}
				traced[key] = append(traced[key], lines...)
			}
		}
	}

	// Per pair, keep the longer of the two tracings: a stretch that starts
	// in the middle of one country's edge is found only from the other side.
	var borders []Border
	for a := range order {
		for b := a + 1; b < len(order); b++ {
			la, lb := traced[pairKey{a, b}], traced[pairKey{b, a}]
			if len(la) == 0 && len(lb) == 0 {
				continue
			}
			lines := MergeLines(la)
			if other := MergeLines(lb); MultiLineLengthKm(other) > MultiLineLengthKm(lines) {
				lines = other
			}
			borders = append(borders, Border{
				A:        countries[order[a]].Code,
				B:        countries[order[b]].Code,
				Geometry: lines,
				Source:   SourcePolygons,
			})
		}
	}
	return borders, nil
}

// traceRing returns the stretches of a closed ring (points pts, unit
// vectors vs, vs[n] == vs[0]) that lie within tol of country other's
// boundary: the edges whose ends are both near other (near[k] lists the
// countries near vertex k) and whose inner points are near too.
func traceRing(pts []orb.Point, vs []vec3, near [][]int, other int, g *edgeGrid, tol float64) []orb.LineString {
	n := len(vs) - 1
	onBorder := make([]bool, n) // edge k runs from vertex k to k+1
	all := true
	for k := 0; k < n; k++ {
		if containsSorted(near[k], other) && containsSorted(near[(k+1)%n], other) &&
			g.edgeNear(vs[k], vs[k+1], other, tol) {
			onBorder[k] = true
		} else {
			all = false
		}
	}
	if all {
		return []orb.LineString{append(orb.LineString(nil), pts...)}
	}
	// Start after an edge off the border, so that no stretch wraps round
	// the ring's first vertex.
	start := 0
	for onBorder[(start+n-1)%n] {
		start++
	}
	var lines []orb.LineString
	var cur orb.LineString
	for i := 0; i < n; i++ {
		k := (start + i) % n
		if onBorder[k] {
			if cur == nil {
				cur = orb.LineString{pts[k]}
			}
			cur = append(cur, pts[k+1])
		} else if cur != nil {
			lines = append(lines, cur)
			cur = nil
		}
	}
	if cur != nil {
		lines = append(lines, cur)
	}
	return lines
}

// mergeSorted returns the union of two sorted sets of ints.
func mergeSorted(a, b []int) []int {
	if len(b) == 0 {
		return a
	}
	out := make([]int, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

func containsSorted(s []int, x int) bool {
	_, found := slices.BinarySearch(s, x)
	return found
}

// A gridEdge is one boundary edge, a great-circle arc from a to b.
type gridEdge struct {
	country int // rank of the country
	a, b    vec3
}

type cellKey [3]int64

// An edgeGrid buckets edges into cubes of side size over the unit sphere.
// Each edge is entered in the cells of sample points spaced at most size/2
// apart along it, so a point within tol ≤ size/2 of an edge lies in a cell
// next to (or in) one of the edge's cells.
type edgeGrid struct {
	size  float64
	cells map[cellKey][]int32
	edges []gridEdge
}

func newEdgeGrid(edges []gridEdge, lens []float64, tol float64) *edgeGrid {
	// Cell size: at least twice the tolerance (as a chord), and at least
	// the median edge so that long edges do not flood the grid with
	// samples.
	sorted := append([]float64(nil), lens...)
	sort.Float64s(sorted)
	size := math.Max(2*2*math.Sin(tol/2), sorted[len(sorted)/2])
	size = math.Max(size, 1e-9)
	g := &edgeGrid{size: size, cells: map[cellKey][]int32{}, edges: edges}
	for i, e := range edges {
		// Normalised linear interpolation bunches the samples towards the
		// ends of long edges; four per cell keeps every gap under size/2.
		n := int(math.Ceil(4*lens[i]/size)) + 1
		last := cellKey{math.MinInt64}
		for s := 0; s <= n; s++ {
			k := g.key(nlerp(e.a, e.b, float64(s)/float64(n)))
			if k == last {
				continue
			}
			last = k
			if l := g.cells[k]; len(l) == 0 || l[len(l)-1] != int32(i) {
				g.cells[k] = append(l, int32(i))
			}
		}
	}
	return g
}

func (g *edgeGrid) key(v vec3) cellKey {
	return cellKey{
		int64(math.Floor(v[0] / g.size)),
		int64(math.Floor(v[1] / g.size)),
		int64(math.Floor(v[2] / g.size)),
	}
}

// visit calls fn with every edge entered in the 27 cells around v's cell,
// until fn returns false.
func (g *edgeGrid) visit(v vec3, fn func(e *gridEdge) bool) {
	k := g.key(v)
	for dx := int64(-1); dx <= 1; dx++ {
		for dy := int64(-1); dy <= 1; dy++ {
			for dz := int64(-1); dz <= 1; dz++ {
				for _, i := range g.cells[cellKey{k[0] + dx, k[1] + dy, k[2] + dz}] {
					if !fn(&g.edges[i]) {
						return
					}
				}
			}
		}
	}
}

// near returns, sorted, the ranks of the countries other than self with an
// edge within tol (radians) of v.
func (g *edgeGrid) near(v vec3, self int, tol float64) []int {
	var out []int
	g.visit(v, func(e *gridEdge) bool {
		if e.country == self {
			return true
		}
		if i, found := slices.BinarySearch(out, e.country); !found && arcDistance(v, e.a, e.b) <= tol {
			out = slices.Insert(out, i, e.country)
		}
		return true
	})
	return out
}

// maxEdgeSamples caps the points checked along one edge by edgeNear.
const maxEdgeSamples = 4096

// edgeNear reports whether the points along the arc from a to b, spaced at
// most 2·tol apart (at most maxEdgeSamples of them), all lie within tol of
// country's boundary; the ends are taken as checked.
func (g *edgeGrid) edgeNear(a, b vec3, country int, tol float64) bool {
	n := int(math.Min(math.Ceil(angle(a, b)/(2*tol)), maxEdgeSamples))
	n = max(n, 2)
	for i := 1; i < n; i++ {
		if !g.isNear(nlerp(a, b, float64(i)/float64(n)), country, tol) {
			return false
		}
	}
	return true
}

// isNear reports whether country has an edge within tol (radians) of v.
func (g *edgeGrid) isNear(v vec3, country int, tol float64) bool {
	found := false
	g.visit(v, func(e *gridEdge) bool {
		if e.country == country && arcDistance(v, e.a, e.b) <= tol {
			found = true
			return false
		}
		return true
	})
	return found
}

// MergeLines joins lines that meet end to start (reversing a line where
// needed) into as few lines as a greedy walk finds: starting from each line
// not yet used, in the order given, it extends the chain at either end with
// the first unused line touching that end, until none does or the chain
// closes. Ends meet when their points are exactly equal. Lines of fewer than
// two points are dropped. The result is sorted longest first (geodesic
// length; ties keep the order formed) and shares no memory with the input.
func MergeLines(lines []orb.LineString) orb.MultiLineString {
	type end struct {
		line int
		last bool // the line's last point, not its first
	}
	ends := map[orb.Point][]end{}
	for i, l := range lines {
		if len(l) < 2 {
			continue
		}
		ends[l[0]] = append(ends[l[0]], end{i, false})
		ends[l[len(l)-1]] = append(ends[l[len(l)-1]], end{i, true})
	}
	used := make([]bool, len(lines))
	// extend appends to chain, at its last point, unused lines that touch it.
	extend := func(chain orb.LineString) orb.LineString {
		for chain[0] != chain[len(chain)-1] || len(chain) < 3 {
			tail := chain[len(chain)-1]
			next := -1
			var nextEnd end
			for _, e := range ends[tail] {
				if !used[e.line] && (next < 0 || e.line < next) {
					next, nextEnd = e.line, e
				}
			}
			if next < 0 {
				break
			}
			used[next] = true
			l := lines[next]
			if nextEnd.last {
				for k := len(l) - 2; k >= 0; k-- {
					chain = append(chain, l[k])
				}
			} else {
				chain = append(chain, l[1:]...)
			}
		}
		return chain
	}
	var out orb.MultiLineString
	for i, l := range lines {
		if used[i] || len(l) < 2 {
			continue
		}
		used[i] = true
		chain := extend(append(orb.LineString(nil), l...))
		if chain[0] != chain[len(chain)-1] {
			// Extend backwards: reverse, extend, reverse back.
			chain.Reverse()
			chain = extend(chain)
			chain.Reverse()
		}
		out = append(out, chain)
	}
	km := make([]float64, len(out))
	for i, l := range out {
		km[i] = LineLengthKm(l)
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return km[idx[i]] > km[idx[j]] })
	sorted := make(orb.MultiLineString, len(out))
	for i, k := range idx {
		sorted[i] = out[k]
	}
	return sorted
}
