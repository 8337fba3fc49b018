package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// benchConfig writes a config whose routes reach a fake provider: "slow"
// and "quick" answer after the given delays, "quick" has a price.
func benchConfig(t *testing.T, script func(demo.Request) demo.Script) string {
	t.Helper()
	srv, ts := demo.Start(script)
	t.Cleanup(func() { srv.Close(); ts.Close() })
	cfg := fmt.Sprintf(`[[routes]]
name = "slow"
provider = "openai-compatible"
model = "slow"
base_url = "%[1]s/v1"

[[routes]]
name = "quick"
provider = "openai-compatible"
model = "quick"
base_url = "%[1]s/v1"
price = { input = 1.0, output = 2.0 }
`, ts.URL)
	return writeConfig(t, cfg)
}

// injected first-token delays of the two fake routes, split between
// response headers and the first token.
var injected = map[string]time.Duration{"slow": 120 * time.Millisecond, "quick": 50 * time.Millisecond}

func delayedScript(r demo.Request) demo.Script {
	d := injected[r.Model]
	return demo.Script{HeaderDelay: d / 2, FirstTokenDelay: d - d/2, TokenInterval: 2 * time.Millisecond,
		Tokens: []string{"one ", "two ", "three"}}
}

func runBenchCLI(t *testing.T, ctx context.Context, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return newKeysTest(t, nil).cliContext(ctx, append([]string{"bench"}, args...)...)
}

// keysOf is a JSON object's keys in order.
func keysOf[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func TestBenchJSONShape(t *testing.T) {
	t.Parallel()
	// Tokens far enough apart that a busy machine still reads them in more
	// than one chunk: tokens/s of a single read is no figure, and has no summary.
	cfg := benchConfig(t, func(r demo.Request) demo.Script {
		sc := delayedScript(r)
		sc.TokenInterval = 20 * time.Millisecond
		return sc
	})
	out, errOut, code := runBenchCLI(t, context.Background(), "--config", cfg, "--runs", "3", "--warmup", "1", "--json", "Name a prime")
	if code != cmdenv.ExitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := fmt.Sprint(keysOf(doc)); got != "[comparisons prompt routes runs warmup workload]" {
		t.Fatalf("top-level keys %s", got)
	}
	if doc["prompt"] != "Name a prime" || doc["runs"] != 3.0 || doc["warmup"] != 1.0 {
		t.Errorf("header: %v %v %v", doc["prompt"], doc["runs"], doc["warmup"])
	}
	// Each run is exactly a route object of `ask --json`.
	var askRoute map[string]any
	raw, _ := json.Marshal(backend.NewResult(backend.Route{}).Report())
	json.Unmarshal(raw, &askRoute)
	routes := doc["routes"].([]any)
	if len(routes) != 2 {
		t.Fatalf("%d routes", len(routes))
	}
	for _, r := range routes {
		route := r.(map[string]any)
		if got := fmt.Sprint(keysOf(route)); got != "[route runs summary]" {
			t.Errorf("route keys %s", got)
		}
		runs := route["runs"].([]any)
		if len(runs) != 3 {
			t.Errorf("%v: %d runs", route["route"], len(runs))
		}
		for _, run := range runs {
			if got, want := fmt.Sprint(keysOf(run.(map[string]any))), fmt.Sprint(keysOf(askRoute)); got != want {
				t.Errorf("run keys %s, want %s", got, want)
			}
		}
		sum := route["summary"].(map[string]any)
		if got := fmt.Sprint(keysOf(sum)); got != "[cost_usd errors first_token_ms itl_ms not_sent output_tokens_per_s_aggregate requests_per_s success_rate tokens_per_s total_cost_usd total_ms]" {
			t.Errorf("summary keys %s", got)
		}
		for _, stat := range []string{"first_token_ms", "total_ms", "tokens_per_s"} {
			st, ok := sum[stat].(map[string]any)
			if !ok {
				t.Errorf("%v: no %s summary: %v", route["route"], stat, sum[stat])
				continue
			}
			if got := fmt.Sprint(keysOf(st)); got != "[max mean min p50 p95 stdev]" {
				t.Errorf("%s keys %s", stat, got)
			}
		}
		if sum["success_rate"] != 1.0 {
			t.Errorf("%v: summary %v", route["route"], sum)
		}
		// Every error kind is listed, with zero counts here, as in the example.
		errs := sum["errors"].(map[string]any)
		if errs["rate_limited"] != 0.0 || errs["timeout"] != 0.0 || errs["upstream"] != 0.0 {
			t.Errorf("%v: errors %v", route["route"], errs)
		}
		if (route["route"] == "quick") != (sum["cost_usd"] != nil) {
			t.Errorf("%v: cost %v (only the priced route has one)", route["route"], sum["cost_usd"])
		}
	}
}

// Not parallel: the bound below is a timing, measured while no other test runs.
func TestBenchP50FirstTokenMatchesInjectedDelay(t *testing.T) {
	cfg := benchConfig(t, delayedScript)
	out, errOut, code := runBenchCLI(t, context.Background(), "--config", cfg, "--runs", "7", "--json", "hi")
	if code != cmdenv.ExitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	var rep bench.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Routes {
		want := float64(injected[r.Route]) / float64(time.Millisecond)
		got := r.Summary.FirstTokenMs.P50
		t.Logf("%s: injected %.0f ms, p50 first token %.3f ms, error %+.3f ms", r.Route, want, got, got-want)
		// Loose bound for a loaded 2-core machine; the figure is logged above.
		if got < want || got > want+40 {
			t.Errorf("%s: p50 first token %.3f ms, injected %.0f ms", r.Route, got, want)
		}
	}
}

func TestBenchTextStatesWorkloadAndTable(t *testing.T) {
	t.Parallel()
	cfg := benchConfig(t, func(r demo.Request) demo.Script {
		if r.Model == "slow" {
			return demo.Script{Status: 429, ErrorMessage: "slow down"}
		}
		return delayedScript(r)
	})
	out, errOut, code := runBenchCLI(t, context.Background(), "--config", cfg, "--runs", "2", "--warmup", "0", "hi there")
	if code != cmdenv.ExitRouteError {
		t.Errorf("a failing route must exit %d, got %d", cmdenv.ExitRouteError, code)
	}
	for _, want := range []string{"Workload: input ~",
		"one request at a time, 2 measured runs per route after 0 warmup rounds, route order rotating each round",
		"connections reused between runs; no warmup", "cache-busted: a unique line", "inter-token p50 ", "── quick · openai-compatible · quick", "first token", "p95", "stdev",
		"success 0% (0/2) · errors: rate_limited ×2", "success 100% (2/2) · errors: none · total cost $"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "4/4 run") || strings.Contains(out, "4/4") {
		t.Errorf("progress belongs on stderr as plain lines when not a terminal: %q", errOut)
	}
	for _, line := range strings.Split(out, "\n") {
		if w := len([]rune(line)); w > 80 && !strings.HasPrefix(line, "Workload") && !strings.HasPrefix(line, "Fair cost") &&
			!strings.HasPrefix(line, "success") && !strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "inter-token") {
			t.Errorf("table line is %d columns wide: %q", w, line)
		}
	}
}

func TestBenchCanceledStillReports(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n atomic.Int32
	cfg := benchConfig(t, func(r demo.Request) demo.Script {
		if n.Add(1) == 4 { // Ctrl+C while the fourth run is waiting for its answer
			cancel()
			return demo.Script{Stall: true, Tokens: []string{"x"}}
		}
		return delayedScript(r)
	})
	out, errOut, code := runBenchCLI(t, ctx, "--config", cfg, "--runs", "5", "--warmup", "0", "--json", "hi")
	if code != cmdenv.ExitRouteError {
		t.Errorf("an interrupted bench exits %d, got %d (stderr %s)", cmdenv.ExitRouteError, code, errOut)
	}
	var rep bench.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// Rounds run slow,quick then quick,slow; the fourth run (slow) was cut short.
	if len(rep.Routes[0].Runs) != 1 || len(rep.Routes[1].Runs) != 2 || rep.Runs != 5 {
		t.Errorf("runs kept: slow %d, quick %d", len(rep.Routes[0].Runs), len(rep.Routes[1].Runs))
	}
	if rep.Routes[1].Summary.FirstTokenMs == nil || rep.Routes[1].Summary.SuccessRate != 1 {
		t.Errorf("partial summary: %+v", rep.Routes[1].Summary)
	}
}

func TestBenchUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--runs", "0", "hi"}, {"--warmup", "-1", "hi"}, {"--export", "report.txt", "hi"}, {"--demo"}} {
		if _, _, code := runBenchCLI(t, context.Background(), append([]string{"--demo"}, args...)...); code != cmdenv.ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, cmdenv.ExitUsage)
		}
	}
}

func TestBenchExportFiles(t *testing.T) {
	t.Parallel()
	cfg := benchConfig(t, delayedScript)
	dir := t.TempDir()
	for _, name := range []string{"report.md", "report.json"} {
		path := filepath.Join(dir, name)
		if _, errOut, code := runBenchCLI(t, context.Background(), "--config", cfg, "--runs", "2", "--export", path, "hi"); code != cmdenv.ExitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if name == "report.md" && !strings.Contains(string(b), "# routeplay bench report") ||
			name == "report.json" && !json.Valid(b) {
			t.Errorf("%s:\n%s", name, b)
		}
	}
}

func TestBenchInterruptedReportsOnlyFinishedRuns(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n atomic.Int32
	cfg := benchConfig(t, func(r demo.Request) demo.Script {
		if n.Add(1) == 2 { // Ctrl+C while the second run waits: only the first finished
			cancel()
			return demo.Script{Stall: true, Tokens: []string{"x"}}
		}
		return delayedScript(r)
	})
	out, errOut, code := runBenchCLI(t, ctx, "--config", cfg, "--runs", "3", "--warmup", "0", "hi")
	if code != cmdenv.ExitRouteError {
		t.Errorf("exit %d (stderr %s)", code, errOut)
	}
	for _, want := range []string{"Interrupted after 1 measured run;", "no measured run finished", "success 100% (1/1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "0/0") || strings.Contains(out, "success 0%") {
		t.Errorf("a rate of no runs is no figure:\n%s", out)
	}
}
