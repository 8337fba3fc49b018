package simulated

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/demo"
	"go.uber.org/goleak"
)

const orChatPath = "/api/v1/chat/completions"

// list builds a decoded JSON list, as the fake's body decoding yields it.
func list(v ...any) []any { return v }

func TestDemoModelsFallback(t *testing.T) {
	tests := []struct {
		name, path, model string
		models            any
		wantServed        string // ServedModel; "" means the requested model served
		wantStatus        int
	}{
		{"RequestedDemoModelWins", orChatPath, "demo-direct", list("demo-fast"), "", 0},
		{"FirstDemoEntryServes", orChatPath, "gpt-9", list("gpt-8", "demo-fast", "demo-gateway"), "demo-fast", 0},
		{"WrongTypesSkipped", orChatPath, "gpt-9", list(7, nil, map[string]any{}, "demo-gateway"), "demo-gateway", 0},
		{"NoModelNamed", orChatPath, "", list("demo-reasoning"), "demo-reasoning", 0},
		{"NoDemoEntry", orChatPath, "gpt-9", list("gpt-8", "claude-x"), "", 404},
		{"NotAList", orChatPath, "gpt-9", "demo-fast", "", 404},
		{"NotOpenRouterPath", "/v1/chat/completions", "gpt-9", list("demo-fast"), "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := demo.Request{Path: tt.path, Model: tt.model, Prompt: "hi",
				Body: map[string]any{"model": tt.model, "models": tt.models}}
			sc := Demo(req)
			if sc.Status != tt.wantStatus || sc.ServedModel != tt.wantServed {
				t.Fatalf("status %d served %q, want %d %q", sc.Status, sc.ServedModel, tt.wantStatus, tt.wantServed)
			}
			if tt.wantStatus == 404 && sc.ErrorMessage != Demo(demo.Request{Model: "gpt-9"}).ErrorMessage {
				t.Errorf("message %q, want today's unknown-model message", sc.ErrorMessage)
			}
		})
	}
}

// TestDemoFallbackKeepsServedProfile: the served model's profile sets the
// timings and what is reported; the requested model only seeds the jitter.
func TestDemoFallbackKeepsServedProfile(t *testing.T) {
	req := demo.Request{Path: orChatPath, Model: "gpt-9", Prompt: "hi",
		Body: map[string]any{"models": list("demo-gateway")}}
	sc := Demo(req)
	p, _ := DemoProfileFor("demo-gateway")
	if !within(sc.HeaderDelay, p.HeaderDelay) || sc.KeepAlives != p.KeepAlives || sc.Cost == nil {
		t.Errorf("fallback did not use the gateway profile: %+v", sc)
	}
	if sc.ServedProvider != DemoProvider || sc.GenerationStats.Model != "demo-gateway" || sc.GenerationStats.ProviderName != DemoProvider {
		t.Errorf("served %q stats %+v", sc.ServedProvider, *sc.GenerationStats)
	}
	if sc.Text != demoAnswer("hi") || !reflect.DeepEqual(sc, Demo(req)) {
		t.Error("the fallback answer must be the prompt's, and deterministic")
	}
	if direct := Demo(demo.Request{Path: orChatPath, Model: "gpt-9", Prompt: "hi",
		Body: map[string]any{"models": list("demo-direct")}}); direct.ServedProvider != "" || direct.Cost != nil {
		t.Errorf("a direct profile reports no provider, even as a fallback: %+v", direct)
	}
}

func TestDemoProviderPreferences(t *testing.T) {
	tests := []struct {
		name     string
		path     string
		model    string
		provider any
		want     string // ServedProvider; "" with wantStatus 404 means refused
		status   int
	}{
		{"Default", orChatPath, "demo-gateway", nil, DemoProvider, 0},
		{"OnlyFirst", orChatPath, "demo-gateway", map[string]any{"only": list("Acme", "Beta")}, "Acme", 0},
		{"OnlyBeatsOrder", orChatPath, "demo-gateway", map[string]any{"only": list("Acme"), "order": list("Beta")}, "Acme", 0},
		{"OnlySkipsIgnored", orChatPath, "demo-gateway", map[string]any{"only": list("Acme", "Beta"), "ignore": list("ACME")}, "Beta", 0},
		{"OnlyAllIgnored", orChatPath, "demo-gateway", map[string]any{"only": list("Acme"), "ignore": list("acme")}, "", 404},
		{"OrderFirst", orChatPath, "demo-gateway", map[string]any{"order": list("Beta", "Acme")}, "Beta", 0},
		{"OrderSkipsIgnored", orChatPath, "demo-gateway", map[string]any{"order": list("Beta", "Acme"), "ignore": list("beta")}, "Acme", 0},
		{"OrderAllIgnoredFallsBack", orChatPath, "demo-gateway", map[string]any{"order": list("Beta"), "ignore": list("Beta")}, DemoProvider, 0},
		{"NoFallbacksIsNotHonoured", orChatPath, "demo-gateway", map[string]any{"order": list("Beta"), "ignore": list("Beta"), "allow_fallbacks": false}, DemoProvider, 0},
		{"DefaultIgnored", orChatPath, "demo-gateway", map[string]any{"ignore": list("democloud")}, DemoEdgeProvider, 0},
		{"BothDefaultsIgnored", orChatPath, "demo-gateway", map[string]any{"ignore": list(DemoProvider, DemoEdgeProvider)}, "", 404},
		{"WrongTypesIgnored", orChatPath, "demo-gateway", map[string]any{"only": "Acme", "order": list(3, " ", "Beta"), "ignore": true}, "Beta", 0},
		{"ProviderNotAnObject", orChatPath, "demo-gateway", list("Acme"), DemoProvider, 0},
		{"DirectProfileReportsNone", orChatPath, "demo-direct", map[string]any{"only": list("Acme")}, "", 0},
		{"NotOpenRouterPath", "/v1/chat/completions", "demo-gateway", map[string]any{"only": list("Acme")}, DemoProvider, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := demo.Request{Path: tt.path, Model: tt.model, Prompt: "hi",
				Body: map[string]any{"model": tt.model, "provider": tt.provider}}
			sc := Demo(req)
			if sc.Status != tt.status || sc.ServedProvider != tt.want {
				t.Fatalf("status %d provider %q, want %d %q", sc.Status, sc.ServedProvider, tt.status, tt.want)
			}
			if tt.status == 404 && sc.ErrorMessage != demoNoProviderMessage {
				t.Errorf("message %q", sc.ErrorMessage)
			}
			if sc.GenerationStats != nil && sc.GenerationStats.ProviderName != tt.want {
				t.Errorf("generation stats name %q, want %q", sc.GenerationStats.ProviderName, tt.want)
			}
		})
	}
}

// TestDemoProviderIsALabel: choosing an upstream changes only the name.
func TestDemoProviderIsALabel(t *testing.T) {
	plain := Demo(demo.Request{Path: orChatPath, Model: "demo-gateway", Prompt: "hi"})
	chosen := Demo(demo.Request{Path: orChatPath, Model: "demo-gateway", Prompt: "hi",
		Body: map[string]any{"provider": map[string]any{"only": list("Acme")}}})
	chosen.ServedProvider, chosen.GenerationStats.ProviderName = DemoProvider, DemoProvider
	if !reflect.DeepEqual(plain, chosen) {
		t.Errorf("provider choice changed more than the label:\n%+v\n%+v", plain, chosen)
	}
}

// TestDemoRoutingServedInProcess shows the choices in the stream's chunks
// and in the generation stats, as the app reads them.
func TestDemoRoutingServedInProcess(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := &http.Client{Transport: demo.InProcess(demo.New(Demo))}
	resp := postDemo(t, c, `{"model":"gpt-9","models":["gpt-8","demo-gateway"],"stream":true,`+
		`"provider":{"order":["DemoCloud","Acme"],"ignore":["democloud"]},`+
		`"messages":[{"role":"user","content":"Which upstream answered?"}]}`)
	chunk := firstChunk(t, resp)
	if chunk["provider"] != "Acme" || chunk["model"] != "demo-gateway" {
		t.Errorf("chunk provider %v model %v, want Acme demo-gateway", chunk["provider"], chunk["model"])
	}
	id, _ := chunk["id"].(string)
	resp, stats, err := getJSON(c, "http://demo/api/v1/generation?id="+id)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("generation stats: %v %v", resp, err)
	}
	if data, _ := stats["data"].(map[string]any); data["provider_name"] != "Acme" || data["model"] != "demo-gateway" {
		t.Errorf("generation stats %v", stats)
	}

	resp = postDemo(t, c, `{"model":"demo-gateway","stream":true,`+
		`"provider":{"only":["DemoCloud"],"ignore":["democloud"]},`+
		`"messages":[{"role":"user","content":"Which upstream answered?"}]}`)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || !strings.Contains(string(b), demoNoProviderMessage) {
		t.Errorf("only, all ignored: %d %s", resp.StatusCode, b)
	}
}

func postDemo(t *testing.T, c *http.Client, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://demo"+orChatPath, strings.NewReader(body))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// firstChunk reads a stream up to its first data event, then closes it.
func firstChunk(t *testing.T, resp *http.Response) map[string]any {
	t.Helper()
	defer resp.Body.Close()
	rd := bufio.NewReader(resp.Body)
	for {
		line, err := rd.ReadString('\n')
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			var m map[string]any
			if err := json.Unmarshal([]byte(data), &m); err != nil {
				t.Fatalf("event data is not JSON: %v", err)
			}
			return m
		}
		if err != nil {
			t.Fatalf("no data event: %v", err)
		}
	}
}

func getJSON(c *http.Client, url string) (*http.Response, map[string]any, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	var m map[string]any
	err = json.NewDecoder(resp.Body).Decode(&m)
	return resp, m, err
}
