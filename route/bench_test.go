package route

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/routerisk/routerisk/geo"
)

// roadGraph returns a road-like graph: a side×side grid of junctions
// jittered over Kazakhstan, each linked both ways to its four neighbours,
// with a weight of geodesic length times a random circuity in [1, 1.6],
// and every 50th row and column a faster trunk road (weight × 0.6).
func roadGraph(tb testing.TB, side int, seed uint64) *Graph {
	tb.Helper()
	r := rand.New(rand.NewPCG(seed, 99))
	b := NewBuilder()
	const lon0, lat0, step = 50.0, 40.0, 0.02
	for i := 0; i < side; i++ {
		for j := 0; j < side; j++ {
			p := orb.Point{lon0 + step*(float64(j)+0.4*(r.Float64()-0.5)), lat0 + step*(float64(i)+0.4*(r.Float64()-0.5))}
			b.AddNode(Node{Kind: NodeJunction, Country: "KAZ", Point: p})
		}
	}
	add := func(u, v int64, trunk bool) {
		km := geo.DistanceKm(b.nodes[u].Point, b.nodes[v].Point) * (1 + 0.6*r.Float64())
		if trunk {
			km *= 0.6
		}
		for _, e := range [2][2]int64{{u, v}, {v, u}} {
			if _, err := b.AddEdge(Edge{From: e[0], To: e[1], Kind: EdgeRoad, Modes: RoadModes, LengthKm: km, Hours: km / 60}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	for i := 0; i < side; i++ {
		for j := 0; j < side; j++ {
			u := int64(i*side + j)
			if j+1 < side {
				add(u, u+1, i%50 == 0)
			}
			if i+1 < side {
				add(u, u+int64(side), j%50 == 0)
			}
		}
	}
	return b.Graph()
}

type benchFixture struct {
	name     string
	g        *Graph
	sg       *simple.WeightedDirectedGraph
	from, to int64
}

var (
	fixMu    sync.Mutex
	fixtures = map[string]*benchFixture{}
)

// fixture builds each benchmark graph once, with its gonum copy.
func fixture(b *testing.B, name string) *benchFixture {
	b.Helper()
	fixMu.Lock()
	defer fixMu.Unlock()
	if f, ok := fixtures[name]; ok {
		return f
	}
	f := &benchFixture{name: name}
	switch name {
	case "corridor":
		_, _, f.g = corridorGraph(b)
		f.from, _ = f.g.FindNode("Kunduz")
		f.to, _ = f.g.FindNode("Moscow")
	case "road25k":
		f.g = roadGraph(b, 158, 1)
		f.from, f.to = 0, int64(f.g.NumNodes()-1)
	case "road250k":
		f.g = roadGraph(b, 500, 1)
		f.from, f.to = 0, int64(f.g.NumNodes()-1)
	default:
		b.Fatalf("no fixture %q", name)
	}
	f.sg = toGonum(f.g)
	fixtures[name] = f
	return f
}

// reportPerEdge adds the bytes allocated per op and per edge.
func reportPerEdge(b *testing.B, before runtime.MemStats, edges int) {
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	per := float64(after.TotalAlloc-before.TotalAlloc) / float64(b.N)
	b.ReportMetric(per/float64(edges), "B/edge")
}

// BenchmarkShortestFrom is single-source shortest paths to every node:
// ShortestFrom (its trees kept, or released for the next to reuse) against
// the reference search of the tests (the workspace's heap over the CSR
// arrays) and gonum's path.DijkstraFrom on the identical graph.
func BenchmarkShortestFrom(b *testing.B) {
	impls := []struct {
		name string
		run  func(f *benchFixture) error
	}{
		{"route", func(f *benchFixture) error { _, err := ShortestFrom(f.g, f.from, AllModes); return err }},
		{"route-released", func(f *benchFixture) error {
			tr, err := ShortestFrom(f.g, f.from, AllModes)
			if err == nil {
				tr.Release() // the next tree reuses its arrays
			}
			return err
		}},
		{"reference", func(f *benchFixture) error { // the search the trees are held to (sssp_ref_test.go)
			refSsspAll(f.g, f.g.forward(), []int32{int32(f.from)}, AllModes)
			return nil
		}},
		{"gonum", func(f *benchFixture) error { path.DijkstraFrom(simple.Node(f.from), f.sg); return nil }},
	}
	for _, name := range []string{"corridor", "road250k"} {
		for _, impl := range impls {
			b.Run(name+"/"+impl.name, func(b *testing.B) {
				f := fixture(b, name)
				b.ReportAllocs()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if err := impl.run(f); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				reportPerEdge(b, ms, f.g.NumEdges())
			})
		}
	}
}

// BenchmarkKShortest is the k = 10 best loopless routes between far-apart
// nodes: KShortest against gonum's path.YenKShortestPaths.
func BenchmarkKShortest(b *testing.B) {
	const k = 10
	for _, name := range []string{"corridor", "road25k"} {
		b.Run(name+"/route", func(b *testing.B) {
			f := fixture(b, name)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ps, err := KShortest(f.g, []int64{f.from}, []int64{f.to}, k, AllModes)
				if err != nil || len(ps) != k {
					b.Fatal(len(ps), err)
				}
			}
		})
		b.Run(name+"/gonum", func(b *testing.B) {
			f := fixture(b, name)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ps := path.YenKShortestPaths(f.sg, k, math.Inf(1), simple.Node(f.from), simple.Node(f.to))
				if len(ps) != k {
					b.Fatal(len(ps))
				}
			}
		})
	}
}

// BenchmarkGraphMemory builds each graph from the same edges and reports
// the bytes it keeps per edge once built (live heap after a collection,
// "kept-B/edge") and the bytes allocated while building ("B/edge"): the
// Graph (through a Builder and through FromEdges) against gonum's
// simple.WeightedDirectedGraph. The Graph keeps at most 64 bytes per edge.
func BenchmarkGraphMemory(b *testing.B) {
	build := map[string]func(f *benchFixture) any{
		"route": func(f *benchFixture) any {
			bd := NewBuilder()
			for v := 0; v < f.g.NumNodes(); v++ {
				bd.AddNode(Node{Kind: NodeJunction, Country: "KAZ", Point: f.g.c.nodes[v].Point})
			}
			for e := range f.g.c.edges {
				r := &f.g.c.edges[e]
				bd.AddEdge(Edge{From: int64(r.from), To: int64(r.to), Kind: EdgeRoad, Modes: RoadModes, LengthKm: f.g.c.length[e]})
			}
			return bd.Graph()
		},
		"route-FromEdges": func(f *benchFixture) any {
			edges := make([]PlainEdge, f.g.NumEdges())
			for e := range edges {
				r := &f.g.c.edges[e]
				edges[e] = PlainEdge{From: int64(r.from), To: int64(r.to), Weight: f.g.c.length[e]}
			}
			g, err := FromEdges(f.g.NumNodes(), edges)
			if err != nil {
				b.Fatal(err)
			}
			return g
		},
		"gonum": func(f *benchFixture) any { return toGonum(f.g) },
	}
	for _, name := range []string{"road250k"} {
		for _, impl := range []string{"route", "route-FromEdges", "gonum"} {
			b.Run(name+"/"+impl, func(b *testing.B) {
				f := fixture(b, name)
				b.ReportAllocs()
				var kept float64
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					var m0, m1 runtime.MemStats
					runtime.GC()
					runtime.ReadMemStats(&m0)
					b.StartTimer()
					g := build[impl](f)
					b.StopTimer()
					runtime.GC()
					runtime.ReadMemStats(&m1)
					kept += float64(int64(m1.HeapAlloc) - int64(m0.HeapAlloc))
					runtime.KeepAlive(g)
					b.StartTimer()
				}
				b.StopTimer()
				reportPerEdge(b, ms, f.g.NumEdges())
				b.ReportMetric(kept/float64(b.N)/float64(f.g.NumEdges()), "kept-B/edge")
			})
		}
	}
}

// BenchmarkBuild builds the corridor graph from the embedded data.
func BenchmarkBuild(b *testing.B) {
	c, segs, _ := corridorGraph(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Build(c, segs, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOther times the remaining routines on the corridor.
func BenchmarkOther(b *testing.B) {
	b.Run("Diverse/corridor", func(b *testing.B) {
		f := fixture(b, "corridor")
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := Diverse(f.g, []int64{f.from}, []int64{f.to}, 5, 0.5, AllModes); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("MinCut/corridor", func(b *testing.B) {
		f := fixture(b, "corridor")
		caps := BorderCapacities(f.g, 1, 1, 1)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := MinCut(f.g, f.g.OriginNodes(), f.g.DestinationNodes(), caps); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ODBetweenness/corridor", func(b *testing.B) {
		f := fixture(b, "corridor")
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			ODBetweenness(f.g, AllModes)
		}
	})
}
