package plan

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// A Network is an instance read from a plain arc list, with its node names
// and each upgrade's source row.
type Network struct {
	Instance *Instance
	Names    []string       // node names by index, in order of first appearance
	Index    map[string]int // node index by name
	Rows     []ArcRow       // one per arc, in file order
	// UpgradeArc gives the arc of each upgrade (one upgrade per upgradable arc).
	UpgradeArc []int
}

// An ArcRow is one line of an arc list.
type ArcRow struct {
	From, To   string
	Line       int
	P          float64 // interdiction probability
	PUpgraded  float64 // with the upgrade; NaN when the arc cannot be upgraded
	Cost       float64 // upgrade cost; NaN when the arc cannot be upgraded
	Upgradable bool
}

// csvTable reads a CSV with a header, checks the required columns and returns
// the column index by name (-1 when an optional column is absent).
func csvTable(r io.Reader, file string, required, optional []string) (*csv.Reader, map[string]int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err == io.EOF {
		return nil, nil, &FileError{File: file, Problem: "empty file: want a header line " + strings.Join(append(required, optional...), ",")}
	}
	if err != nil {
		return nil, nil, csvErr(file, err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; dup {
			return nil, nil, &FileError{File: file, Line: 1, Column: i + 1, Problem: fmt.Sprintf("column %q repeated", h)}
		}
		col[h] = i
	}
	for _, name := range required {
		if _, ok := col[name]; !ok {
			return nil, nil, &FileError{File: file, Line: 1, Problem: fmt.Sprintf("header lacks column %q (want %s)", name, strings.Join(append(required, optional...), ","))}
		}
	}
	for _, name := range optional {
		if _, ok := col[name]; !ok {
			col[name] = -1
		}
	}
	return cr, col, nil
}

func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FileError{File: file, Line: pe.Line, Column: pe.Column, Problem: pe.Err.Error()}
	}
	return &FileError{File: file, Problem: err.Error()}
}

// field returns record[col] trimmed, "" when the column is absent or short.
func field(rec []string, col int) string {
	if col < 0 || col >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[col])
}

// ReadArcs returns the network of an arc list CSV with header
// from,to,p,p_upgraded,cost: p is the arc's interdiction probability,
// p_upgraded its probability with the arc's upgrade (empty: the arc cannot be
// upgraded), cost the upgrade's cost (empty: 1). The upgrade adds the
// independent detection chance π = 1 − (1−p_upgraded)/(1−p). Errors are
// FileErrors naming file, line and column (the field's number).
func ReadArcs(r io.Reader, file string) (*Network, error) {
	cr, col, err := csvTable(r, file, []string{"from", "to", "p"}, []string{"p_upgraded", "cost"})
	if err != nil {
		return nil, err
	}
	nw := &Network{Index: map[string]int{}}
	var arcs []Arc
	var menu []Upgrade
	node := func(name string) int {
		if i, ok := nw.Index[name]; ok {
			return i
		}
		nw.Index[name] = len(nw.Names)
		nw.Names = append(nw.Names, name)
		return len(nw.Names) - 1
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(file, err)
		}
		line, _ := cr.FieldPos(0)
		bad := func(c string, format string, args ...any) error {
			return &FileError{File: file, Line: line, Column: col[c] + 1, Problem: fmt.Sprintf("%s: ", c) + fmt.Sprintf(format, args...)}
		}
		row := ArcRow{From: field(rec, col["from"]), To: field(rec, col["to"]), Line: line, PUpgraded: math.NaN(), Cost: math.NaN()}
		if row.From == "" {
			return nil, bad("from", "empty node name")
		}
		if row.To == "" {
			return nil, bad("to", "empty node name")
		}
		if row.From == row.To {
			return nil, bad("to", "arc from %q to itself", row.From)
		}
		prob := func(c string) (float64, bool, error) {
			s := field(rec, col[c])
			if s == "" {
				return 0, false, nil
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || !(v >= 0 && v < 1) {
				return 0, false, bad(c, "%q is not a probability in [0, 1)", s)
			}
			return v, true, nil
		}
		var ok bool
		if row.P, ok, err = prob("p"); err != nil {
			return nil, err
		} else if !ok {
			return nil, bad("p", "empty: every arc needs its interdiction probability")
		}
		pu, up, err := prob("p_upgraded")
		if err != nil {
			return nil, err
		}
		costStr := field(rec, col["cost"])
		if !up && costStr != "" {
			return nil, bad("cost", "a cost %q for an arc with no p_upgraded", costStr)
		}
		l, _ := ArcLength(row.P, 0, 0)
		arcs = append(arcs, Arc{From: node(row.From), To: node(row.To), Length: l})
		if up {
			if pu < row.P {
				return nil, bad("p_upgraded", "%v below p %v: an upgrade cannot lower detection", pu, row.P)
			}
			cost := 1.0
			if costStr != "" {
				cost, err = strconv.ParseFloat(costStr, 64)
				if err != nil || !(cost >= 0) || math.IsInf(cost, 0) {
					return nil, bad("cost", "%q is not a finite number ≥ 0", costStr)
				}
			}
			row.PUpgraded, row.Cost, row.Upgradable = pu, cost, true
			pi := 1 - (1-pu)/(1-row.P)
			nw.UpgradeArc = append(nw.UpgradeArc, len(arcs)-1)
			menu = append(menu, Upgrade{Name: fmt.Sprintf("%s->%s (line %d)", row.From, row.To, line), Cost: cost,
				Effects: []Effect{{Arc: len(arcs) - 1, Pi: math.Max(pi, 0)}}})
		}
		nw.Rows = append(nw.Rows, row)
	}
	if len(arcs) == 0 {
		return nil, &FileError{File: file, Problem: "no arcs"}
	}
	if len(menu) == 0 {
		return nil, &FileError{File: file, Problem: "no upgradable arc (no row has p_upgraded): nothing to plan"}
	}
	nw.Instance, err = NewInstance(len(nw.Names), arcs, menu)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return nw, nil
}

// ReadScenarios returns the scenarios of a CSV with header
// origin,destination,weight naming nodes of nw (weight empty: 1).
func ReadScenarios(r io.Reader, file string, nw *Network) ([]OD, error) {
	cr, col, err := csvTable(r, file, []string{"origin", "destination"}, []string{"weight"})
	if err != nil {
		return nil, err
	}
	var ods []OD
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(file, err)
		}
		line, _ := cr.FieldPos(0)
		bad := func(c string, format string, args ...any) error {
			return &FileError{File: file, Line: line, Column: col[c] + 1, Problem: fmt.Sprintf("%s: ", c) + fmt.Sprintf(format, args...)}
		}
		var od OD
		for _, c := range []string{"origin", "destination"} {
			name := field(rec, col[c])
			i, ok := nw.Index[name]
			if !ok {
				return nil, bad(c, "node %q is not in the arc list", name)
			}
			if c == "origin" {
				od.Origin = i
			} else {
				od.Destination = i
			}
		}
		if od.Origin == od.Destination {
			return nil, bad("destination", "same node as the origin")
		}
		od.Weight = 1
		if s := field(rec, col["weight"]); s != "" {
			od.Weight, err = strconv.ParseFloat(s, 64)
			if err != nil || !(od.Weight >= 0) || math.IsInf(od.Weight, 0) {
				return nil, bad("weight", "%q is not a finite number ≥ 0", s)
			}
		}
		ods = append(ods, od)
	}
	if len(ods) == 0 {
		return nil, &FileError{File: file, Problem: "no scenarios"}
	}
	return ods, nil
}

// A Report is the answer for a plain-file instance, ready to write as JSON.
type Report struct {
	Problem  string          `json:"problem"` // "snip" or "maxmin"
	Budget   float64         `json:"budget"`
	Upgrades []ReportUpgrade `json:"upgrades"`
	Cost     float64         `json:"cost"`
	// Objective is the plan's expected evasion probability (SNIP) or the worst
	// pair's evasion probability exp(−length) (max–min); Lower and Upper bound
	// the optimum in the same unit.
	Objective   float64 `json:"objective_evasion"`
	Lower       float64 `json:"lower_bound"`
	Upper       float64 `json:"upper_bound"`
	Gap         float64 `json:"gap"`
	Seconds     float64 `json:"seconds"`
	Status      string  `json:"status"`
	Nodes       int     `json:"bb_nodes"`
	Evaluations int     `json:"evaluations"`
	Cuts        int     `json:"cuts"`
}

// A ReportUpgrade is one chosen upgrade, named by its arc.
type ReportUpgrade struct {
	From      string  `json:"from"`
	To        string  `json:"to"`
	Line      int     `json:"line"`
	P         float64 `json:"p"`
	PUpgraded float64 `json:"p_upgraded"`
	Cost      float64 `json:"cost"`
}

// Solve returns the report of the exact plan for nw and the scenarios within
// budget: SNIP, or MaxMin over the pairs when maxmin is true.
func Solve(ctx context.Context, nw *Network, ods []OD, budget float64, maxmin bool, s *Settings) (*Report, error) {
	var r *Result
	var err error
	rep := &Report{Problem: "snip", Budget: budget, Upgrades: []ReportUpgrade{}}
	if maxmin {
		rep.Problem = "maxmin"
		r, err = MaxMin(ctx, nw.Instance, ods, budget, s)
	} else {
		r, err = SNIP(ctx, nw.Instance, ods, budget, s)
	}
	if err != nil {
		return nil, err
	}
	for _, u := range r.Plan {
		row := nw.Rows[nw.UpgradeArc[u]]
		rep.Upgrades = append(rep.Upgrades, ReportUpgrade{From: row.From, To: row.To, Line: row.Line, P: row.P, PUpgraded: row.PUpgraded, Cost: row.Cost})
	}
	rep.Cost = r.Cost
	rep.Objective, rep.Lower, rep.Upper = r.Objective, r.Lower, r.Upper
	if maxmin { // lengths to evasion: a longer route is a smaller evasion
		rep.Objective, rep.Lower, rep.Upper = math.Exp(-r.Objective), math.Exp(-r.Upper), math.Exp(-r.Lower)
	}
	rep.Gap = rep.Upper - rep.Lower
	rep.Seconds = r.Elapsed.Seconds()
	rep.Status = r.Status.String()
	rep.Nodes, rep.Evaluations, rep.Cuts = r.Nodes, r.Evaluations, len(r.Cuts)
	return rep, nil
}

// SolveFiles reads the arc list and scenario files and returns Solve's report.
func SolveFiles(ctx context.Context, arcsFile, scenariosFile string, budget float64, maxmin bool, s *Settings) (*Report, error) {
	read := func(name string, f func(io.Reader) error) error {
		fh, err := os.Open(name)
		if err != nil {
			return err
		}
		defer fh.Close()
		return f(fh)
	}
	var nw *Network
	var ods []OD
	if err := read(arcsFile, func(r io.Reader) (err error) { nw, err = ReadArcs(r, arcsFile); return }); err != nil {
		return nil, err
	}
	if err := read(scenariosFile, func(r io.Reader) (err error) { ods, err = ReadScenarios(r, scenariosFile, nw); return }); err != nil {
		return nil, err
	}
	return Solve(ctx, nw, ods, budget, maxmin, s)
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for a reader: status, bounds, cost and the
// upgrades (the time is in the JSON only, so the text is reproducible).
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s plan, budget %g: %s\n", r.Problem, r.Budget, r.Status)
	fmt.Fprintf(&b, "evasion %.6f (optimum in [%.6f, %.6f], gap %.2g), cost %g\n", r.Objective, r.Lower, r.Upper, r.Gap, r.Cost)
	for _, u := range r.Upgrades {
		fmt.Fprintf(&b, "  upgrade %s -> %s (line %d): p %g -> %g, cost %g\n", u.From, u.To, u.Line, u.P, u.PUpgraded, u.Cost)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
