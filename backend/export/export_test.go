package export

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

const plantedKey = "sk-or-v1-planted0123456789abcdef"

func newTestEngine(to backend.Timeouts) *engine.Engine {
	return engine.NewEngine(engine.EngineOptions{Keys: testkit.EngineKeys(), Timeouts: to})
}

// hostileRun streams an answer full of control sequences, a fence breaker,
// HTML and the planted key, plus a failing route whose error echoes the key.
func hostileRun(t *testing.T) (Export, func(string) string) {
	t.Helper()
	srv, ts := demo.Start(func(r demo.Request) demo.Script {
		if r.Model == "bad" {
			return demo.Script{Status: 400, ErrorMessage: "bad key " + plantedKey + " \x1b[2J"}
		}
		return demo.Script{ServedProvider: "Up\x1b]0;title\x07stream", Tokens: []string{
			"Hello \x1b[31mred\x1b[0m ", "\x1b]52;c;Y2xpcGJvYXJk\x07copied ", "\u202eevil ",
			"```\n# not a heading\n<script>x</script>\n", "key: " + plantedKey + " ", "\u009b31m end"}}
	})
	t.Cleanup(func() { srv.Close(); ts.Close() })
	e := newTestEngine(backend.Timeouts{})
	routes := []backend.Route{testkit.FakeRoute(t, "gw", backend.KindOpenRouter, ts.URL+"/api/v1", "openai/gpt-4o-mini"),
		testkit.FakeRoute(t, "direct", backend.KindOpenAI, ts.URL+"/v1", "gpt-4o-mini"),
		testkit.FakeRoute(t, "broken", backend.KindOpenAI, ts.URL+"/v1", "bad")}
	temp := 0.2
	routes[0].Params.Temperature = &temp
	routes[0].OpenRouter = &backend.OpenRouterOptions{Provider: map[string]any{"order": []any{"open\x1b[2Jai"}}}
	results := e.RunAll(context.Background(), routes, testkit.Ask("Say hi \x1b[5m with "+plantedKey), nil)
	redact := func(s string) string { return strings.ReplaceAll(s, plantedKey, "[redacted]") }
	return Export{Prompt: "Say hi \x1b[5m with " + plantedKey, Results: results, Fees: config.DefaultFees()}, redact
}

func assertShareable(t *testing.T, what, doc string) {
	t.Helper()
	for _, bad := range []string{"\x1b", "\u009b", "\u202e", `\u001b`, `\u009b`, `\u202e`, "\a", plantedKey} {
		if strings.Contains(doc, bad) {
			t.Errorf("%s contains %q", what, bad)
		}
	}
}

func TestExportMarkdownIsSafeToShare(t *testing.T) {
	x, redact := hostileRun(t)
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, x, redact); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	assertShareable(t, "markdown", md)
	for _, want := range []string{"# routeplay report", "## Answers", "### gw · openrouter · openai/gpt-4o-mini",
		"## Metrics", "| gw |", "## Timeline", "## OpenRouter vs direct", "gw vs direct: first token",
		"[redacted]", "Error: bad_request (HTTP 400)", "Fair cost uses credits: 5.5%",
		"Settings: temp 0.2 · order=openai"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// The answer's own ``` must not close the fence: it sits inside a longer one.
	if !strings.Contains(md, "````text\nHello red copied evil ```") {
		t.Errorf("answer not fenced safely:\n%s", md)
	}
	if strings.Contains(md, "\n# not a heading") && !strings.Contains(md, "````text") {
		t.Error("answer Markdown escaped its fence")
	}
}

func TestExportJSONIsSafeToShare(t *testing.T) {
	x, redact := hostileRun(t)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, x, redact); err != nil {
		t.Fatal(err)
	}
	assertShareable(t, "json", buf.String())
	var doc struct {
		Prompt string                `json:"prompt"`
		Routes []backend.RouteReport `json:"routes"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Routes) != 3 || doc.Routes[0].Route != "gw" || doc.Routes[2].Error == nil || doc.Prompt != "Say hi  with [redacted]" {
		t.Errorf("document: %+v", doc)
	}
}

func TestExportBenchMarkdownAndJSON(t *testing.T) {
	_, routes := testkit.BenchFake(t, map[string]time.Duration{"a": 20 * time.Millisecond, "b": 40 * time.Millisecond})
	b := bench.Run(context.Background(), newTestEngine(backend.Timeouts{}), routes, bench.Options{Runs: 3, Warmup: 1, Request: testkit.Ask("hi")})
	x := Export{Prompt: "hi", Bench: b, Workload: "3 runs per route after 1 warmup, warm connections", Fees: config.DefaultFees()}
	var md, js bytes.Buffer
	if err := WriteMarkdown(&md, x, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# routeplay bench report", "Workload: 3 runs per route", "## a · openai · a",
		"| first token |", "| cost | – |", "3 runs, success rate 100%, errors: none", "## Timeline of a typical run",
		"inter-token p50 ", "(6 gaps) · aggregate ", " tok/s · completed "} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("bench report lacks %q:\n%s", want, md.String())
		}
	}
	if err := WriteJSON(&js, x, nil); err != nil {
		t.Fatal(err)
	}
	var rep bench.Report
	if err := json.Unmarshal(js.Bytes(), &rep); err != nil || len(rep.Routes) != 2 || len(rep.Routes[1].Runs) != 3 || rep.Warmup != 1 ||
		rep.Routes[0].Summary.ITLMs == nil || rep.Workload.Concurrency == nil || !rep.Workload.CacheBusting {
		t.Errorf("bench JSON: %v %+v", err, rep)
	}
}

func TestTimelineText(t *testing.T) {
	d := func(ms int) *time.Duration { v := time.Duration(ms) * time.Millisecond; return &v }
	gw := backend.NewResult(backend.Route{Name: "gw", Kind: backend.KindOpenRouter})
	gw.Timing = backend.Timing{Connect: d(20), Headers: d(100), FirstToken: d(200), LastToken: d(390), Total: d(400)}
	gw.KeepAlives = 2
	direct := backend.NewResult(backend.Route{Name: "direct", Kind: backend.KindOpenAI})
	direct.Timing = backend.Timing{Headers: d(40), FirstToken: d(100), Total: d(200)}
	failed := backend.NewResult(backend.Route{Name: "x", Kind: backend.KindOpenAI})
	failed.Timing = backend.Timing{Total: d(100)}
	failed.Err = &backend.RouteError{Kind: backend.ErrRateLimited}
	splits := map[string]engine.FirstTokenSplit{"gw": {FirstToken: 200 * time.Millisecond, Upstream: 60 * time.Millisecond,
		Rest: 140 * time.Millisecond, OK: true}}
	got := strings.Join(TimelineText([]*backend.Result{gw, direct, failed}, splits, 20), "\n")
	// 20 ms columns, painted at their midpoints: connect to 20, headers at
	// 100, upstream's 60 ms before the first token at 200, streaming to 400.
	want := `       0              400ms
       one column = 20ms
gw     c....--uuu==========
       dns – · connect 20ms · tls – · headers 100ms
       first token 200ms · done 400ms · 2 keep-alives
       upstream 60ms + network and gateway 140ms
direct ..---=====          
       no new connection · headers 40ms · first token 100ms
       done 200ms
x      .....                x rate_limited
       no new connection · headers – · first token – · done 100ms

` + timelineLegend
	if got != want {
		t.Errorf("timeline:\n%s\nwant:\n%s", got, want)
	}
	if lines := TimelineText(nil, nil, 20); len(lines) != 1 {
		t.Errorf("empty timeline: %v", lines)
	}
}

// TestTimelineAlignsWideNames: a route name in a wide script takes two
// cells a character, and the bars still start in one column.
func TestTimelineAlignsWideNames(t *testing.T) {
	d := func(ms int) *time.Duration { v := time.Duration(ms) * time.Millisecond; return &v }
	wide := backend.NewResult(backend.Route{Name: "東京", Kind: backend.KindOpenAI})
	wide.Timing = backend.Timing{Headers: d(40), FirstToken: d(100), Total: d(200)}
	plain := backend.NewResult(backend.Route{Name: "gpt", Kind: backend.KindOpenAI})
	plain.Timing = wide.Timing
	lines := TimelineText([]*backend.Result{wide, plain}, nil, 20)
	var bars []int
	for _, l := range lines {
		if i := strings.IndexAny(l, ".-="); i >= 0 && (strings.HasPrefix(l, "東京") || strings.HasPrefix(l, "gpt")) {
			bars = append(bars, figure.Width(l[:i]))
		}
	}
	if len(bars) != 2 || bars[0] != bars[1] {
		t.Errorf("bars start at cells %v:\n%s", bars, strings.Join(lines, "\n"))
	}
}
