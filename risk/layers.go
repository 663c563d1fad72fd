package risk

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/atomicfile"
	par "github.com/routerisk/routerisk/internal/parallel"
	"github.com/routerisk/routerisk/route"
)

// num returns v as a GeoJSON property: nil (null) when v is not finite.
func num(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// segmentScore is the score of a segment in the mode the smuggler would
// choose: the lowest probability over foot, horse and vehicle.
type segmentScore struct {
	best GapScore
	by   [3]Prob // by GapMode
}

func (m *Model) segmentScore(seg geo.Segment) (segmentScore, error) {
	var ss segmentScore
	for i, mode := range []GapMode{GapFoot, GapHorse, GapVehicle} {
		gs, err := m.settings.scoreGap(seg, mode)
		if err != nil {
			return ss, err
		}
		ss.by[mode] = gs.P
		if i == 0 || gs.P < ss.best.P {
			ss.best = gs
		}
	}
	return ss, nil
}

// rankAscending returns the 1-based rank of each value, lowest first, ties
// broken by id.
func rankAscending(vals []float64, ids []string) []int {
	order := make([]int, len(vals))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(vals[a], vals[b]), cmp.Compare(ids[a], ids[b]))
	})
	rank := make([]int, len(vals))
	for r, i := range order {
		rank[i] = r + 1
	}
	return rank
}

// segmentScoreProps is the number of properties SegmentsLayer adds to the
// segment's own.
const segmentScoreProps = 24

// SegmentsLayer returns the border segments scored under r's model, as
// LineString features with flat properties: the segment's own (id, a, b,
// length_km and the remoteness distances of the geo schema); p_interdict,
// the probability in the mode a smuggler would choose there (mode, the
// lowest of p_foot, p_horse, p_vehicle); the terms of that score per side
// (base_a, guard_km_a after upgrades, f_a, settlement_km_a, g_a, patrol_a,
// intensity_a, p_a, and the same for b; mode_factor); remote_km, the
// distance to the nearest outpost or crossing on either side; rank, 1 for
// the most permeable segment (lowest p_interdict, ties by id); and tonnes
// and seized_kg, the flow crossing there a year (both directions). A
// distance of +Inf is null.
func SegmentsLayer(r *Result, segs []geo.Segment) (*geojson.FeatureCollection, error) {
	if r == nil || r.model == nil {
		return nil, fmt.Errorf("%w: a result of Run is needed", ErrMismatch)
	}
	m := r.model
	flows := map[string]featureFlow{}
	for _, f := range r.featureFlows() {
		if f.Kind == "gap" {
			flows[f.Feature] = f
		}
	}
	// The segments are scored and their maps filled on all cores; the
	// first error in the segments' order is returned.
	const chunk = 256
	scores := make([]segmentScore, len(segs))
	errs := make([]error, len(segs))
	par.For(len(segs), chunk, func(i int) { scores[i], errs[i] = m.segmentScore(segs[i]) })
	ps := make([]float64, len(segs))
	ids := make([]string, len(segs))
	for i, err := range errs {
		if err != nil {
			return nil, err
		}
		ps[i], ids[i] = float64(scores[i].best.P), segs[i].ID
	}
	rank := rankAscending(ps, ids)
	fc := geo.SegmentsLayer(segs) // the segments' own properties, in order
	par.For(len(segs), chunk, func(i int) {
		seg, f, ss := &segs[i], fc.Features[i], &scores[i]
		// The segment's own properties are copied into a map made for
		// all, so that it does not grow while the score's are added.
		p := make(geojson.Properties, len(f.Properties)+segmentScoreProps)
		maps.Copy(p, f.Properties)
		f.Properties = p
		p["p_interdict"] = float64(ss.best.P)
		p["mode"] = ss.best.Mode.String()
		p["mode_factor"] = float64(ss.best.ModeFactor)
		p["p_foot"], p["p_horse"], p["p_vehicle"] = float64(ss.by[GapFoot]), float64(ss.by[GapHorse]), float64(ss.by[GapVehicle])
		for side, k := range sideProps {
			sd := ss.best.Sides[side]
			p[k.base], p[k.guardKm], p[k.f], p[k.g] = float64(sd.Base), num(sd.GuardKm), sd.GuardFactor, sd.SettlementFactor
			p[k.patrol], p[k.intensity], p[k.p] = float64(sd.Patrol), sd.Intensity, float64(sd.P)
		}
		p["remote_km"] = num(seg.Remote.NearestGuardKm())
		p["rank"] = rank[i]
		p["tonnes"] = flows[seg.ID].Tonnes
		p["seized_kg"] = flows[seg.ID].SeizedKg
	})
	return fc, nil
}

// sideProps are the names of the per-side properties of SegmentsLayer,
// side A then side B.
var sideProps = [2]struct{ base, guardKm, f, g, patrol, intensity, p string }{
	{"base_a", "guard_km_a", "f_a", "g_a", "patrol_a", "intensity_a", "p_a"},
	{"base_b", "guard_km_b", "f_b", "g_b", "patrol_b", "intensity_b", "p_b"},
}

// crossingView is the scored view of one crossing: the carrier and the
// direction that carry the most flow through it (when none does, the first
// carrier and the direction into B, or into A for a port).
type crossingView struct {
	carrier, entering string
	score             CrossingScore
	into              [2]Prob // into A, into B (NaN where there is no B)
	tonnes, seizedKg  float64
}

// crossingViews returns the view of every crossing of xs under r.
func (r *Result) crossingViews(xs []geo.Crossing) ([]crossingView, error) {
	m := r.model
	type dir struct{ id, carrier, entering string }
	// The uses are found on all cores and added up in the routes' order.
	uses := make([][]featureUse, len(r.Routes))
	par.For(len(r.Routes), 1024, func(i int) { uses[i] = m.featureUses(&r.Routes[i]) })
	flow := map[dir]float64{}
	for i := range r.Routes {
		rt := &r.Routes[i]
		for _, u := range uses[i] {
			if u.kind == "crossing" {
				flow[dir{u.feature, rt.Carrier, u.entering}] += u.tonnes
			}
		}
	}
	totals := map[string]featureFlow{}
	for _, f := range r.featureFlows() {
		if f.Kind == "crossing" {
			totals[f.Feature] = f
		}
	}
	views := make([]crossingView, len(xs))
	for i, x := range xs {
		v := crossingView{carrier: m.carriers[0].Name, entering: x.B}
		if x.B == "" {
			v.entering = x.A
		}
		best := 0.0
		for _, t := range m.carriers {
			for _, ent := range []string{x.A, x.B} {
				if f := flow[dir{x.ID, t.Name, ent}]; ent != "" && f > best {
					best, v.carrier, v.entering = f, t.Name, ent
				}
			}
		}
		cs, err := m.settings.scoreCrossing(x, v.entering, v.carrier)
		if err != nil {
			return nil, err
		}
		v.score = cs
		for j, ent := range []string{x.A, x.B} {
			v.into[j] = Prob(math.NaN())
			if ent != "" {
				s, err := m.settings.scoreCrossing(x, ent, v.carrier)
				if err != nil {
					return nil, err
				}
				v.into[j] = s.P
			}
		}
		v.tonnes, v.seizedKg = totals[x.ID].Tonnes, totals[x.ID].SeizedKg
		views[i] = v
	}
	return views, nil
}

// CrossingsLayer returns the official crossings scored under r's model, as
// Point features with flat properties: id, name, a, b, mode, source; the
// carrier and the country entered that carry the most flow there (carrier,
// entering), and for them p_interdict with its terms (regime, and scanner
// and dogs as booleans, after the scenario's rules; inspection, detection,
// intensity, protected); the crossing's own inspection_rate and wait_hours
// (null when it has none); p_into_a and p_into_b, the probability in each direction
// (null for a port's missing side); rank, 1 for the most permeable crossing
// (lowest p_interdict, ties by id); and tonnes and seized_kg a year, both
// directions. geo.ReadCrossings reads the layer back, with the regime and
// equipment of the scenario. Every property keeps one Go type (float64 for
// numbers but rank, an int) whatever the settings.
func CrossingsLayer(r *Result, xs []geo.Crossing) (*geojson.FeatureCollection, error) {
	if r == nil || r.model == nil {
		return nil, fmt.Errorf("%w: a result of Run is needed", ErrMismatch)
	}
	views, err := r.crossingViews(xs)
	if err != nil {
		return nil, err
	}
	ps := make([]float64, len(xs))
	ids := make([]string, len(xs))
	for i, v := range views {
		ps[i], ids[i] = float64(v.score.P), xs[i].ID
	}
	rank := rankAscending(ps, ids)
	fc := newFeatures(len(xs))
	for i, x := range xs {
		v := views[i]
		f := fc.Features[i]
		p := make(geojson.Properties, 23)
		f.Geometry, f.Properties = x.Point, p
		p["id"], p["name"], p["a"], p["b"], p["mode"] = x.ID, x.Name, x.A, x.B, string(x.Mode)
		p["source"] = x.Source
		p["carrier"], p["entering"] = v.carrier, v.entering
		p["regime"] = string(v.score.Regime)
		p["scanner"], p["dogs"] = v.score.Scanner, v.score.Dogs
		p["inspection"], p["detection"] = float64(v.score.Inspection), float64(v.score.Detection)
		p["intensity"], p["protected"] = v.score.Intensity, float64(v.score.Protected)
		p["inspection_rate"], p["wait_hours"] = optional(x.InspectionRate), optional(x.WaitHours)
		p["p_interdict"] = float64(v.score.P)
		p["p_into_a"], p["p_into_b"] = num(float64(v.into[0])), num(float64(v.into[1]))
		p["rank"] = rank[i]
		p["tonnes"], p["seized_kg"] = v.tonnes, v.seizedKg
	}
	return fc, nil
}

// newFeatures returns a collection of n features of type Feature made in
// one array, with no geometry and no properties.
func newFeatures(n int) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	fc.Features = make([]*geojson.Feature, n)
	fs := make([]geojson.Feature, n)
	for i := range fs {
		fs[i].Type = "Feature"
		fc.Features[i] = &fs[i]
	}
	return fc
}

// boxes holds one property value for each string, so that a string
// repeated over a layer is boxed into an interface value once.
type boxes map[string]any

// of returns s as a property value.
func (b boxes) of(s string) any {
	v, ok := b[s]
	if !ok {
		v = s
		b[s] = v
	}
	return v
}

// joiner returns lists joined by commas as property values, each distinct
// list made and boxed once.
type joiner struct {
	buf  []byte
	seen map[string]any
}

// join returns strings.Join(list, ",") as a property value.
func (j *joiner) join(list []string) any {
	j.buf = j.buf[:0]
	for i, s := range list {
		if i > 0 {
			j.buf = append(j.buf, ',')
		}
		j.buf = append(j.buf, s...)
	}
	if v, ok := j.seen[string(j.buf)]; ok {
		return v
	}
	s := string(j.buf)
	j.seen[s] = s
	return j.seen[s]
}

// optional returns *v, or nil (a JSON null) for nil.
func optional(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// pathLine returns the path's line, or the line through its nodes when the
// path has none.
func pathLine(g *route.Graph, p route.Path) orb.LineString {
	return appendPathLine(make(orb.LineString, 0, pathLineLen(p)), g, p)
}

// pathLineLen returns the number of points of pathLine(g, p).
func pathLineLen(p route.Path) int {
	switch {
	case len(p.Line) >= 2:
		return len(p.Line)
	case len(p.Nodes) == 1:
		return 2
	}
	return len(p.Nodes)
}

// appendPathLine appends pathLine(g, p) to dst.
func appendPathLine(dst orb.LineString, g *route.Graph, p route.Path) orb.LineString {
	if len(p.Line) >= 2 {
		return append(dst, p.Line...)
	}
	for _, n := range p.Nodes {
		dst = append(dst, g.NodeAt(n).Point)
	}
	if len(p.Nodes) == 1 {
		dst = append(dst, dst[len(dst)-1])
	}
	return dst
}

// RoutesLayer returns r's routes as LineString features, most flow first,
// with flat properties: rank, carrier, origin, destination, choice (its
// position among the best routes of its pair), p_interdict, length_km,
// hours, cost, path_size, share, tonnes, seized_kg, and the crossings, gaps
// and countries it passes as comma-separated lists. r must come from Run.
func RoutesLayer(r *Result) (*geojson.FeatureCollection, error) {
	if r == nil || r.model == nil {
		return nil, fmt.Errorf("%w: a result of Run is needed", ErrMismatch)
	}
	// The lines are copied into one array, each line's capacity ending with
	// it, so that the layer shares no memory with r; the strings are boxed
	// once; then the property maps are filled on all cores.
	g, n := r.model.graph, 0
	for i := range r.Routes {
		n += pathLineLen(r.Routes[i].Path)
	}
	pts := make([]orb.Point, 0, n)
	fc := newFeatures(len(r.Routes))
	strs := boxes{}
	for i := range r.Routes {
		rt := &r.Routes[i]
		start := len(pts)
		pts = appendPathLine(pts, g, rt.Path)
		fc.Features[i].Geometry = orb.LineString(pts[start:len(pts):len(pts)])
		strs.of(rt.Carrier)
		strs.of(rt.Origin)
		strs.of(rt.Destination)
	}
	const chunk = 1024
	parallel((len(r.Routes)+chunk-1)/chunk, func(k int) error {
		lists := joiner{seen: map[string]any{}}
		for i := k * chunk; i < min(len(r.Routes), (k+1)*chunk); i++ {
			rt := &r.Routes[i]
			p := make(geojson.Properties, 16)
			p["rank"], p["carrier"], p["origin"], p["destination"], p["choice"] = rt.Rank, strs[rt.Carrier], strs[rt.Origin], strs[rt.Destination], rt.Choice
			p["p_interdict"], p["length_km"], p["hours"], p["cost"] = float64(rt.P), rt.LengthKm, rt.Hours, rt.Cost
			p["path_size"], p["share"], p["tonnes"], p["seized_kg"] = rt.PathSize, rt.Share, rt.Tonnes, rt.SeizedKg
			p["crossings"], p["gaps"], p["countries"] = lists.join(rt.Crossings), lists.join(rt.Gaps), lists.join(rt.Countries)
			fc.Features[i].Properties = p
		}
		return nil
	})
	return fc, nil
}

// FlowsLayer returns every edge that carries flow as a LineString feature
// with flat properties: edge (its ID), kind, from and to (node names),
// country, country2, feature, tonnes (flow entering it a year), seized_kg
// and p_interdict (seized_kg / 1000·tonnes, over all carriers). r must
// come from Run.
func FlowsLayer(r *Result) (*geojson.FeatureCollection, error) {
	if r == nil || r.model == nil {
		return nil, fmt.Errorf("%w: a result of Run is needed", ErrMismatch)
	}
	g, n := r.model.graph, 0
	for _, t := range r.EdgeTonnes {
		if t > 0 {
			n++
		}
	}
	fc, i := newFeatures(n), 0
	for e, t := range r.EdgeTonnes {
		if t <= 0 {
			continue
		}
		ed := g.EdgeAt(e)
		f := fc.Features[i]
		i++
		p := make(geojson.Properties, 10)
		f.Geometry, f.Properties = ed.Line, p // a copy of the line, two points at least
		p["edge"], p["kind"] = e, ed.Kind.String()
		p["from"], p["to"] = g.NodeAt(ed.From).Name, g.NodeAt(ed.To).Name
		p["country"], p["country2"], p["feature"] = ed.Country, ed.Country2, ed.Feature
		p["tonnes"], p["seized_kg"] = t, r.EdgeSeizedKg[e]
		p["p_interdict"] = min(1, r.EdgeSeizedKg[e]/(1000*t))
	}
	return fc, nil
}

// SegmentsDiffLayer returns the segments with their probability and flow
// under a and b, results of the same graph: p_a, p_b, delta_p (b − a, in
// the mode each scenario's smugglers would choose), tonnes_a, tonnes_b and
// delta_tonnes, with id, a, b and length_km.
func SegmentsDiffLayer(a, b *Result, segs []geo.Segment) (*geojson.FeatureCollection, error) {
	if a == nil || b == nil || a.model == nil || b.model == nil || a.model.graph != b.model.graph {
		return nil, fmt.Errorf("%w: results on different graphs", ErrMismatch)
	}
	fa, fb := a.featureFlows(), b.featureFlows()
	tonnes := func(fs []featureFlow, id string) float64 {
		i, ok := slices.BinarySearchFunc(fs, id, func(f featureFlow, id string) int { return cmp.Compare(f.Feature, id) })
		if !ok {
			return 0
		}
		return fs[i].Tonnes
	}
	fc := geojson.NewFeatureCollection()
	for _, seg := range segs {
		sa, err := a.model.segmentScore(seg)
		if err != nil {
			return nil, err
		}
		sb, err := b.model.segmentScore(seg)
		if err != nil {
			return nil, err
		}
		f := geojson.NewFeature(slices.Clone(seg.Line))
		p := f.Properties
		p["id"], p["a"], p["b"], p["length_km"] = seg.ID, seg.A, seg.B, seg.LengthKm
		p["p_a"], p["p_b"], p["delta_p"] = float64(sa.best.P), float64(sb.best.P), float64(sb.best.P-sa.best.P)
		ta, tb := tonnes(fa, seg.ID), tonnes(fb, seg.ID)
		p["tonnes_a"], p["tonnes_b"], p["delta_tonnes"] = ta, tb, tb-ta
		fc.Append(f)
	}
	return fc, nil
}

// CrossingsDiffLayer returns the crossings with their probability and flow
// under a and b, results of the same graph: p_a and p_b (each for the
// carrier and direction with the most flow in that result), delta_p,
// tonnes_a, tonnes_b and delta_tonnes, with id, name, a, b and mode.
func CrossingsDiffLayer(a, b *Result, xs []geo.Crossing) (*geojson.FeatureCollection, error) {
	if a == nil || b == nil || a.model == nil || b.model == nil || a.model.graph != b.model.graph {
		return nil, fmt.Errorf("%w: results on different graphs", ErrMismatch)
	}
	va, err := a.crossingViews(xs)
	if err != nil {
		return nil, err
	}
	vb, err := b.crossingViews(xs)
	if err != nil {
		return nil, err
	}
	fc := geojson.NewFeatureCollection()
	for i, x := range xs {
		f := geojson.NewFeature(x.Point)
		p := f.Properties
		p["id"], p["name"], p["a"], p["b"], p["mode"] = x.ID, x.Name, x.A, x.B, string(x.Mode)
		p["p_a"], p["p_b"], p["delta_p"] = float64(va[i].score.P), float64(vb[i].score.P), float64(vb[i].score.P-va[i].score.P)
		p["regime_a"], p["regime_b"] = string(va[i].score.Regime), string(vb[i].score.Regime)
		p["tonnes_a"], p["tonnes_b"], p["delta_tonnes"] = va[i].tonnes, vb[i].tonnes, vb[i].tonnes-va[i].tonnes
		fc.Append(f)
	}
	return fc, nil
}

// RoutesDiffLayer returns the routes of a comparison as LineString
// features: carrier, origin, destination, rank_a and rank_b (0 where not
// chosen), p_a, p_b, delta_p, tonnes_a, tonnes_b, delta_tonnes, crossings
// and gaps.
func RoutesDiffLayer(c *Comparison) (*geojson.FeatureCollection, error) {
	if c == nil || c.model == nil {
		return nil, fmt.Errorf("%w: a comparison of Compare is needed", ErrMismatch)
	}
	fc := geojson.NewFeatureCollection()
	for _, rc := range c.Routes {
		f := geojson.NewFeature(pathLine(c.model.graph, rc.Path))
		p := f.Properties
		p["carrier"], p["origin"], p["destination"] = rc.Carrier, rc.Origin, rc.Destination
		p["rank_a"], p["rank_b"] = rc.RankA, rc.RankB
		p["p_a"], p["p_b"], p["delta_p"] = float64(rc.PA), float64(rc.PB), float64(rc.PB-rc.PA)
		p["tonnes_a"], p["tonnes_b"], p["delta_tonnes"] = rc.TonnesA, rc.TonnesB, rc.TonnesB-rc.TonnesA
		p["crossings"], p["gaps"] = strings.Join(rc.Crossings, ","), strings.Join(rc.Gaps, ",")
		fc.Append(f)
	}
	return fc, nil
}

// MovesLayer returns the displacement of a comparison as LineString
// features from the feature that lost flow to the one that gained it (a
// crossing's point, a segment's midpoint): from, to, from_kind, to_kind,
// entering and tonnes.
func MovesLayer(c *Comparison) (*geojson.FeatureCollection, error) {
	if c == nil || c.model == nil {
		return nil, fmt.Errorf("%w: a comparison of Compare is needed", ErrMismatch)
	}
	m := c.model
	point := func(id, kind string) orb.Point {
		if kind == "gap" {
			return m.segments[id].Mid
		}
		return m.crossings[id].Point
	}
	fc := geojson.NewFeatureCollection()
	for _, mv := range c.Moves {
		f := geojson.NewFeature(orb.LineString{point(mv.From, mv.FromKind), point(mv.To, mv.ToKind)})
		p := f.Properties
		p["from"], p["to"], p["from_kind"], p["to_kind"] = mv.From, mv.To, mv.FromKind, mv.ToKind
		p["entering"], p["tonnes"] = mv.Entering, mv.Tonnes
		fc.Append(f)
	}
	return fc, nil
}

// countryOrder returns the countries of r: those of first in its order,
// then the others by code.
func countryOrder(r *Result, first []string) []CountrySeizure {
	out := slices.Clone(r.Countries)
	slices.SortStableFunc(out, func(x, y CountrySeizure) int {
		ix, iy := slices.Index(first, x.Country), slices.Index(first, y.Country)
		if ix < 0 {
			ix = len(first)
		}
		if iy < 0 {
			iy = len(first)
		}
		return cmp.Or(cmp.Compare(ix, iy), cmp.Compare(x.Country, y.Country))
	})
	return out
}

// WriteCountryCSV writes the per-country summary of r to path, atomically,
// as EncodeCountryCSV does.
func WriteCountryCSV(path string, r *Result, t *Target) error {
	return atomicfile.Write(path, func(w io.Writer) error { return EncodeCountryCSV(w, r, t) })
}

// EncodeCountryCSV writes the per-country summary of r to w: country,
// flow_in_t, seized_kg, crossing_kg, gap_kg, inland_kg, p_interdict, share
// and observed_share. With a target t that has shares, share and
// observed_share (the target's share rescaled to add up to 1) are both
// over the target's share countries, empty for the others, and those
// countries come first in the target's order; without one (t nil or no
// shares), share is the Result's (over Settings.ShareCountries, or every
// country) and observed_share is empty. Then the others by code.
func EncodeCountryCSV(w io.Writer, r *Result, t *Target) error {
	if r == nil {
		return fmt.Errorf("%w: nil result", ErrMismatch)
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }
	first := r.Settings.ShareCountries
	obs, mod := map[string]string{}, map[string]string{}
	if t != nil && len(t.Shares) > 0 {
		first = t.ShareCountries()
		var sumObs, sumMod float64
		for _, o := range t.Shares {
			sumObs += o.Share
			c, _ := r.Country(o.Country)
			sumMod += c.SeizedKg
		}
		for _, o := range t.Shares {
			c, _ := r.Country(o.Country)
			if sumObs > 0 {
				obs[o.Country] = f(o.Share / sumObs)
			}
			if sumMod > 0 {
				mod[o.Country] = f(c.SeizedKg / sumMod)
			} else {
				mod[o.Country] = f(0)
			}
		}
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"country", "flow_in_t", "seized_kg", "crossing_kg", "gap_kg", "inland_kg", "p_interdict", "share", "observed_share"})
	for _, c := range countryOrder(r, first) {
		share := f(c.Share)
		if len(obs) > 0 || len(mod) > 0 {
			share = mod[c.Country]
		}
		cw.Write([]string{c.Country, f(c.InflowTonnes), f(c.SeizedKg), f(c.CrossingKg), f(c.GapKg), f(c.InlandKg), f(float64(c.P)), share, obs[c.Country]})
	}
	cw.Flush()
	return cw.Error()
}
