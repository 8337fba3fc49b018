package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
)

func TestExportHasOneDataPolicyLinePerRoute(t *testing.T) {
	or := &backend.Result{Route: backend.Route{Name: "or", Kind: backend.KindOpenRouter,
		OpenRouter: &backend.OpenRouterOptions{Provider: map[string]any{"zdr": true}}}, ServedBy: "Alpha"}
	direct := &backend.Result{Route: backend.Route{Name: "direct", Kind: backend.KindOpenAI}}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, Export{Prompt: "hi", Results: []*backend.Result{or, direct}, Fees: config.DefaultFees()}, nil); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	_, section, ok := strings.Cut(md, "## Data policy\n\n")
	if !ok {
		t.Fatalf("no data policy section:\n%s", md)
	}
	lines := strings.Split(strings.TrimSpace(strings.Split(section, "\n\n")[0]), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "- **or**: OpenRouter: data_collection allow, zdr on") ||
		!strings.Contains(lines[0], "served by Alpha") || !strings.HasPrefix(lines[1], "- **direct**: openai: training: not used") {
		t.Fatalf("lines %q", lines)
	}
}

func TestExportsCarryPolicyAndPublishedFigures(t *testing.T) {
	ft := 412 * time.Millisecond
	up, lat := 99.5, 420.0
	or := &backend.Result{Route: backend.Route{Name: "or", Kind: backend.KindOpenRouter}, ServedBy: "Alpha",
		Timing: backend.Timing{FirstToken: &ft}}
	direct := &backend.Result{Route: backend.Route{Name: "direct", Kind: backend.KindOpenAI}}
	x := Export{Prompt: "hi", Results: []*backend.Result{or, direct}, Fees: config.DefaultFees(),
		Published: map[string]catalog.Endpoint{"or": {Provider: "Alpha", Quantization: "fp8|`x`\x1b[2J", Uptime30m: &up,
			LatencyMs: catalog.Percentiles{P50: &lat}}},
		Providers: []catalog.ProviderInfo{{Name: "Alpha", Privacy: "https://alpha.example/privacy"}}}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, x, nil); err != nil {
		t.Fatal(err)
	}
	want := "- **or** served by Alpha; published (OpenRouter, 30 min): uptime 99.5% · latency p50 420ms · fp8\\|\\`x\\`; " +
		"measured (this run): first token 412ms\n"
	if !strings.Contains(md.String(), want) || strings.ContainsRune(md.String(), 0x1b) {
		t.Fatalf("Markdown lacks %q:\n%s", want, md.String())
	}
	if !strings.Contains(md.String(), "served by Alpha, policy https\\://alpha.example/privacy") {
		t.Fatalf("no policy link:\n%s", md.String())
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, x, nil); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		DataPolicy []RoutePolicy `json:"data_policy"`
		Published  []struct {
			Route, Source string
			Endpoint      catalog.Endpoint
		} `json:"published_endpoints"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.DataPolicy) != 2 || doc.DataPolicy[1].Route != "direct" || !strings.HasPrefix(doc.DataPolicy[1].Policy, "openai: training") ||
		len(doc.Published) != 1 || doc.Published[0].Source != catalog.PublishedLabel || *doc.Published[0].Endpoint.Uptime30m != 99.5 ||
		strings.ContainsRune(doc.Published[0].Endpoint.Quantization, 0x1b) {
		t.Fatalf("JSON report: %+v\n%s", doc, js.String())
	}
}

func TestBenchJSONHasDataPolicy(t *testing.T) {
	rt := backend.Route{Name: "direct", Kind: backend.KindAnthropic}
	x := Export{Prompt: "hi", Bench: &bench.Result{Runs: 1, Routes: []bench.Route{{Route: rt}}}, Fees: config.DefaultFees()}
	var js bytes.Buffer
	if err := WriteJSON(&js, x, nil); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	pol, _ := doc["data_policy"].([]any)
	if len(pol) != 1 || doc["routes"] == nil {
		t.Fatalf("bench JSON: %s", js.String())
	}
}
