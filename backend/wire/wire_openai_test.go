package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/wire/sse"
)

const testSecret = "sk-test-SECRET-0123456789"

func pointerTo[T any](v T) *T { return &v }

// requestParts returns a built request's method+URL, its headers as sorted
// "Name: value" lines, and its body.
func requestParts(t *testing.T, r *http.Request) (target, headers, body string) {
	t.Helper()
	var lines []string
	for name, vals := range r.Header {
		lines = append(lines, name+": "+strings.Join(vals, ","))
	}
	sort.Strings(lines)
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if r.GetBody == nil {
		t.Error("request body cannot be replayed (GetBody is nil)")
	}
	return r.Method + " " + r.URL.String(), strings.Join(lines, "\n"), string(b)
}

// compactJSON lets expected bodies be written readably.
func compactJSON(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatalf("bad expected JSON: %v", err)
	}
	return b.String()
}

func checkRequest(t *testing.T, r *http.Request, wantTarget, wantHeaders, wantBody string) {
	t.Helper()
	target, headers, body := requestParts(t, r)
	if target != wantTarget {
		t.Errorf("target = %s\nwant     %s", target, wantTarget)
	}
	if headers != strings.TrimSpace(wantHeaders) {
		t.Errorf("headers:\n%s\nwant:\n%s", headers, strings.TrimSpace(wantHeaders))
	}
	if want := compactJSON(t, wantBody); body != want {
		t.Errorf("body:\n%s\nwant:\n%s", body, want)
	}
	if strings.Contains(r.URL.String(), testSecret) {
		t.Errorf("the key is in the URL")
	}
}

var threeTurns = backend.Request{System: "Be terse.", Messages: []backend.Message{
	{Role: backend.RoleUser, Content: "Hi"}, {Role: backend.RoleAssistant, Content: "Hello."}, {Role: backend.RoleUser, Content: "Name a prime."},
}}

func TestOpenAIRequest(t *testing.T) {
	rt := backend.Route{Kind: backend.KindOpenAI, Wire: backend.WireOpenAI, Model: "gpt-4.1-mini", BaseURL: "https://api.openai.com/v1/",
		Params: backend.Params{Temperature: pointerTo(0.7), TopP: pointerTo(0.9), MaxTokens: pointerTo(512), ReasoningEffort: "low", Stop: []string{"END"}}}
	r, err := AdapterFor(backend.WireOpenAI).NewRequest(context.Background(), rt, threeTurns, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, r, "POST https://api.openai.com/v1/chat/completions", `
Accept: text/event-stream
Authorization: Bearer `+testSecret+`
Content-Type: application/json`, `
{"model":"gpt-4.1-mini","stream":true,"stream_options":{"include_usage":true},
 "messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"Hi"},
             {"role":"assistant","content":"Hello."},{"role":"user","content":"Name a prime."}],
 "temperature":0.7,"top_p":0.9,"max_completion_tokens":512,"reasoning_effort":"low","stop":["END"]}`)
}

func TestOpenRouterRequest(t *testing.T) {
	rt := backend.Route{Kind: backend.KindOpenRouter, Wire: backend.WireOpenAI, Model: "anthropic/claude-sonnet-4.5", BaseURL: "https://openrouter.ai/api/v1",
		Params: backend.Params{System: pointerTo("Route prompt."), MaxTokens: pointerTo(256), ReasoningEffort: "high", ReasoningBudget: pointerTo(999)},
		OpenRouter: &backend.OpenRouterOptions{Models: []string{"anthropic/claude-sonnet-4.5", "openai/gpt-5-mini"},
			Provider: map[string]any{"order": []any{"anthropic"}, "allow_fallbacks": false, "sort": "throughput"}}}
	r, err := AdapterFor(backend.WireOpenAI).NewRequest(context.Background(), rt, backend.Request{System: "ignored", Messages: threeTurns.Messages[:1]}, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, r, "POST https://openrouter.ai/api/v1/chat/completions", `
Accept: text/event-stream
Authorization: Bearer `+testSecret+`
Content-Type: application/json
Http-Referer: https://github.com/routeplay/routeplay
X-Title: routeplay`, `
{"model":"anthropic/claude-sonnet-4.5","models":["anthropic/claude-sonnet-4.5","openai/gpt-5-mini"],
 "stream":true,"stream_options":{"include_usage":true},
 "messages":[{"role":"system","content":"Route prompt."},{"role":"user","content":"Hi"}],
 "max_tokens":256,"reasoning":{"effort":"high"},"usage":{"include":true},
 "provider":{"allow_fallbacks":false,"order":["anthropic"],"sort":"throughput"}}`)
}

func TestOpenRouterReasoningBudget(t *testing.T) {
	rt := backend.Route{Kind: backend.KindOpenRouter, Model: "x/y", BaseURL: "https://openrouter.ai/api/v1", Params: backend.Params{ReasoningBudget: pointerTo(2048)}}
	body, _ := json.Marshal(openaiBody(rt, backend.Request{Messages: threeTurns.Messages[:1]}))
	want := `{"model":"x/y","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}],"reasoning":{"max_tokens":2048},"usage":{"include":true}}`
	if string(body) != want {
		t.Errorf("body:\n%s\nwant:\n%s", body, want)
	}
}

func TestCompatibleRequestWithoutKey(t *testing.T) {
	rt := backend.Route{Kind: "ollama", Wire: backend.WireOpenAI, Model: "llama3.2", BaseURL: "http://localhost:11434/v1",
		Params: backend.Params{System: pointerTo(""), MaxTokens: pointerTo(100)}}
	r, err := AdapterFor(backend.WireOpenAI).NewRequest(context.Background(), rt, threeTurns, "")
	if err != nil {
		t.Fatal(err)
	}
	// An empty route system prompt overrides the request's: no system message.
	checkRequest(t, r, "POST http://localhost:11434/v1/chat/completions", `
Accept: text/event-stream
Content-Type: application/json`, `
{"model":"llama3.2","stream":true,"stream_options":{"include_usage":true},
 "messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello."},{"role":"user","content":"Name a prime."}],
 "max_tokens":100}`)
}

func TestRequestRejectsKeyWithControlCharacters(t *testing.T) {
	for _, w := range []backend.Wire{backend.WireOpenAI, backend.WireAnthropic, backend.WireGemini} {
		_, err := AdapterFor(w).NewRequest(context.Background(), backend.Route{Model: "m", BaseURL: "http://x"}, threeTurns, testSecret+"\n")
		if err == nil {
			t.Fatalf("%s: a key with a newline was accepted", w)
		}
		if strings.Contains(err.Error(), testSecret) {
			t.Errorf("%s: the error shows the key: %v", w, err)
		}
	}
}

func TestOpenAIDecoderServedOnceAndOnChange(t *testing.T) {
	dec := AdapterFor(backend.WireOpenAI).NewDecoder(backend.Route{})
	var served int
	for _, data := range []string{
		`{"id":"g1","model":"a","choices":[{"delta":{"content":"1"}}]}`,
		`{"id":"g1","model":"a","choices":[{"delta":{"content":"2"}}]}`,
		`{"id":"g1","model":"a","provider":"P","choices":[{"delta":{"content":"3"}}]}`,
		`{"id":"g1","model":"a","provider":"P","choices":[]}`,
	} {
		evs, _, err := dec.Decode(sse.Event{Data: []byte(data)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			if ev.Kind == backend.EventServed {
				served++
			}
		}
	}
	if served != 2 {
		t.Errorf("served emitted %d times, want 2 (first chunk, provider appeared)", served)
	}
}

func TestOpenAIDecoderReusedChunkForgetsOldFields(t *testing.T) {
	dec := AdapterFor(backend.WireOpenAI).NewDecoder(backend.Route{})
	first := `{"choices":[{"delta":{"content":"a","reasoning":"r"},"finish_reason":"length"}],"usage":{"prompt_tokens":1}}`
	if _, _, err := dec.Decode(sse.Event{Data: []byte(first)}, nil); err != nil {
		t.Fatal(err)
	}
	evs, _, err := dec.Decode(sse.Event{Data: []byte(`{"choices":[{"delta":{}}]}`)}, nil)
	if err != nil || len(evs) != 0 {
		t.Fatalf("an empty delta produced %v, %v", renderEvents(evs, nil), err)
	}
}
