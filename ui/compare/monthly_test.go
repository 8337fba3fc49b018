package compare

import (
	"context"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

// monthlyTurn: a gateway route whose provider reports $0.001 a run, the
// direct route of its model priced to the same $0.001 (100 output tokens at
// $10/M), and a local route nobody knows the price of.
func monthlyTurn() []*backend.Result {
	cost := 0.001
	gw := backend.Route{Name: "or", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini"}
	dr := backend.Route{Name: "mini", Kind: backend.KindOpenAI, Model: "gpt-4o-mini", Price: &backend.Price{Output: 10}}
	local := backend.Route{Name: "local", Kind: "ollama", Model: "llama3.1:8b"}
	r := run{headers: 100, first: 200, last: 900, total: 1000, tokens: 100}
	withCost := r
	withCost.costUSD = &cost
	return []*backend.Result{result(gw, withCost), result(dr, r), result(local, r)}
}

// TestCompareMonthlyProjection: with a volume, the session scope projects
// each route's monthly cost with the gateway's fee, says where the pair's
// costs cross, and leaves a route of unknown cost unknown.
func TestCompareMonthlyProjection(t *testing.T) {
	m := New(Options{Volume: 100_000}, charm())
	m.SetSize(120, 60)
	m.AddTurn(context.Background(), 1, monthlyTurn())
	m.AddTurn(context.Background(), 2, monthlyTurn())
	m.scope = ScopeSession
	m.rerender()
	got := stripped(strings.Join(m.content(), "\n"))
	for _, want := range []string{"Monthly cost · projection at 100,000 requests a month",
		"  or     $105.50 ($100.00 tokens + $5.500000 fees)", "  mini   $100.00", "  local      n/a (cost unknown)",
		"or vs mini: the lines never cross; mini is never the dearer", "a projection, not a bill"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	m.scope = ScopeTurn
	m.rerender()
	if strings.Contains(stripped(strings.Join(m.content(), "\n")), "Monthly cost") {
		t.Error("the projection belongs to the session scope")
	}
	plain := New(Options{}, charm())
	plain.SetSize(120, 60)
	plain.AddTurn(context.Background(), 1, monthlyTurn())
	plain.scope = ScopeSession
	plain.rerender()
	if strings.Contains(stripped(strings.Join(plain.content(), "\n")), "Monthly cost") {
		t.Error("no volume, no projection")
	}
}
