package wire

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// Probe: a cost that cannot be right (1e308, 1e999, negative, xAI ticks
// likewise) is not reported as a cost but as a refused one.
func TestUnbelievableCostsAreRefused(t *testing.T) {
	for usage, want := range map[string]bool{
		`"cost":1e308`: false, `"cost":1e999`: false, `"cost":-1`: false, `"cost_in_usd_ticks":-5`: false,
		`"cost_in_usd_ticks":1e30`: false, `"cost":0.25`: true, `"cost_in_usd_ticks":1466250`: true,
	} {
		stream := `data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,` +
			usage + "}}\n\ndata: [DONE]\n\n"
		events, err := decodeStream(backend.WireOpenAI, strings.NewReader(stream), testkit.ZeroClock)
		if err != nil {
			t.Fatalf("%s: %v", usage, err)
		}
		var u *backend.Usage
		for _, ev := range events {
			if ev.Kind == backend.EventUsage {
				u = ev.Usage
			}
		}
		if u == nil {
			t.Fatalf("%s: no usage", usage)
		}
		if (u.CostUSD != nil) != want || u.CostRejected == want {
			t.Errorf("%s: cost %v, rejected %v", usage, u.CostUSD, u.CostRejected)
		}
	}
}
