package risk

import (
	"testing"
)

func BenchmarkRun(b *testing.B) {
	toy := toyModel(b, nil)
	cases := []struct {
		name  string
		model func(b *testing.B) *Model
	}{
		{"toy", func(*testing.B) *Model { return toy }},
		{"northern-route", func(b *testing.B) *Model {
			if testing.Short() {
				b.Skip("the embedded corridor: not in -short mode")
			}
			o := &corridorOnce
			o.Do(loadCorridor)
			if o.err != nil {
				b.Fatal(o.err)
			}
			m, err := New(o.g, o.c, o.segs, nil)
			if err != nil {
				b.Fatal(err)
			}
			return m
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			m := c.model(b)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
