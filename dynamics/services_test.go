package dynamics

import (
	"context"
	"testing"
)

// TestServicesConcentrateEffort checks the consequence of conserved effort
// that the settings document: services that learn pile effort onto the
// busiest elements, up to the number of their elements, and the share
// seized rises above that of services that do not learn. Over months
// 13–120 each run counts some 2,700 seizures (a standard error of about 2%
// on its share seized); learning raised the share by 6–9% with seeds 1 to
// 6, so the comparison is not a coin toss.
func TestServicesConcentrateEffort(t *testing.T) {
	m := toyCorridorModel(t)
	run := func(learning, forgetting float64) *Simulation {
		s := DefaultSettings()
		s.Months = 120
		s.Learning, s.Forgetting = learning, forgetting
		sim, err := Run(context.Background(), m, &s)
		if err != nil {
			t.Fatal(err)
		}
		return sim
	}
	maxEffort := func(sim *Simulation) float64 {
		hi := 0.0
		for _, mo := range sim.Months {
			for _, e := range mo.Elements {
				hi = max(hi, e.Effort)
			}
		}
		return hi
	}
	loss := func(sim *Simulation) float64 {
		return meanOver(sim, 12, 120, func(mo Month) float64 { return mo.SeizedKg }) / meanOver(sim, 12, 120, func(mo Month) float64 { return mo.ShippedKg })
	}
	still, learn := run(0, 0), run(0.2, 0.05)
	if got := maxEffort(still); got < 1-1e-12 || got > 1+1e-12 {
		t.Errorf("services that do not learn: largest effort %v, want the model's 1", got)
	}
	hi := maxEffort(learn)
	if hi <= 1.5 || hi > float64(len(learn.Elements)) {
		t.Errorf("services that learn: largest effort %.2f, want above 1.5 and at most the %d elements", hi, len(learn.Elements))
	}
	t.Logf("share seized, months 13–120: %.4f still, %.4f learning (static %.4f); largest effort %.2f", loss(still), loss(learn), learn.BaselineLoss, hi)
	if loss(learn) <= loss(still) {
		t.Errorf("share seized %.4f with learning services, not above %.4f without", loss(learn), loss(still))
	}
}
