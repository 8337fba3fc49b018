package demo

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

const secretKey = "sk-test-0123456789abcdef"

// keyHeaders are the ways each provider sends a key.
var keyHeaders = map[string]func(string) http.Header{
	"bearer":         func(k string) http.Header { return http.Header{"Authorization": {"Bearer " + k}} },
	"x-api-key":      func(k string) http.Header { return http.Header{"X-Api-Key": {k}, "Anthropic-Version": {"2023-06-01"}} },
	"x-goog-api-key": func(k string) http.Header { return http.Header{"X-Goog-Api-Key": {k}} },
}

func TestValidationEndpoints(t *testing.T) {
	cases := []struct {
		name, path string
		header     http.Header
		check      func(map[string]any) bool
	}{
		{"openai", "/v1/models", keyHeaders["bearer"]("k"), func(m map[string]any) bool {
			return m["object"] == "list" && dig(m, "data", 0, "object") == "model"
		}},
		{"compatible", "/openai/v1/models", keyHeaders["bearer"]("k"), func(m map[string]any) bool { return m["object"] == "list" }},
		{"anthropic", "/v1/models", keyHeaders["x-api-key"]("k"), func(m map[string]any) bool {
			return dig(m, "data", 0, "type") == "model" && m["has_more"] == false
		}},
		{"gemini", "/v1beta/models", keyHeaders["x-goog-api-key"]("k"), func(m map[string]any) bool {
			name, _ := dig(m, "models", 0, "name").(string)
			return strings.HasPrefix(name, "models/")
		}},
		{"openrouter", "/api/v1/key", keyHeaders["bearer"]("k"), func(m map[string]any) bool {
			return dig(m, "data", "usage") == 1.25 && dig(m, "data", "limit") == 10.0 && dig(m, "data", "is_free_tier") == false
		}},
		{"openrouter-models", "/api/v1/models", keyHeaders["bearer"]("k"), func(m map[string]any) bool { return m["data"] != nil }},
	}
	_, url := startFake(t, Script{})
	c := newClient(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body, _ := do(t, context.Background(), c, http.MethodGet, url+tc.path, "", tc.header)
			if resp.StatusCode != 200 || !tc.check(decode(t, string(body))) {
				t.Errorf("status %d body %s", resp.StatusCode, body)
			}
			resp, body, _ = do(t, context.Background(), c, http.MethodGet, url+tc.path, "", nil)
			if resp.StatusCode != 401 || dig(decode(t, string(body)), "error", "message") != "missing API key" {
				t.Errorf("without a key: status %d body %s", resp.StatusCode, body)
			}
		})
	}
}

func TestRequireKeyGuardsEveryEndpoint(t *testing.T) {
	s, url := startFake(t, Script{Text: "ok"})
	s.RequireKey(secretKey)
	c := newClient(t)
	type target struct{ method, path, body, header string }
	targets := []target{
		{"POST", "/v1/chat/completions", callFor(OpenAI).body, "bearer"},
		{"POST", "/api/v1/chat/completions", callFor(OpenAI).body, "bearer"},
		{"POST", "/v1/messages", callFor(Anthropic).body, "x-api-key"},
		{"POST", callFor(Gemini).path, callFor(Gemini).body, "x-goog-api-key"},
		{"GET", "/v1/models", "", "bearer"},
		{"GET", "/v1/models", "", "x-api-key"},
		{"GET", "/v1beta/models", "", "x-goog-api-key"},
		{"GET", "/api/v1/key", "", "bearer"},
	}
	for _, tg := range targets {
		t.Run(tg.method+tg.path+"/"+tg.header, func(t *testing.T) {
			for _, key := range []string{"", "sk-wrong-key", secretKey + "x"} {
				h := keyHeaders[tg.header](key)
				if key == "" {
					h = nil
				}
				resp, body, _ := do(t, context.Background(), c, tg.method, url+tg.path, tg.body, h)
				if resp.StatusCode != 401 {
					t.Fatalf("key %q: status %d", key, resp.StatusCode)
				}
				if strings.Contains(string(body), "sk-") || decode(t, string(body))["error"] == nil {
					t.Errorf("401 body must be the wire's error and never echo a key: %s", body)
				}
			}
			resp, body, _ := do(t, context.Background(), c, tg.method, url+tg.path, tg.body, keyHeaders[tg.header](secretKey))
			if resp.StatusCode != 200 {
				t.Errorf("right key: status %d %s", resp.StatusCode, body)
			}
			if strings.Contains(string(body), secretKey) {
				t.Error("response echoes the key")
			}
		})
	}
}

func TestUnauthorizedBodiesPerWire(t *testing.T) {
	s, url := startFake(t, Script{})
	s.RequireKey(secretKey)
	c := newClient(t)
	_, body, _ := do(t, context.Background(), c, http.MethodPost, url+"/v1/messages", callFor(Anthropic).body, nil)
	if m := decode(t, string(body)); m["type"] != "error" || dig(m, "error", "type") != "authentication_error" {
		t.Errorf("anthropic: %s", body)
	}
	_, body, _ = do(t, context.Background(), c, http.MethodPost, url+callFor(Gemini).path, callFor(Gemini).body, nil)
	if dig(decode(t, string(body)), "error", "status") != "UNAUTHENTICATED" {
		t.Errorf("gemini: %s", body)
	}
	_, body, _ = do(t, context.Background(), c, http.MethodPost, url+"/v1/chat/completions", callFor(OpenAI).body, nil)
	if dig(decode(t, string(body)), "error", "code") != "invalid_api_key" {
		t.Errorf("openai: %s", body)
	}
}

func TestBadRequests(t *testing.T) {
	_, url := startFake(t, Script{Text: "ok"})
	c := newClient(t)
	cases := []struct {
		method, path, body string
		status             int
	}{
		{"GET", "/nowhere", "", 404},
		{"GET", "/v1/chat/completions", "", 405},
		{"POST", "/v1/models", "{}", 405},
		{"POST", "/v1/chat/completions", "not json", 400},
		{"POST", "/v1/messages", "[1,2]", 400},
	}
	for _, tc := range cases {
		resp, body, _ := do(t, context.Background(), c, tc.method, url+tc.path, tc.body, keyHeaders["bearer"]("k"))
		if resp.StatusCode != tc.status || decode(t, string(body))["error"] == nil {
			t.Errorf("%s %s: status %d body %s", tc.method, tc.path, resp.StatusCode, body)
		}
	}
}

func TestScriptedFailuresOnValidationEndpoints(t *testing.T) {
	_, url := startFake(t, Script{Status: 503, RetryAfter: "2"})
	resp, _, _ := do(t, context.Background(), newClient(t), http.MethodGet, url+"/v1/models", "", keyHeaders["bearer"]("k"))
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "2" {
		t.Errorf("status %d", resp.StatusCode)
	}
}

func TestPromptFromEachWiresShape(t *testing.T) {
	cases := []struct {
		wire Wire
		path string
		body string
	}{
		{OpenAI, "/v1/chat/completions", `{"model":"a","messages":[{"role":"user","content":"first"},{"role":"assistant","content":"x"},{"role":"user","content":[{"type":"text","text":"sec"},{"type":"text","text":"ond"}]}]}`},
		{Anthropic, "/v1/messages", `{"model":"a","messages":[{"role":"user","content":"first"},{"role":"assistant","content":"x"},{"role":"user","content":"second"}]}`},
		{Gemini, "/v1beta/models/a:streamGenerateContent?alt=sse", `{"contents":[{"role":"user","parts":[{"text":"first"}]},{"role":"model","parts":[{"text":"x"}]},{"role":"user","parts":[{"text":"sec"},{"text":"ond"}]}]}`},
	}
	for _, tc := range cases {
		s, url := startFake(t, Script{})
		do(t, context.Background(), newClient(t), http.MethodPost, url+tc.path, tc.body, nil)
		if r := s.Requests()[0]; r.Prompt != "second" || r.Model != "a" || r.Wire != tc.wire {
			t.Errorf("%v: prompt %q model %q wire %v", tc.wire, r.Prompt, r.Model, r.Wire)
		}
	}
}

func TestRecordingIsBounded(t *testing.T) {
	s := New(func(Request) Script { return Script{GenerationStats: &GenerationStats{}} })
	c := &http.Client{Transport: InProcess(s)}
	var firstID string
	for i := 0; i < MaxRecorded+5; i++ {
		resp, err := c.Post("http://fake/api/v1/chat/completions", "application/json", strings.NewReader(callFor(OpenAI).body))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			firstID = resp.Header.Get("X-Generation-Id")
		}
		resp.Body.Close()
	}
	if n := len(s.Requests()); n != MaxRecorded {
		t.Errorf("kept %d requests, want %d", n, MaxRecorded)
	}
	if _, ok := s.lookupGeneration(firstID); ok || len(s.generations) != MaxRecorded {
		t.Errorf("kept %d generations; oldest kept: %v", len(s.generations), ok)
	}
}
