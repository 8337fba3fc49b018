package wire

import (
	"bytes"
	"math"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// TestRealStreamsCachedCost prices two recorded Claude Sonnet 4.6 streams on
// the catalog's prices (3 / 15 $/M, cache read 0.30, cache write 3.75): one
// that read 18,639 prompt tokens from the cache and one that wrote them.
func TestRealStreamsCachedCost(t *testing.T) {
	dir, _ := testkit.RealStreams(t)
	for _, c := range []struct {
		id  string
		usd float64
	}{
		// 3×3 + 18639×0.30 + 1×15, per million
		{"an-sonnet46-cache-read", 0.0056157},
		// 3×3 + 18639×3.75 + 1×15, per million
		{"an-sonnet46-cache-write", 0.06992025},
	} {
		events, err := decodeStream(backend.WireAnthropic, bytes.NewReader(testkit.RealStream(t, dir, c.id)), testkit.ZeroClock)
		if err != nil {
			t.Fatalf("%s: %v", c.id, err)
		}
		res := backend.NewResult(backend.Route{Name: c.id, Kind: backend.KindAnthropic, Model: "claude-sonnet-4-6"})
		for _, ev := range events {
			res.Apply(ev)
		}
		usd, src, ok := backend.RouteCost(res)
		if !ok || src != backend.CostFromCatalog || math.Abs(usd-c.usd) > 1e-12 {
			t.Errorf("%s costs %v (%q, %v), want $%v on catalog prices", c.id, usd, src, ok, c.usd)
		}
	}
}
