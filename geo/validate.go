package geo

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// MaxCrossingOffsetKm is how far Validate lets an official crossing lie
// from the border of its pair (a sea port: from its country's coast)
// before it reports an Error. 1:10m borders are generalised by a few km;
// a crossing farther off is misplaced.
const MaxCrossingOffsetKm = 10.0

// PlaceSlackKm is how far outside its country's polygon Validate lets a
// settlement, origin or destination lie with only a Warning (towns on a
// border river fall outside generalised polygons); farther is an Error.
const PlaceSlackKm = 5.0

// Validate returns the problems of the corridor, sorted by layer, ID and
// message. Errors (an analysis must refuse the corridor):
//   - a duplicate ID in any layer (a duplicate code among the countries);
//   - a country code, in any layer, that is not among the corridor's
//     countries;
//   - a land crossing on a pair that shares no border, or more than
//     MaxCrossingOffsetKm from the border of its pair; a ferry crossing or
//     sea port more than MaxCrossingOffsetKm from its country's coast;
//   - a settlement, origin or destination more than PlaceSlackKm outside
//     its country's polygon (with a hint when swapping longitude and
//     latitude, or another corridor country, would place it);
//   - no origins, or no destinations; a weight that is not a finite number
//     ≥ 0, or weights that are all zero;
//   - a road or railway with fewer than two points;
//   - a crossing's InspectionRate outside [0,1] or WaitHours outside
//     [0, 8760].
//
// Warnings: a settlement, origin or destination outside its country's
// polygon by at most PlaceSlackKm, or in a hole of it (an enclave, a
// lease such as Baikonur, a lake).
func (c *Corridor) Validate() []Finding {
	if c == nil {
		return []Finding{{Severity: Error, Layer: "corridor", Message: "nil corridor"}}
	}
	v := &validator{c: c, countries: map[string]*Country{}, prepared: map[*Country]*preparedCountry{}}
	for i := range c.Countries {
		k := &c.Countries[i]
		v.countries[k.Code] = k
		v.prepared[k] = prepare(k)
	}
	v.duplicates()
	v.codes()
	v.crossings()
	v.places("settlements", len(c.Settlements), func(i int) (string, string, orb.Point) {
		s := c.Settlements[i]
		return s.ID, s.Country, s.Point
	})
	for _, l := range []struct {
		layer string
		ps    []Place
	}{{"origins", c.Origins}, {"destinations", c.Destinations}} {
		v.places(l.layer, len(l.ps), func(i int) (string, string, orb.Point) { return l.ps[i].ID, l.ps[i].Country, l.ps[i].Point })
		v.weights(l.layer, l.ps)
	}
	for _, l := range []struct {
		layer string
		rs    []Road
	}{{"roads", c.Roads}, {"railways", c.Railways}} {
		for _, r := range l.rs {
			if len(r.Line) < 2 {
				v.add(Error, l.layer, r.ID, "line of %d point(s): a road or railway needs at least 2", len(r.Line))
			}
		}
	}
	slices.SortFunc(v.out, func(a, b Finding) int {
		if a.Layer != b.Layer {
			return strings.Compare(a.Layer, b.Layer)
		}
		if a.ID != b.ID {
			return strings.Compare(a.ID, b.ID)
		}
		return strings.Compare(a.Message, b.Message)
	})
	return v.out
}

type validator struct {
	c         *Corridor
	countries map[string]*Country
	prepared  map[*Country]*preparedCountry
	out       []Finding
}

func (v *validator) add(sev Severity, layer, id, format string, args ...any) {
	v.out = append(v.out, Finding{Severity: sev, Layer: layer, ID: id, Message: fmt.Sprintf(format, args...)})
}

// duplicates reports each ID given more than once in a layer.
func (v *validator) duplicates() {
	c := v.c
	check := func(layer string, n int, id func(i int) string) {
		seen := make(map[string][]int, n)
		var order []string
		for i := 0; i < n; i++ {
			k := id(i)
			if len(seen[k]) == 1 {
				order = append(order, k)
			}
			seen[k] = append(seen[k], i)
		}
		for _, k := range order {
			v.add(Error, layer, k, "ID given %d times (features %v): IDs must be unique", len(seen[k]), seen[k])
		}
	}
	check("countries", len(c.Countries), func(i int) string { return c.Countries[i].Code })
	check("borders", len(c.Borders), func(i int) string { return c.Borders[i].Pair() })
	check("settlements", len(c.Settlements), func(i int) string { return c.Settlements[i].ID })
	check("crossings", len(c.Crossings), func(i int) string { return c.Crossings[i].ID })
	check("outposts", len(c.Outposts), func(i int) string { return c.Outposts[i].ID })
	check("origins", len(c.Origins), func(i int) string { return c.Origins[i].ID })
	check("destinations", len(c.Destinations), func(i int) string { return c.Destinations[i].ID })
	check("roads", len(c.Roads), func(i int) string { return c.Roads[i].ID })
	check("railways", len(c.Railways), func(i int) string { return c.Railways[i].ID })
}

// known reports whether code is one of the corridor's countries.
func (v *validator) known(code string) bool { _, ok := v.countries[code]; return ok }

// unknown reports a code that is not among the corridor's countries.
func (v *validator) unknown(layer, id, field, code string) {
	codes := make([]string, 0, len(v.countries))
	for k := range v.countries {
		codes = append(codes, k)
	}
	slices.Sort(codes)
	what := "not among the corridor's countries"
	if !isCode(code) {
		what = "not an ISO 3166-1 alpha-3 code (assigned or user-assigned) and " + what
	}
	v.add(Error, layer, id, "%s %q is %s (%s)", field, code, what, strings.Join(codes, ", "))
}

// codes reports every country code of a layer that the countries layer
// does not define.
func (v *validator) codes() {
	c := v.c
	for _, k := range c.Countries {
		if !isCode(k.Code) {
			v.add(Error, "countries", k.Code, "code %q is not an ISO 3166-1 alpha-3 code, assigned or user-assigned (such as XKX)", k.Code)
		}
	}
	for _, b := range c.Borders {
		for _, code := range []string{b.A, b.B} {
			if !v.known(code) {
				v.unknown("borders", b.Pair(), "country", code)
			}
		}
	}
	for _, s := range c.Settlements {
		if !v.known(s.Country) {
			v.unknown("settlements", s.ID, "country", s.Country)
		}
	}
	for _, x := range c.Crossings {
		if !v.known(x.A) {
			v.unknown("crossings", x.ID, "a", x.A)
		}
		if x.B != "" && !v.known(x.B) {
			v.unknown("crossings", x.ID, "b", x.B)
		}
	}
	for _, o := range c.Outposts {
		if !v.known(o.Country) {
			v.unknown("outposts", o.ID, "country", o.Country)
		}
	}
	for _, l := range []struct {
		layer string
		ps    []Place
	}{{"origins", c.Origins}, {"destinations", c.Destinations}} {
		for _, p := range l.ps {
			if !v.known(p.Country) {
				v.unknown(l.layer, p.ID, "country", p.Country)
			}
		}
	}
	for _, l := range []struct {
		layer string
		rs    []Road
	}{{"roads", c.Roads}, {"railways", c.Railways}} {
		for _, r := range l.rs {
			if r.Country != "" && !v.known(r.Country) {
				v.unknown(l.layer, r.ID, "country", r.Country)
			}
		}
	}
}

// boundaryKm returns the distance in km from p to the boundary of k.
func boundaryKm(p orb.Point, k *Country) float64 {
	d := math.Inf(1)
	for _, poly := range k.Geometry {
		for _, ring := range poly {
			d = math.Min(d, PointLineDistanceKm(p, orb.LineString(ring)))
		}
	}
	return d
}

// crossings reports crossings off their border or coast, or on a pair
// that shares no border.
func (v *validator) crossings() {
	borders := map[string]orb.MultiLineString{}
	for _, b := range v.c.Borders {
		borders[b.Pair()] = append(borders[b.Pair()], b.Geometry...)
	}
	for _, x := range v.c.Crossings {
		if r := x.InspectionRate; r != nil && !(*r >= 0 && *r <= 1) {
			v.add(Error, "crossings", x.ID, "inspection_rate %v: want a share in [0, 1]", *r)
		}
		if h := x.WaitHours; h != nil && !(*h >= 0 && *h <= maxWaitHours) {
			v.add(Error, "crossings", x.ID, "wait_hours %v: want hours in [0, %v]", *h, maxWaitHours)
		}
		if !v.known(x.A) || (x.B != "" && !v.known(x.B)) {
			continue // reported by codes
		}
		if x.B == "" || x.Mode == ModeFerry {
			d := boundaryKm(x.Point, v.countries[x.A])
			side := x.A
			if x.B != "" {
				if db := boundaryKm(x.Point, v.countries[x.B]); db < d {
					d, side = db, x.B
				}
			}
			if d > MaxCrossingOffsetKm {
				v.add(Error, "crossings", x.ID, "port %.1f km from the %s coast, more than %v km: check its position", d, side, MaxCrossingOffsetKm)
			}
			continue
		}
		a, b := x.A, x.B
		if a > b {
			a, b = b, a
		}
		lines, ok := borders[a+"-"+b]
		if !ok {
			v.add(Error, "crossings", x.ID, "%s and %s share no border in the corridor: check a and b", a, b)
			continue
		}
		d := math.Inf(1)
		for _, l := range lines {
			d = math.Min(d, PointLineDistanceKm(x.Point, l))
		}
		if d > MaxCrossingOffsetKm {
			v.add(Error, "crossings", x.ID, "%.1f km from the %s-%s border, more than %v km: check its position", d, a, b, MaxCrossingOffsetKm)
		}
	}
}

// places reports points outside their country's polygon.
func (v *validator) places(layer string, n int, at func(i int) (id, country string, p orb.Point)) {
	for i := 0; i < n; i++ {
		id, code, p := at(i)
		k, ok := v.countries[code]
		if !ok || len(k.Geometry) == 0 {
			continue
		}
		switch v.prepared[k].locate(p) {
		case inside:
			continue
		case inHole:
			v.add(Warning, layer, id, "in a hole of %s's polygon: an enclave or a lease (such as Baikonur) or a lake; check the country", code)
			continue
		}
		d := boundaryKm(p, k)
		if d <= PlaceSlackKm {
			v.add(Warning, layer, id, "%.1f km outside %s's polygon (within %v km: generalised borders)", d, code, PlaceSlackKm)
			continue
		}
		hint := ""
		if swapped := (orb.Point{p[1], p[0]}); v.prepared[k].locate(swapped) == inside {
			hint = fmt.Sprintf("; swapping longitude and latitude, [%v, %v], puts it inside", swapped[0], swapped[1])
		} else {
			for j := range v.c.Countries {
				if o := &v.c.Countries[j]; o.Code != code && v.prepared[o].locate(p) == inside {
					hint = fmt.Sprintf("; it lies in %s", o.Code)
					break
				}
			}
		}
		v.add(Error, layer, id, "[%v, %v] is %.1f km outside %s's polygon%s", p[0], p[1], d, code, hint)
	}
}

// A preparedCountry holds a country's rings with their bounds, for
// point-in-polygon tests in the lon/lat plane.
type preparedCountry struct {
	bound orb.Bound
	polys []preparedPolygon
}

type preparedPolygon struct {
	rings  []orb.Ring
	bounds []orb.Bound
}

func prepare(k *Country) *preparedCountry {
	pc := &preparedCountry{bound: k.Geometry.Bound()}
	for _, poly := range k.Geometry {
		pp := preparedPolygon{rings: poly, bounds: make([]orb.Bound, len(poly))}
		for i, r := range poly {
			pp.bounds[i] = r.Bound()
		}
		pc.polys = append(pc.polys, pp)
	}
	return pc
}

// Where a point lies with respect to a country.
const (
	outside = iota
	inside
	inHole // inside an outer ring but in one of its holes
)

// locate returns whether p is outside k, inside, or in a hole of it.
func (pc *preparedCountry) locate(p orb.Point) int {
	if !pc.bound.Contains(p) {
		return outside
	}
	where := outside
	for _, pp := range pc.polys {
		if len(pp.rings) == 0 || !pp.bounds[0].Contains(p) || !ringContains(pp.rings[0], p) {
			continue
		}
		hole := false
		for i := 1; i < len(pp.rings) && !hole; i++ {
			hole = pp.bounds[i].Contains(p) && ringContains(pp.rings[i], p)
		}
		if !hole {
			return inside
		}
		where = inHole
	}
	return where
}

// ringContains reports whether p lies inside r by the even-odd rule (a
// ray cast towards +x), in the lon/lat plane.
func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// weights reports weights that are not finite numbers ≥ 0, all-zero
// weights, and an empty layer.
func (v *validator) weights(layer string, ps []Place) {
	if len(ps) == 0 {
		v.add(Error, layer, "", `none given: fill the manifest's %q field (a Point layer with name, country and weight), or Corridor.%s`,
			layer, strings.ToUpper(layer[:1])+layer[1:])
		return
	}
	total, bad := 0.0, false
	for _, p := range ps {
		if !(p.Weight >= 0) || math.IsInf(p.Weight, 0) {
			v.add(Error, layer, p.ID, "weight %v: must be a finite number ≥ 0", p.Weight)
			bad = true
			continue
		}
		total += p.Weight
	}
	if total == 0 && !bad {
		v.add(Error, layer, "", "every weight is zero: at least one place needs a positive weight")
	}
}
