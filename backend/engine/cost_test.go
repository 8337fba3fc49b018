package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
)

// Probe: a provider cost of 1e308 or a negative one was accepted, then
// broke bench --json and history stats --json for 90 days. Such a figure is
// treated as not reported, and the run says so.
func TestUnbelievableProviderCostIsRefused(t *testing.T) {
	costs := map[string]float64{"huge": 1e308, "negative": -0.5, "over": backend.MaxReportedCostUSD + 1, "fine": 0.0012}
	hs := advServer(t, func(model string) demo.Script {
		c := costs[model]
		return demo.Script{Text: "ok", Cost: &c}
	})
	e := advEngine(backend.Timeouts{Response: 5 * time.Second})
	w := advWires[1] // OpenRouter reports usage.cost
	for name, c := range costs {
		r := advRun(t, e, advRoute(t, hs, w, name))[0]
		got, reported := r.ProviderCost()
		if name == "fine" {
			if !reported || got != c || r.CostRejected() {
				t.Errorf("%s: cost %v %v, rejected %v", name, got, reported, r.CostRejected())
			}
			continue
		}
		if reported || !r.CostRejected() {
			t.Errorf("%s: cost %v accepted (%v), rejected %v", name, got, reported, r.CostRejected())
		}
		b, err := json.Marshal(r.Report())
		if err != nil || strings.Contains(string(b), fmt.Sprint(c)) {
			t.Errorf("%s: report %s, err %v", name, b, err)
		}
		if usd, _, ok := backend.RouteCost(r); ok && (math.IsInf(usd, 0) || usd < 0 || usd > backend.MaxReportedCostUSD) {
			t.Errorf("%s: route cost %v", name, usd)
		}
	}
}
