package risk

import (
	"testing"
)

func BenchmarkRun(b *testing.B) {
	m := toyModel(b, nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Run(); err != nil {
			b.Fatal(err)
		}
	}
}
