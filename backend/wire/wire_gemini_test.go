package wire

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/wire/sse"
)

func TestGeminiRequest(t *testing.T) {
	rt := backend.Route{Kind: backend.KindGemini, Wire: backend.WireGemini, Model: "gemini-2.5-flash", BaseURL: "https://generativelanguage.googleapis.com",
		Params: backend.Params{Temperature: pointerTo(0.7), TopP: pointerTo(0.9), MaxTokens: pointerTo(512), ReasoningBudget: pointerTo(1024), Stop: []string{"END"}}}
	r, err := AdapterFor(backend.WireGemini).NewRequest(context.Background(), rt, threeTurns, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, r, "POST https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", `
Accept: text/event-stream
Content-Type: application/json
X-Goog-Api-Key: `+testSecret, `
{"systemInstruction":{"parts":[{"text":"Be terse."}]},
 "contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello."}]},
             {"role":"user","parts":[{"text":"Name a prime."}]}],
 "generationConfig":{"temperature":0.7,"topP":0.9,"maxOutputTokens":512,"stopSequences":["END"],
   "thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}}`)
}

func TestGeminiRequestMinimal(t *testing.T) {
	rt := backend.Route{Model: "models/tuned model?x", BaseURL: "http://127.0.0.1:8080/"}
	r, err := AdapterFor(backend.WireGemini).NewRequest(context.Background(), rt, backend.Request{Messages: threeTurns.Messages[:1]}, "")
	if err != nil {
		t.Fatal(err)
	}
	// The model is one escaped path segment; no key means no auth header.
	checkRequest(t, r, "POST http://127.0.0.1:8080/v1beta/models/tuned%20model%3Fx:streamGenerateContent?alt=sse", `
Accept: text/event-stream
Content-Type: application/json`, `{"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}`)
	if r.URL.Query().Get("key") != "" {
		t.Error("a key went into the query")
	}
}

func TestGeminiZeroBudgetDisablesThinking(t *testing.T) {
	body, _ := json.Marshal(geminiBody(backend.Route{Params: backend.Params{ReasoningBudget: pointerTo(0)}}, backend.Request{Messages: threeTurns.Messages[:1]}))
	want := `{"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"thinkingConfig":{"thinkingBudget":0,"includeThoughts":true}}}`
	if string(body) != want {
		t.Errorf("body:\n%s\nwant:\n%s", body, want)
	}
}

func TestGeminiDecoderReusedChunkForgetsOldParts(t *testing.T) {
	dec := AdapterFor(backend.WireGemini).NewDecoder(backend.Route{})
	first := `{"candidates":[{"content":{"parts":[{"text":"a","thought":true},{"text":"b"}]}}]}`
	if _, _, err := dec.Decode(sse.Event{Data: []byte(first)}, nil); err != nil {
		t.Fatal(err)
	}
	evs, _, err := dec.Decode(sse.Event{Data: []byte(`{"candidates":[{"content":{"parts":[{"text":"c"}]}}]}`)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := renderEvents(evs, nil); got != "text \"c\"\n" {
		t.Errorf("second chunk gave:\n%s", got)
	}
}
