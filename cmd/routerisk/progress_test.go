package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/routerisk/routerisk"
)

// TestProgress checks both ways of showing progress: a bar redrawn with the
// step's name and count on a terminal, a line per step otherwise.
func TestProgress(t *testing.T) {
	var bar bytes.Buffer
	e := &env{stderr: &bar, terminal: true}
	report, done := e.progress("analyze")
	report(routerisk.Step{Index: 0, Total: 3, Name: "validate"})
	report(routerisk.Step{Index: 2, Total: 3, Name: "routes"})
	time.Sleep(400 * time.Millisecond) // the ticker redraws during a long step
	done()
	for _, want := range []string{"analyze: routes", "2/3"} {
		if !strings.Contains(bar.String(), want) {
			t.Errorf("bar %q lacks %q", bar.String(), want)
		}
	}

	var lines bytes.Buffer
	e = &env{stderr: &lines}
	report, done = e.progress("compare")
	report(routerisk.Step{Index: 0, Total: 2, Name: "validate"})
	report(routerisk.Step{Index: 1, Total: 2, Name: "graph"})
	done()
	got := strings.Split(strings.TrimSpace(lines.String()), "\n")
	if len(got) != 2 || !strings.HasPrefix(got[0], "routerisk: compare: step 1 of 2: validate (") ||
		!strings.HasPrefix(got[1], "routerisk: compare: step 2 of 2: graph (") {
		t.Errorf("got lines %q", got)
	}
	// done with no step reported must not block.
	_, done = (&env{stderr: &lines, terminal: true}).progress("x")
	done()
}
