package export

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/config"
)

func timed(rt backend.Route, n int, firstTokenMs float64) []*backend.Result {
	var out []*backend.Result
	for i := range n {
		r := backend.NewResult(rt)
		ft := time.Duration((firstTokenMs + float64(i%3)) * float64(time.Millisecond))
		total := ft + 200*time.Millisecond
		r.Timing.FirstToken, r.Timing.Total = &ft, &total
		out = append(out, r)
	}
	return out
}

func TestBenchMarkdownGivesVerdicts(t *testing.T) {
	gw := backend.Route{Name: "gw", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini"}
	direct := backend.Route{Name: "direct", Kind: backend.KindOpenAI, Model: "gpt-4o-mini"}
	noKey := backend.NewResult(direct)
	noKey.Err = &backend.RouteError{Kind: backend.ErrNoKey, Message: "no key"}
	bench := &bench.Result{Runs: 12, Routes: []bench.Route{{Route: gw, Runs: timed(gw, 12, 160)},
		{Route: direct, Runs: append(timed(direct, 12, 100), noKey)}}}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, Export{Prompt: "hi", Bench: bench, Fees: config.DefaultFees()}, nil); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	for _, want := range []string{"## Verdicts (difference of medians a − b, 95% bootstrap interval)",
		"- gw vs direct (same model): first token +60ms \\[+", "direct ", " × faster to first token",
		"mean ± σ: first token 161ms ± ", "left out of the success rate: 1 not sent (no key)."} {
		if !strings.Contains(doc, want) {
			t.Errorf("report lacks %q:\n%s", want, doc)
		}
	}
}

func TestAskMarkdownSaysOneRunDecidesNothing(t *testing.T) {
	x, redact := hostileRun(t)
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, x, redact); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "One run of each decides nothing: for a verdict with a 95% interval, run `routeplay bench --runs 10`.") {
		t.Errorf("report:\n%s", buf.String())
	}
}
