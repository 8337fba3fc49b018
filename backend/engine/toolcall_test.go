package engine

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// TestToolCallsSanitizedByEngine: names and arguments are model output and
// reach the result without terminal control sequences, even when a sequence
// is split across argument fragments.
func TestToolCallsSanitizedByEngine(t *testing.T) {
	stream := `data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c\u001b[2J","function":{"name":"f\u001b]0;title\u0007x","arguments":"{\"a\":\"\u001b["}}]}}]}` + "\n\n" +
		`data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"31mred\"}"}}]},"finish_reason":"tool_calls"}]}` + "\n\ndata: [DONE]\n\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = w.Write([]byte(stream))
	}))
	defer srv.Close()
	rt, err := backend.NewRoute("openai-compatible", "m", srv.URL+"/v1", "")
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(EngineOptions{Transport: srv.Client().Transport})
	res := backend.NewResult(rt)
	for ev := range e.Stream(context.Background(), rt, backend.Request{Messages: []backend.Message{{Role: backend.RoleUser, Content: "x"}}}) {
		res.Apply(ev)
	}
	want := []backend.ToolCall{{ID: "c", Name: "fx", Arguments: `{"a":"red"}`}}
	if res.Err != nil || !slices.Equal(res.ToolCalls, want) {
		t.Errorf("calls %+v (err %v), want %+v", res.ToolCalls, res.Err, want)
	}
}

// TestNoFallbackOnTimeoutAfterToolCall: a route that began a tool call has
// answered; a stall after it stands, like a stall after text.
func TestNoFallbackOnTimeoutAfterToolCall(t *testing.T) {
	t.Parallel() // waits on a timer against its own fake
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		if !strings.HasPrefix(r.URL.Path, "/busy/") {
			_, _ = w.Write([]byte(`data: {"choices":[{"index":0,"delta":{"content":"spare"},"finish_reason":"stop"}]}` + "\n\ndata: [DONE]\n\n"))
			return
		}
		_, _ = w.Write([]byte(`data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f","arguments":"{"}}]}}]}` + "\n\n"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	primary, err := backend.NewRoute("openai-compatible", "m", srv.URL+"/busy/v1", "")
	if err != nil {
		t.Fatal(err)
	}
	spare, err := backend.NewRoute("openai-compatible", "m", srv.URL+"/spare/v1", "")
	if err != nil {
		t.Fatal(err)
	}
	primary.Name, spare.Name = "primary", "spare"
	primary.Fallback, primary.FallbackOn = []string{"spare"}, []backend.ErrorKind{backend.ErrTimeout}
	e := NewEngine(EngineOptions{Transport: srv.Client().Transport,
		Timeouts: backend.Timeouts{Idle: 150 * time.Millisecond}, Routes: lookupAmong([]backend.Route{spare})})
	res := e.RunAll(context.Background(), []backend.Route{primary}, testkit.Ask("hi"), nil)[0]
	if res.Err == nil || res.Err.Kind != backend.ErrTimeout || len(res.Attempts) != 1 || len(res.ToolCalls) != 1 {
		t.Fatalf("a stall after a tool call must stand: err %v, attempts %d, calls %+v", res.Err, len(res.Attempts), res.ToolCalls)
	}
}
