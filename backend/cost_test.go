package backend

import (
	"math"
	"testing"

	"charm.land/catwalk/pkg/catwalk"
)

// TestCatalogPriceTellsReadFromWrite reads catwalk's two ambiguously named
// cache prices the way each provider fills them.
func TestCatalogPriceTellsReadFromWrite(t *testing.T) {
	for _, c := range []struct {
		name        string
		m           catwalk.Model
		read, write float64
	}{
		{"anthropic: in = write, out = read",
			catwalk.Model{CostPer1MIn: 3, CostPer1MOut: 15, CostPer1MInCached: 3.75, CostPer1MOutCached: 0.3}, 0.3, 3.75},
		{"openai: only out, a read price",
			catwalk.Model{CostPer1MIn: 0.15, CostPer1MOut: 0.6, CostPer1MOutCached: 0.075}, 0.075, 0},
		{"deepseek: only in, a read price",
			catwalk.Model{CostPer1MIn: 0.14, CostPer1MOut: 0.28, CostPer1MInCached: 0.0028}, 0.0028, 0},
		{"out above input is no read price",
			catwalk.Model{CostPer1MIn: 0.3, CostPer1MOut: 2.5, CostPer1MInCached: 0.03, CostPer1MOutCached: 2.5}, 0.03, 0},
		{"minimax: a write price below the input price",
			catwalk.Model{CostPer1MIn: 0.6, CostPer1MOut: 2.4, CostPer1MInCached: 0.375, CostPer1MOutCached: 0.06}, 0.06, 0.375},
		{"openai: both set alike, a read price",
			catwalk.Model{CostPer1MIn: 1.25, CostPer1MOut: 10, CostPer1MInCached: 0.125, CostPer1MOutCached: 0.125}, 0.125, 0},
		{"no cache prices",
			catwalk.Model{CostPer1MIn: 1, CostPer1MOut: 2}, 0, 0},
	} {
		p := CatalogPrice(c.m)
		if p.CacheRead != c.read || p.CacheWrite != c.write {
			t.Errorf("%s: read %v write %v, want %v %v", c.name, p.CacheRead, p.CacheWrite, c.read, c.write)
		}
	}
}

// TestTokenCostPricesEachShare checks the sum term by term, the input price
// standing in for a missing cache price, and the older "cached" name.
func TestTokenCostPricesEachShare(t *testing.T) {
	tk := TokenCounts{Input: 1000, Cached: 600, CacheWrite: 300, Output: 10}
	for _, c := range []struct {
		name string
		p    Price
		want float64
	}{
		{"own prices", Price{Input: 2, Output: 8, CacheRead: 0.2, CacheWrite: 2.5}, (100*2 + 600*0.2 + 300*2.5 + 10*8) / 1e6},
		{"no cache prices: all input", Price{Input: 2, Output: 8}, (1000*2 + 10*8) / 1e6},
		{"older cached name is the read price", Price{Input: 2, Output: 8, Cached: 0.5}, (400*2 + 600*0.5 + 10*8) / 1e6},
	} {
		if got := TokenCost(tk, c.p); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// Counts a provider got wrong (cache larger than the prompt) never
	// make a share negative.
	odd := TokenCounts{Input: 100, Cached: 80, CacheWrite: 80, Output: 0}
	if got, want := TokenCost(odd, Price{Input: 1, CacheRead: 0.1, CacheWrite: 2}), (80*0.1+20*2)/1e6; math.Abs(got-want) > 1e-15 {
		t.Errorf("odd counts: %v, want %v", got, want)
	}
}
