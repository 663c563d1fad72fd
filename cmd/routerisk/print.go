package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/routerisk/routerisk"
)

// maxFindings is how many lines of findings analyze prints; validate
// prints them all.
const maxFindings = 15

// printAnalysis prints what an analyst looks at first: the corridor, the
// summary, then the calibration, findings, countries and passages, each
// after a blank line (none for a part with nothing to say).
func printAnalysis(w io.Writer, a *routerisk.Analysis, segmentKm float64) error {
	c := a.Corridor
	fmt.Fprintf(w, "%s: %d countries, %d borders, %d segments of ~%g km, %d crossings, %d settlements\n",
		c.Name, len(c.Countries), len(c.Borders), len(a.Segments), segmentKm, len(c.Crossings), len(c.Settlements))
	fmt.Fprintln(w, a.Summary())
	var b bytes.Buffer
	for _, write := range []func(io.Writer) error{
		a.WriteCalibration,
		func(w io.Writer) error { return a.WriteFindings(w, maxFindings) },
		a.WriteCountries,
		func(w io.Writer) error { return a.WritePassages(w, 10) },
	} {
		b.Reset()
		if err := write(&b); err != nil {
			return err
		}
		if b.Len() > 0 {
			fmt.Fprintln(w)
			if _, err := w.Write(b.Bytes()); err != nil {
				return err
			}
		}
	}
	return nil
}
