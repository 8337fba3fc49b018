package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

func benchJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	cfg := benchConfig(t, delayedScript)
	out, errOut, code := runBenchCLI(t, context.Background(), append([]string{"--config", cfg, "--json"}, args...)...)
	if code != cmdenv.ExitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return doc
}

func TestBenchJSONStatesTheWorkloadAndLoadFigures(t *testing.T) {
	t.Parallel()
	doc := benchJSON(t, "--runs", "4", "--warmup", "1", "--concurrency", "2", "Name a prime")
	w := doc["workload"].(map[string]any)
	want := "[cache_busting cache_busting_method cold_connections concurrency date duration_s input_tokens input_tokens_source " +
		"max_output_tokens output_tokens_received rate_per_s seed warm]"
	if got := fmt.Sprint(keysOf(w)); got != want {
		t.Errorf("workload keys %s\nwant %s", got, want)
	}
	if w["concurrency"] != 2.0 || w["warm"] != true || w["cache_busting"] != true || w["rate_per_s"] != nil ||
		w["max_output_tokens"] != nil || w["output_tokens_received"] != 3.0 || w["input_tokens"].(float64) < 5 {
		t.Errorf("workload %v", w)
	}
	if !strings.Contains(w["cache_busting_method"].(string), "system prompt") || !strings.HasPrefix(w["date"].(string), "20") {
		t.Errorf("workload %v", w)
	}
	for _, r := range doc["routes"].([]any) {
		sum := r.(map[string]any)["summary"].(map[string]any)
		itl, ok := sum["itl_ms"].(map[string]any)
		if !ok || itl["p50"] == nil || itl["p95"] == nil || itl["p99"] == nil {
			t.Errorf("itl_ms %v", sum["itl_ms"])
		}
		if v, ok := sum["output_tokens_per_s_aggregate"].(float64); !ok || v <= 0 {
			t.Errorf("output_tokens_per_s_aggregate %v", sum["output_tokens_per_s_aggregate"])
		}
		if v, ok := sum["requests_per_s"].(float64); !ok || v <= 0 {
			t.Errorf("requests_per_s %v", sum["requests_per_s"])
		}
	}
}

func TestBenchOpenLoopAndAllowCacheInJSON(t *testing.T) {
	t.Parallel()
	doc := benchJSON(t, "--rate", "40", "--duration", "250ms", "--seed", "3", "--warmup", "0", "--allow-cache", "hi")
	w := doc["workload"].(map[string]any)
	if doc["runs"] != 0.0 {
		t.Errorf("runs %v: a bench measured by time asked for no count", doc["runs"])
	}
	if w["concurrency"] != nil || w["rate_per_s"] != 40.0 || w["seed"] != 3.0 || w["duration_s"] != 0.25 {
		t.Errorf("open-loop workload %v", w)
	}
	if w["cache_busting"] != false || w["cache_busting_method"] != nil || w["warm"] != false {
		t.Errorf("--allow-cache without warmup: %v", w)
	}
}

func TestBenchSweepPrintsATableAndPlots(t *testing.T) {
	t.Parallel()
	cfg := benchConfig(t, delayedScript)
	out, errOut, code := runBenchCLI(t, context.Background(), "--config", cfg, "--runs", "4", "--warmup", "0", "--concurrency", "1,2", "hi")
	if code != cmdenv.ExitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	for _, want := range []string{"closed loop at 1, 2 requests in flight per route", "── quick", "in flight",
		"First token p50 (lower is better), by requests in flight", "Aggregate output tokens/s (higher is better)",
		"│█", "4/4", "429"} {
		if !strings.Contains(out, want) {
			t.Errorf("sweep output lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if w := len([]rune(line)); w > 80 && !strings.HasPrefix(line, "Workload") && !strings.HasPrefix(line, "  ") {
			t.Errorf("sweep line is %d columns wide: %q", w, line)
		}
	}
	if !strings.Contains(errOut, "concurrency 1\n") || !strings.Contains(errOut, "concurrency 2\n") {
		t.Errorf("progress does not name the levels: %q", errOut)
	}
}

func TestBenchSweepJSONHasOneDocumentPerLevel(t *testing.T) {
	t.Parallel()
	doc := benchJSON(t, "--runs", "2", "--warmup", "0", "--concurrency", "1,2", "hi")
	if got := fmt.Sprint(keysOf(doc)); got != "[prompt sweep]" {
		t.Fatalf("keys %s", got)
	}
	levels := doc["sweep"].([]any)
	for i, want := range []float64{1, 2} {
		w := levels[i].(map[string]any)["workload"].(map[string]any)
		if w["concurrency"] != want {
			t.Errorf("level %d: concurrency %v", i, w["concurrency"])
		}
	}
}

func TestBenchLoadFlagsRefuseContradictions(t *testing.T) {
	t.Parallel()
	cfg := benchConfig(t, delayedScript)
	for _, args := range [][]string{
		{"--rate", "2", "--concurrency", "4"},
		{"--duration", "1s", "--runs", "5"},
		{"--concurrency", "0"},
		{"--concurrency", "1,x"},
		{"--rate", "-1"},
		{"--concurrency", "1,2", "--export", "out.md"},
	} {
		_, errOut, code := runBenchCLI(t, context.Background(), append(append([]string{"--config", cfg}, args...), "hi")...)
		if code != cmdenv.ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, cmdenv.ExitUsage, errOut)
		}
	}
}

func TestBenchConcurrencyHelpWarnsOfRateLimits(t *testing.T) {
	t.Parallel()
	out, _, code := runCLI(t, "bench", "--help")
	if code != cmdenv.ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "--concurrency string") && !strings.Contains(line, "rate limits") {
			t.Errorf("--concurrency help does not warn of rate limits: %q", line)
		}
	}
	if !strings.Contains(out, "may hit a provider's rate limits") {
		t.Errorf("bench help does not warn of rate limits:\n%s", out)
	}
}
