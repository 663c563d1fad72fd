package settingsfile_test

import (
	"fmt"
	"strings"

	"github.com/routerisk/routerisk/risk"
	"github.com/routerisk/routerisk/settingsfile"
)

// A scenario file holds only what it changes: here more inspection and
// a larger flow on the library's defaults.
func ExampleDecodeScenario() {
	file := `
Name = "more-inspection"
FlowTonnes = 20   # t a year

[Inspection]
Full = 0.1        # one shipment in ten searched
`
	s, err := settingsfile.DecodeScenario(strings.NewReader(file), "more-inspection.toml", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := risk.DefaultSettings()
	fmt.Printf("%s: %g t, inspection %g (default %g), TIR sealed %g (kept)\n",
		s.Name, s.FlowTonnes, float64(s.Inspection.Full), float64(d.Inspection.Full), float64(s.Inspection.TIRSealed))
	// Output:
	// more-inspection: 20 t, inspection 0.1 (default 0.05), TIR sealed 0.005 (kept)
}

// A file may start from a named base, and a mistake names the file, the
// line and the key.
func ExampleDecodeScenario_base() {
	base := risk.DefaultSettings()
	base.Name = "my-baseline"
	base.FlowTonnes = 90
	bases := &settingsfile.Bases{Scenarios: map[string]risk.Settings{"my-baseline": base}}

	s, err := settingsfile.DecodeScenario(strings.NewReader("base = \"my-baseline\"\nName = \"cheaper-time\"\nBeta = 0.0001\n"), "a.toml", bases)
	fmt.Println(s.Name, s.FlowTonnes, s.Beta, err)

	_, err = settingsfile.DecodeScenario(strings.NewReader("base = \"my-baseline\"\n[Detection]\nScaner = 0.8\n"), "b.toml", bases)
	fmt.Println(err)
	// Output:
	// cheaper-time 90 0.0001 <nil>
	// b.toml:3:1: Detection.Scaner: settingsfile: unknown key (did you mean Scanner?)
}
