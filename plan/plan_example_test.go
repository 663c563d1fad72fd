package plan_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/routerisk/routerisk/plan"
)

// Two parallel crossings behind a shared road: a patrol on the road looks
// best alone, but with two units the optimum covers both crossings.
func ExampleMaxMin() {
	road, _ := plan.ArcLength(0.10, 0, 0)
	crossing, _ := plan.ArcLength(0.30, 0, 0)
	arcs := []plan.Arc{{From: 0, To: 1, Length: road}, {From: 1, To: 2, Length: crossing}, {From: 1, To: 2, Length: crossing}}
	menu := []plan.Upgrade{
		{Name: "road patrol", Cost: 1, Effects: []plan.Effect{{Arc: 0, Pi: 0.3}}},
		{Name: "scanner west", Cost: 1, Effects: []plan.Effect{{Arc: 1, Pi: 0.5}}},
		{Name: "scanner east", Cost: 1, Effects: []plan.Effect{{Arc: 2, Pi: 0.5}}},
	}
	in, err := plan.NewInstance(3, arcs, menu)
	if err != nil {
		fmt.Println(err)
		return
	}
	ods := []plan.OD{{Origin: 0, Destination: 2}}
	exact, _ := plan.MaxMin(context.Background(), in, ods, 2, nil)
	greedy, _ := plan.Greedy(context.Background(), in, ods, 2, false)
	for _, r := range []*plan.Result{exact, greedy} {
		fmt.Printf("%-9s plan %v: evasion %.4f, bounds on the route length [%.4f, %.4f]\n", r.Status, r.Plan, r.Evasion(), r.Lower, r.Upper)
	}
	// Output:
	// optimal   plan [1 2]: evasion 0.3150, bounds on the route length [1.1552, 1.1552]
	// heuristic plan [0]: evasion 0.4410, bounds on the route length [0.8187, 0.8187]
}

// Solve the plain-file instance of the tests for expected evasion over three
// weighted scenarios with a budget of 3.
func ExampleSolveFiles() {
	dir := filepath.Join("..", "testdata", "plan")
	rep, err := plan.SolveFiles(context.Background(), filepath.Join(dir, "arcs.csv"), filepath.Join(dir, "scenarios.csv"), 3, false, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	rep.WriteText(os.Stdout)
	// Output:
	// snip plan, budget 3: optimal
	// evasion 0.556138 (optimum in [0.556138, 0.556138], gap 0), cost 3
	//   upgrade Samarkand -> Tashkent (line 11): p 0.03 -> 0.25, cost 2
	//   upgrade Dushanbe -> Osh (line 12): p 0.06 -> 0.3, cost 1
}
