package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestBenchUnknownCostStaysUnknown: a route without a price and without a
// provider-reported cost has a total cost of "n/a" in text and null in
// JSON, never $0; the priced route beside it keeps its figure.
func TestBenchUnknownCostStaysUnknown(t *testing.T) {
	cfg := benchConfig(t, delayedScript)
	out, errOut, code := runBenchCLI(t, context.Background(), "--config", cfg, "--runs", "2", "--warmup", "0", "hi")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	var slow, quick string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "success") {
			if slow == "" {
				slow = line
			} else {
				quick = line
			}
		}
	}
	if !strings.Contains(slow, "total cost n/a") || !strings.Contains(quick, "total cost $0.0000") {
		t.Errorf("route lines:\n%s\n%s", slow, quick)
	}

	out, errOut, code = runBenchCLI(t, context.Background(), "--config", cfg, "--runs", "2", "--warmup", "0", "--json", "hi")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	var doc struct {
		Routes []struct {
			Route   string
			Summary map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range doc.Routes {
		total := string(r.Summary["total_cost_usd"])
		if (r.Route == "slow") != (total == "null") {
			t.Errorf("%s: total_cost_usd %s", r.Route, total)
		}
	}
}
