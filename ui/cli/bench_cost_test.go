package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// TestBenchUnknownCostStaysUnknown: a route without a price and without a
// provider-reported cost has a total cost of "n/a" in text and null in
// JSON, never $0; the priced route beside it keeps its figure.
func TestBenchUnknownCostStaysUnknown(t *testing.T) {
	t.Parallel()
	cfg := benchConfig(t, delayedScript)
	out, errOut, code := runBenchCLI(t, context.Background(), "--config", cfg, "--runs", "2", "--warmup", "0", "hi")
	if code != cmdenv.ExitOK {
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
	if code != cmdenv.ExitOK {
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

// volumeConfig has an OpenRouter route and the direct route of its model on
// a fake provider, each answering 1,000 input and 100 output tokens; the
// gateway's configured price makes a request cost $0.000205 there and
// $0.00021 direct (catalog). With byok, the fee starts after a million
// requests a month.
func volumeConfig(t *testing.T, byok bool) string {
	t.Helper()
	srv, ts := demo.Start(func(demo.Request) demo.Script {
		return demo.Script{Tokens: []string{"one ", "two"}, Usage: &demo.Usage{Input: 1000, Output: 100}}
	})
	t.Cleanup(func() { srv.Close(); ts.Close() })
	cfg := fmt.Sprintf(`[fees]
byok = %[2]v

[[routes]]
name = "or-mini"
provider = "openrouter"
model = "openai/gpt-4o-mini"
base_url = "%[1]s/api/v1"
price = { input = 0.145, output = 0.6 }

[[routes]]
name = "mini"
provider = "openai"
model = "gpt-4o-mini"
base_url = "%[1]s/v1"
`, ts.URL, byok)
	return writeConfig(t, cfg)
}

// TestBenchVolumeProjectsMonthlyCost: --volume gives each route's monthly
// cost with the gateway's fee and where the two routes' costs cross.
func TestBenchVolumeProjectsMonthlyCost(t *testing.T) {
	t.Parallel()
	// With credits the 5.5% fee keeps the gateway dearer at every volume:
	// 0.000205 × 1.055 > 0.00021.
	out, errOut, code := runBenchWithKeys(t, "--config", volumeConfig(t, false), "--runs", "2", "--warmup", "0",
		"--volume", "100000", "hi")
	if code != cmdenv.ExitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	for _, want := range []string{"Monthly cost projection at 100,000 requests a month", "a projection, not a bill",
		"or-mini  $21.627500 ($20.500000 tokens + $1.127500 fees)", "mini     $21.000000",
		"or-mini vs mini: the lines never cross; mini is never the dearer"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// With BYOK the gateway is cheaper until its fee starts and grows:
	// 205 + (V − 1e6) × 0.00021525 = 0.00021 × V at V = 1,952,381.
	out, errOut, code = runBenchWithKeys(t, "--config", volumeConfig(t, true), "--runs", "2", "--warmup", "0",
		"--volume", "3000000", "--json", "hi")
	if code != cmdenv.ExitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	var doc struct {
		Routes []struct {
			Route   string
			Monthly map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	g := doc.Routes[0].Monthly
	if g["requests_per_month"] != 3e6 || !testkitNear(g["fee_usd"], 2e6*0.000205*0.05) || !testkitNear(g["total_usd"], 615+20.5) {
		t.Errorf("gateway month %v", g)
	}
	c := g["crossings"].([]any)[0].(map[string]any)
	if c["with"] != "mini" || c["requests_per_month"] != 1952381.0 || c["cheaper_below"] != "or-mini" {
		t.Errorf("crossing %v", c)
	}
}

func testkitNear(v any, want float64) bool {
	f, ok := v.(float64)
	return ok && math.Abs(f-want) < 1e-6
}

// TestBenchVolumeUnknownCostIsNull: a route without a price has a null
// month, and without --volume there is no monthly field at all.
func TestBenchVolumeUnknownCostIsNull(t *testing.T) {
	t.Parallel()
	cfg := benchConfig(t, delayedScript)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--volume", "1000"}, `"monthly": null`},
		{nil, ""},
	} {
		args := append([]string{"--config", cfg, "--runs", "1", "--warmup", "0", "--json"}, c.args...)
		out, errOut, code := runBenchCLI(t, context.Background(), append(args, "hi")...)
		if code != cmdenv.ExitOK {
			t.Fatalf("exit %d, stderr %s", code, errOut)
		}
		if c.want == "" && strings.Contains(out, `"monthly"`) || c.want != "" && !strings.Contains(out, c.want) {
			t.Errorf("%v: %s", c.args, out)
		}
	}
}

// runBenchWithKeys runs bench with an OpenRouter and an OpenAI key in the
// environment.
func runBenchWithKeys(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	kt := newKeysTest(t, map[string]string{"OPENAI_API_KEY": "sk-bench-openai-0123456789",
		"OPENROUTER_API_KEY": "sk-or-v1-bench-0123456789"})
	return kt.cli(append([]string{"bench"}, args...)...)
}

// TestVolumeMustNotBeNegative: bench and the playground refuse a negative
// volume as a usage error.
func TestVolumeMustNotBeNegative(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	for _, args := range [][]string{{"bench", "--volume", "-1", "hi"}, {"--volume", "-1"}} {
		if _, errOut, code := kt.cli(args...); code != cmdenv.ExitUsage || !strings.Contains(errOut, "--volume") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}
