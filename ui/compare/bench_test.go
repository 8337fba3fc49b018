package compare

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
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

// longAnswers are two 50,000-word answers that share their start and end
// and differ in between, as two models' answers to one prompt do.
func longAnswers() []*backend.Result {
	var a, b strings.Builder
	for i := range 50000 {
		w := "word" + strconv.Itoa(i%97)
		switch {
		case i > 200 && i < 49800 && i%5 == 0:
			a.WriteString("alpha ")
			b.WriteString("beta ")
		case i > 200 && i < 49800 && i%11 == 0:
			b.WriteString(w + " ")
		default:
			a.WriteString(w + " ")
			b.WriteString(w + " ")
		}
	}
	return textTurn(a.String(), b.String())
}

// BenchmarkWordDiffLongAnswers is what the word diff of two 50,000-word
// answers costs when a turn is added; heap-B is the heap in use after it
// (the view and the answers held).
func BenchmarkWordDiffLongAnswers(b *testing.B) {
	turn := longAnswers()
	var m Model
	b.ReportAllocs()
	for b.Loop() {
		m = New(Options{}, charm())
		m.SetSize(160, 48)
		m.AddTurn(context.Background(), 1, turn)
	}
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc), "heap-B")
	runtime.KeepAlive(m)
	runtime.KeepAlive(turn)
}
