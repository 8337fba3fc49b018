package compare

import (
	"context"
	"testing"
)

// BenchmarkRerender is the cost of rebuilding the view after a turn or a
// resize, with 100 turns of four routes in the session.
func BenchmarkRerender(b *testing.B) {
	for _, scope := range []Scope{ScopeTurn, ScopeSession} {
		name := map[Scope]string{ScopeTurn: "ThisTurn", ScopeSession: "WholeSession"}[scope]
		b.Run(name, func(b *testing.B) {
			m := New(Options{}, charm())
			m.SetSize(160, 48)
			for i := 1; i <= 100; i++ {
				m.AddTurn(context.Background(), i, demoTurn(float64(i%50), i%7 == 0))
			}
			m.scope = scope
			b.ReportAllocs()
			for b.Loop() {
				m.rerender()
			}
		})
	}
}

// BenchmarkView is what every frame costs while the view is open.
func BenchmarkView(b *testing.B) {
	m := New(Options{}, charm())
	m.SetSize(160, 48)
	m.AddTurn(context.Background(), 1, demoTurn(0, false))
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}
