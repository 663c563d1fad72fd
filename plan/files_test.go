package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var (
	arcsFile      = filepath.Join("..", "testdata", "plan", "arcs.csv")
	scenariosFile = filepath.Join("..", "testdata", "plan", "scenarios.csv")
)

func TestSolveFilesBruteForce(t *testing.T) {
	for _, maxmin := range []bool{false, true} {
		for _, budget := range []float64{0.5, 1, 2, 3, 4} {
			rep, err := SolveFiles(context.Background(), arcsFile, scenariosFile, budget, maxmin, nil)
			mustNoErr(t, err)
			f, err := os.Open(arcsFile)
			mustNoErr(t, err)
			nw, err := ReadArcs(f, arcsFile)
			f.Close()
			mustNoErr(t, err)
			f, err = os.Open(scenariosFile)
			mustNoErr(t, err)
			ods, err := ReadScenarios(f, scenariosFile, nw)
			f.Close()
			mustNoErr(t, err)
			// brute force, and evasion computed from the file's p and p_upgraded directly
			want := math.Inf(1)
			plans(nw.Instance, budget, func(p []int) {
				q := make([]float64, len(nw.Rows))
				for i, r := range nw.Rows {
					q[i] = r.P
				}
				for _, u := range p {
					q[nw.UpgradeArc[u]] = nw.Rows[nw.UpgradeArc[u]].PUpgraded
				}
				l := make([]float64, len(q))
				for i := range q {
					l[i] = -math.Log(1 - q[i])
				}
				v := 0.0
				tot := 0.0
				for _, od := range ods {
					e := math.Exp(-naiveDist(nw.Instance, l, od.Origin)[od.Destination])
					if maxmin {
						v = math.Max(v, e)
					} else {
						v += od.Weight * e
						tot += od.Weight
					}
				}
				if !maxmin {
					v /= tot
				}
				want = math.Min(want, v)
			})
			if math.Abs(rep.Objective-want) > 1e-9 {
				t.Errorf("maxmin=%v budget %v: evasion %v, want %v", maxmin, budget, rep.Objective, want)
			}
			if budget == 0.5 && rep.Status != "nothing_affordable" {
				t.Errorf("budget 0.5: status %q, want nothing_affordable", rep.Status)
			}
			if rep.Lower > rep.Objective || rep.Upper < rep.Objective-1e-15 || rep.Cost > budget {
				t.Errorf("maxmin=%v budget %v: bounds %v..%v objective %v cost %v", maxmin, budget, rep.Lower, rep.Upper, rep.Objective, rep.Cost)
			}
			var buf bytes.Buffer
			mustNoErr(t, rep.WriteJSON(&buf))
			var back Report
			mustNoErr(t, json.Unmarshal(buf.Bytes(), &back))
			if back.Objective != rep.Objective || len(back.Upgrades) != len(rep.Upgrades) || back.Status != rep.Status {
				t.Errorf("JSON round trip: got %+v, want %+v", back, *rep)
			}
		}
	}
}

func TestReadArcsErrors(t *testing.T) {
	cases := []struct {
		name, csv  string
		line, col  int
		wantSubstr string
	}{
		{"empty", "", 0, 0, "empty file"},
		{"no p column", "from,to\nA,B\n", 1, 0, `lacks column "p"`},
		{"p above 1", "from,to,p,p_upgraded,cost\nA,B,0.1,0.2,1\nB,C,1.5,,\n", 3, 3, "not a probability"},
		{"p upgraded below p", "from,to,p,p_upgraded,cost\nA,B,0.3,0.2,1\n", 2, 4, "below p"},
		{"negative cost", "from,to,p,p_upgraded,cost\nA,B,0.1,0.2,-1\n", 2, 5, "not a finite number"},
		{"NaN cost", "from,to,p,p_upgraded,cost\nA,B,0.1,0.2,NaN\n", 2, 5, "not a finite number"},
		{"loop", "from,to,p\nA,A,0.1\n", 2, 2, "to itself"},
		{"no upgrades", "from,to,p,p_upgraded,cost\nA,B,0.1,,\n", 0, 0, "nothing to plan"},
		{"cost without upgrade", "from,to,p,p_upgraded,cost\nA,B,0.1,,3\n", 2, 5, "no p_upgraded"},
		{"bad quote", "from,to,p\n\"A,B,0.1\n", 2, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadArcs(strings.NewReader(c.csv), "arcs.csv")
			var fe *FileError
			if !errors.As(err, &fe) || !errors.Is(err, ErrBadFile) {
				t.Fatalf("got %v, want a FileError", err)
			}
			if fe.File != "arcs.csv" || (c.line > 0 && fe.Line != c.line) || (c.col > 0 && fe.Column != c.col) || !strings.Contains(err.Error(), c.wantSubstr) {
				t.Errorf("got %v (line %d col %d), want line %d col %d containing %q", err, fe.Line, fe.Column, c.line, c.col, c.wantSubstr)
			}
		})
	}
}

func TestReadScenariosErrors(t *testing.T) {
	nw, err := ReadArcs(strings.NewReader("from,to,p,p_upgraded\nA,B,0.1,0.5\n"), "arcs.csv")
	mustNoErr(t, err)
	cases := []struct {
		name, csv string
		line, col int
		want      string
	}{
		{"unknown node", "origin,destination,weight\nA,Z,1\n", 2, 2, `"Z" is not in the arc list`},
		{"negative weight", "origin,destination,weight\nA,B,-2\n", 2, 3, "not a finite number"},
		{"same node", "origin,destination\nA,A\n", 2, 2, "same node"},
		{"none", "origin,destination,weight\n", 0, 0, "no scenarios"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadScenarios(strings.NewReader(c.csv), "sc.csv", nw)
			var fe *FileError
			if !errors.As(err, &fe) || fe.Line != c.line || fe.Column != c.col || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want line %d col %d containing %q", err, c.line, c.col, c.want)
			}
		})
	}
}

func FuzzReadArcs(f *testing.F) {
	seed, err := os.ReadFile(arcsFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(seed))
	f.Add("from,to,p,p_upgraded,cost\nA,B,0.1,0.2,\nB,C,0,0.99,0\n")
	f.Add("to,from,p_upgraded,p\nA,B,0.5,0.4\n")
	f.Fuzz(func(t *testing.T, s string) {
		nw, err := ReadArcs(strings.NewReader(s), "fuzz.csv")
		if err != nil {
			if !errors.Is(err, ErrBadFile) && !errors.Is(err, ErrBadInstance) && !errors.Is(err, ErrBadUpgrade) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		in := nw.Instance
		if in.NumArcs() != len(nw.Rows) || in.NumUpgrades() != len(nw.UpgradeArc) || in.NumNodes() != len(nw.Names) {
			t.Fatalf("sizes disagree: %d arcs %d rows, %d upgrades", in.NumArcs(), len(nw.Rows), in.NumUpgrades())
		}
		for u := 0; u < in.NumUpgrades(); u++ {
			up := in.Upgrade(u)
			if up.Cost < 0 || up.Effects[0].Pi < 0 || up.Effects[0].Pi >= 1 {
				t.Fatalf("upgrade %d invalid: %+v", u, up)
			}
		}
		// a plan is always solvable when the first two nodes are joined
		ods := []OD{{0, 1, 1}}
		if _, err := Greedy(context.Background(), in, ods, 1, true); err != nil && !errors.Is(err, ErrNoPath) {
			t.Fatalf("greedy: %v", err)
		}
	})
}
