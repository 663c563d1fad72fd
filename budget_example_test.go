package routerisk_test

import (
	"context"
	"fmt"
	"log"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/plan"
)

// Place a budget on Tajikistan's border with Afghanistan in the small test
// corridor: which upgrades the exact max–min and SNIP plans buy, with their
// certified bounds, beside the greedy plans. The costs are a test's unit
// of account, not real prices.
func ExampleAnalysis_Budget() {
	c, err := geo.ReadCorridorDir("testdata/corridors/afg-tjk")
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	a, err := routerisk.Analyze(ctx, c, &routerisk.Options{SegmentKm: 20})
	if err != nil {
		log.Fatal(err)
	}
	r, err := a.Budget(ctx, &routerisk.BudgetOptions{
		Menu: &plan.MenuSettings{
			Side: "TJK", Borders: []string{"AFG-TJK"}, SpacingKm: 100,
			Scanner: plan.Item{Cost: 3}, Dogs: plan.Item{Cost: 1},
			Outpost: plan.Item{Cost: 2, ReachKm: 50}, Patrol: plan.Item{Cost: 1, Pi: 0.1, ReachKm: 50},
		},
		Budget: 4,
	})
	if err != nil {
		log.Fatal(err)
	}
	// SNIP's objective is the expected chance a shipment evades: lower is
	// better; max-min's is the worst pair's cheapest route: higher is better.
	fmt.Println("plan            upgrades cost  SNIP objective  max-min length  status")
	for _, row := range r.Rows {
		status := row.Status
		if status == "" {
			status = "-"
		}
		fmt.Printf("%-15s %8d %4.0f  %14.4f  %14.4f  %s\n", row.Name, len(row.Plan), row.Cost, row.Evasion, row.MaxMin, status)
	}
	for _, k := range r.Kinds {
		fmt.Printf("SNIP buys %d %s\n", k.Count, k.Kind)
	}
	// Output:
	// plan            upgrades cost  SNIP objective  max-min length  status
	// no upgrade             0    0          0.9606          0.0146  -
	// max-min (exact)        4    4          0.9588          0.0209  optimal
	// SNIP (exact)           2    4          0.9544          0.0146  optimal
	// greedy max-min         4    4          0.9598          0.0196  heuristic
	// greedy SNIP            2    4          0.9544          0.0146  heuristic
	// SNIP buys 1 dogs
	// SNIP buys 1 scanner
}
