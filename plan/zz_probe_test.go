package plan

import (
	"context"
	"testing"
	"time"
)

func TestProbe(t *testing.T) {
	ty := snipFixture()
	s := DefaultSettings()
	s.TimeLimit = 30 * time.Second
	r, err := SNIP(context.Background(), ty.in, ty.ods, 5, s)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d nodes %d arcs %d ups: %v val %.6f [%.6f %.6f] nodes %d evals %d cuts %d %v", ty.in.NumNodes(), ty.in.NumArcs(), ty.in.NumUpgrades(), r.Status, r.Objective, r.Lower, r.Upper, r.Nodes, r.Evaluations, len(r.Cuts), r.Elapsed)
}
