package routerisk_test

import (
	"fmt"
	"log"

	"github.com/routerisk/routerisk"
	"github.com/routerisk/routerisk/geo"
)

// Analyze the embedded Northern Route under the 2010 baseline and look at
// where the model says the flow crosses the borders.
func ExampleAnalyze() {
	c, err := geo.NorthernRoute()
	if err != nil {
		log.Fatal(err)
	}
	a, err := routerisk.Analyze(c, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Summary())
	for _, p := range a.Result.Passages(3) {
		fmt.Printf("%.1f t via %v\n", p.Tonnes, p.Via)
	}
	// Output:
	// scenario baseline-2010 (uncalibrated): 90.0 t a year routed, 6775 kg seized (7.5%)
	// 9.8 t via [AFG-UZB-hairatan-termez KAZ-UZB-zhibek-zholy-gisht-kuprik KAZ-RUS-taskala-ozinki]
	// 9.0 t via [AFG-UZB-hairatan-termez KAZ-UZB-zhibek-zholy-gisht-kuprik KAZ-RUS-zhaisan-sagarchin]
	// 7.4 t via [AFG-UZB-hairatan-termez KAZ-UZB-zhibek-zholy-gisht-kuprik KAZ-RUS-aksai-ilek]
}
