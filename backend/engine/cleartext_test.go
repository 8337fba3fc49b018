package engine

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// recordingTransport answers every request itself: nothing leaves the process.
type recordingTransport struct{ sent atomic.Int32 }

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.sent.Add(1)
	body := "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/event-stream"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

// Probe: a key was sent over plain http:// to a host that is not this
// machine, with no warning. It is refused unless the route allows it.
func TestKeyNeverTravelsInClearText(t *testing.T) {
	tr := &recordingTransport{}
	e := NewEngine(EngineOptions{Keys: testkit.StaticKeys{"openai": advKey}, Transport: tr, Timeouts: backend.Timeouts{Response: 5 * time.Second}})
	rt := testkit.FakeRoute(t, "plain", backend.KindOpenAI, "http://proxy.example/v1", "m")
	r := e.RunAll(context.Background(), []backend.Route{rt}, testkit.Ask("hi"), nil)[0]
	if r.Err == nil || r.Err.Kind != backend.ErrBadRequest || !strings.Contains(r.Err.Message, "allow_insecure_http") {
		t.Fatalf("error %v, want a refusal naming allow_insecure_http", r.Err)
	}
	if tr.sent.Load() != 0 {
		t.Fatalf("the request was sent")
	}
	rt.AllowInsecureHTTP = true
	r = e.RunAll(context.Background(), []backend.Route{rt}, testkit.Ask("hi"), nil)[0]
	if r.Err != nil || r.Text.String() != "hi" || tr.sent.Load() != 1 {
		t.Fatalf("allowed route: err %v, text %q, sent %d", r.Err, r.Text.String(), tr.sent.Load())
	}
}
