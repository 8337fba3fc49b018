package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// pairWorld is a gateway route and a direct route to the same model on one
// loopback fake: the gateway answers its first token 80 ms later.
func pairWorld(t *testing.T) (cfgPath string, env map[string]string) {
	t.Helper()
	srv, ts := demo.Start(func(r demo.Request) demo.Script {
		d := 20 * time.Millisecond
		if strings.Contains(r.Path, "/api/v1/") {
			d = 100 * time.Millisecond
		}
		return demo.Script{FirstTokenDelay: d, TokenInterval: time.Millisecond, Tokens: []string{"one ", "two"}}
	})
	t.Cleanup(func() { srv.Close(); ts.Close() })
	cfgPath = writeConfig(t, fmt.Sprintf(gatewayAndDirect, ts.URL))
	return cfgPath, map[string]string{"OPENROUTER_API_KEY": goodORKey, "OPENAI_API_KEY": "sk-proj-test0000111122223333"}
}

func runBenchEnv(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return newKeysTest(t, env).cli(append([]string{"bench", "--no-history"}, args...)...)
}

// Not parallel: the verdict needs the injected 80 ms to stand out, measured
// while no other test competes for the CPU.
func TestBenchJSONComparisons(t *testing.T) {
	cfg, env := pairWorld(t)
	out, errOut, code := runBenchEnv(t, env, "--config", cfg, "--runs", "10", "--warmup", "0", "--pair", "direct,gw", "--json", "hi")
	if code != cmdenv.ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Comparisons []map[string]json.RawMessage `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(doc.Comparisons) != 2 {
		t.Fatalf("%d comparisons, want the automatic pair and the requested one:\n%s", len(doc.Comparisons), out)
	}
	want := []struct{ a, b, basis, verdict string }{{"gw", "direct", "same model", "b faster"}, {"direct", "gw", "requested", "a faster"}}
	for i, c := range doc.Comparisons {
		if got := fmt.Sprint(keysOf(c)); got != "[a b basis first_token_ms total_ms verdict]" {
			t.Errorf("comparison keys %s", got)
		}
		var a, b, basis, verdict string
		json.Unmarshal(c["a"], &a)
		json.Unmarshal(c["b"], &b)
		json.Unmarshal(c["basis"], &basis)
		json.Unmarshal(c["verdict"], &verdict)
		if w := want[i]; a != w.a || b != w.b || basis != w.basis || verdict != w.verdict {
			t.Errorf("comparison %d: %s vs %s (%s) %q, want %+v", i, a, b, basis, verdict, w)
		}
		for _, fig := range []string{"first_token_ms", "total_ms"} {
			var d map[string]json.RawMessage
			json.Unmarshal(c[fig], &d)
			if got := fmt.Sprint(keysOf(d)); got != "[ci95 delta_p50]" {
				t.Errorf("%s keys %s", fig, got)
			}
			var delta float64
			var ci [2]float64
			if json.Unmarshal(d["delta_p50"], &delta) != nil || json.Unmarshal(d["ci95"], &ci) != nil {
				t.Fatalf("%s: %s", fig, c[fig])
			}
			if fig == "first_token_ms" && !(ci[0] <= delta && delta <= ci[1]) {
				t.Errorf("%s: delta %v outside its interval %v", fig, delta, ci)
			}
		}
	}
}

func TestBenchTooFewRunsGiveNoVerdict(t *testing.T) {
	t.Parallel()
	cfg, env := pairWorld(t)
	out, errOut, code := runBenchEnv(t, env, "--config", cfg, "--runs", "3", "--warmup", "0", "--json", "hi")
	if code != cmdenv.ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Comparisons []struct {
			FirstTokenMs struct {
				DeltaP50 *float64    `json:"delta_p50"`
				CI95     *[2]float64 `json:"ci95"`
			} `json:"first_token_ms"`
			Verdict string `json:"verdict"`
		} `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Comparisons) != 1 {
		t.Fatalf("%v %s", err, out)
	}
	c := doc.Comparisons[0]
	if c.Verdict != "not enough runs" || c.FirstTokenMs.CI95 != nil || c.FirstTokenMs.DeltaP50 == nil {
		t.Errorf("%+v", c)
	}
	if !strings.Contains(out, `"ci95": null`) {
		t.Errorf("the interval of too few runs must be null:\n%s", out)
	}
}

// Not parallel: the verdict needs the injected 80 ms to stand out, measured
// while no other test competes for the CPU.
func TestBenchTextVerdictLines(t *testing.T) {
	cfg, env := pairWorld(t)
	out, errOut, code := runBenchEnv(t, env, "--config", cfg, "--runs", "10", "--warmup", "0", "hi")
	if code != cmdenv.ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"mean ± σ: first token ", "gw vs direct (same model): first token +", " · total ",
		" × faster to first token", "· direct "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The pair reads once, as its verdict: no second block of median deltas.
	if n := strings.Count(out, "gw vs direct"); n != 1 || strings.Contains(out, "(medians;") {
		t.Errorf("the pair is printed %d times:\n%s", n, out)
	}
	out, _, _ = runBenchEnv(t, env, "--config", cfg, "--runs", "3", "--warmup", "0", "hi")
	if !strings.Contains(out, "not enough runs (3 and 3; a verdict needs 10 each: bench --runs 10)") {
		t.Errorf("too few runs:\n%s", out)
	}
}

func TestBenchPairNamesKnownRoutes(t *testing.T) {
	t.Parallel()
	cfg, env := pairWorld(t)
	for _, pair := range []string{"gw,nope", "gw", "gw,gw", "a,b,c"} {
		out, errOut, code := runBenchEnv(t, env, "--config", cfg, "--runs", "1", "--pair", pair, "hi")
		if code != cmdenv.ExitUsage || out != "" {
			t.Errorf("--pair %s: exit %d, out %q", pair, code, out)
		}
		if pair == "gw,nope" && !strings.Contains(errOut, `no route named "nope" in this bench; the routes are gw, direct`) {
			t.Errorf("--pair %s: %s", pair, errOut)
		}
	}
}

// A route with no key never reaches its provider: the bench says its runs
// were not sent, and counts no failure against it.
func TestBenchRunsWithNoKeyAreNotSent(t *testing.T) {
	t.Parallel()
	cfg, env := pairWorld(t)
	delete(env, "OPENAI_API_KEY")
	out, errOut, code := runBenchEnv(t, env, "--config", cfg, "--runs", "2", "--warmup", "0", "hi")
	if code != cmdenv.ExitRouteError {
		t.Errorf("exit %d (stderr %s): a route that could not run is still reported as failing the bench", code, errOut)
	}
	if !strings.Contains(out, "2 not sent (no key); no run reached the provider") || strings.Contains(out, "no_key ×") ||
		!strings.Contains(out, "gw vs direct (same model): first token – · total – · no verdict: direct has no successful run") {
		t.Errorf("output:\n%s", out)
	}
}
