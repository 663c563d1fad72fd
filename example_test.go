package routerisk_test

import (
	"context"
	"fmt"
	"log"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/northernroute"
)

// Analyze the embedded Northern Route under the 2010 baseline and look at
// where the model says the flow crosses the borders.
func ExampleAnalyze() {
	c, err := northernroute.Corridor()
	if err != nil {
		log.Fatal(err)
	}
	graph, scenario, target := northernroute.GraphSettings(), northernroute.Baseline2010(), northernroute.Observed2011()
	a, err := routerisk.Analyze(context.Background(), c, &routerisk.Options{Graph: &graph, Scenario: &scenario, Target: &target})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Summary())
	for _, p := range a.Result.Passages(3) {
		fmt.Printf("%.1f t via %v\n", p.Tonnes, p.Via)
	}
	// Output:
	// scenario baseline-2010 (uncalibrated): 127.5 t a year routed, 7552 kg seized (5.9%)
	// 12.8 t via [AFG-UZB-hairatan-termez KAZ-UZB-zhibek-zholy-gisht-kuprik KAZ-RUS-zhaisan-sagarchin]
	// 6.8 t via [AFG-UZB-hairatan-termez]
	// 6.5 t via [AFG-UZB-hairatan-termez KAZ-UZB-zhibek-zholy-gisht-kuprik]
}
