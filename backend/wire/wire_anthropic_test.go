package wire

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/wire/sse"
)

func TestAnthropicRequest(t *testing.T) {
	rt := backend.Route{Kind: backend.KindAnthropic, Wire: backend.WireAnthropic, Model: "claude-sonnet-4-5", BaseURL: "https://api.anthropic.com",
		Params: backend.Params{Temperature: pointerTo(1.0), TopP: pointerTo(0.95), MaxTokens: pointerTo(8000), ReasoningBudget: pointerTo(2048), Stop: []string{"\n\nHuman:"}}}
	r, err := AdapterFor(backend.WireAnthropic).NewRequest(context.Background(), rt, threeTurns, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, r, "POST https://api.anthropic.com/v1/messages", `
Accept: text/event-stream
Anthropic-Version: 2023-06-01
Content-Type: application/json
X-Api-Key: `+testSecret, `
{"model":"claude-sonnet-4-5","max_tokens":8000,"stream":true,"system":"Be terse.",
 "messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello."},{"role":"user","content":"Name a prime."}],
 "temperature":1,"top_p":0.95,"stop_sequences":["\n\nHuman:"],
 "thinking":{"type":"enabled","budget_tokens":2048}}`)
}

func TestAnthropicMaxTokensDefaults(t *testing.T) {
	tests := []struct {
		name   string
		params backend.Params
		want   string
	}{
		{"Unset", backend.Params{}, `{"model":"m","max_tokens":4096,"stream":true,"messages":[{"role":"user","content":"Hi"}]}`},
		// The thinking budget must stay below max_tokens, so the default grows with it.
		{"BigBudget", backend.Params{ReasoningBudget: pointerTo(10000)},
			`{"model":"m","max_tokens":14096,"stream":true,"messages":[{"role":"user","content":"Hi"}],"thinking":{"type":"enabled","budget_tokens":10000}}`},
		{"ZeroBudgetMeansNoThinking", backend.Params{ReasoningBudget: pointerTo(0)},
			`{"model":"m","max_tokens":4096,"stream":true,"messages":[{"role":"user","content":"Hi"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, _ := json.Marshal(anthropicBody(backend.Route{Model: "m", Params: tt.params}, backend.Request{Messages: threeTurns.Messages[:1]}))
			if string(body) != tt.want {
				t.Errorf("body:\n%s\nwant:\n%s", body, tt.want)
			}
		})
	}
}

func TestAnthropicRequestWithoutKey(t *testing.T) {
	r, err := AdapterFor(backend.WireAnthropic).NewRequest(context.Background(), backend.Route{Model: "m", BaseURL: "http://127.0.0.1:9/"}, threeTurns, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Header.Get("X-Api-Key") != "" || r.Header.Get("Authorization") != "" {
		t.Errorf("auth header sent without a key: %v", r.Header)
	}
	if r.URL.String() != "http://127.0.0.1:9/v1/messages" {
		t.Errorf("url = %s", r.URL)
	}
}

func TestAnthropicUsageAtStopWithoutMessageDelta(t *testing.T) {
	dec := AdapterFor(backend.WireAnthropic).NewDecoder(backend.Route{})
	start := `{"type":"message_start","message":{"id":"m1","model":"c","usage":{"input_tokens":7,"output_tokens":1}}}`
	var all []backend.Event
	for _, ev := range []sse.Event{
		{Name: "message_start", Data: []byte(start)},
		{Name: "message_stop", Data: []byte(`{"type":"message_stop"}`)},
	} {
		evs, done, err := dec.Decode(ev, nil)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, evs...)
		if done != (ev.Name == "message_stop") {
			t.Errorf("%s: done = %v", ev.Name, done)
		}
	}
	want := "served model=\"c\" provider=\"\" id=\"m1\"\nusage in=7 out=1 reasoning=0 cached=0\ndone \"\"\n"
	if got := renderEvents(all, nil); got != want {
		t.Errorf("events:\n%s\nwant:\n%s", got, want)
	}
}

func TestAnthropicEventErrorKinds(t *testing.T) {
	tests := map[string]backend.ErrorKind{
		"overloaded_error":      backend.ErrUpstream,
		"rate_limit_error":      backend.ErrRateLimited,
		"authentication_error":  backend.ErrAuth,
		"invalid_request_error": backend.ErrBadRequest,
		"api_error":             backend.ErrUpstream,
		"billing_error":         backend.ErrPayment,
	}
	for typ, want := range tests {
		dec := AdapterFor(backend.WireAnthropic).NewDecoder(backend.Route{})
		data := `{"type":"error","error":{"type":"` + typ + `","message":"m"}}`
		_, _, err := dec.Decode(sse.Event{Name: "error", Data: []byte(data)}, nil)
		re, ok := backend.AsRouteError(err)
		if !ok || re.Kind != want || re.Message != "m" {
			t.Errorf("%s: got %v, want kind %s", typ, err, want)
		}
	}
}
