package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// A gateway that sends its headers only with the first chunk stalls before
// the headers; the idle limit used to start with the headers and missed it.
func TestIdleTimeoutBeforeHeaders(t *testing.T) {
	t.Parallel() // waits on a timer against its own fake
	fake, srv := demo.Start(func(demo.Request) demo.Script {
		return demo.Script{HeaderDelay: 2 * time.Second, Text: "late"}
	})
	defer srv.Close()
	defer fake.Close()
	rt := testkit.FakeRoute(t, "r", backend.KindOpenAI, srv.URL+"/v1", "m")
	for _, tc := range []struct {
		to   backend.Timeouts
		want string
	}{
		{backend.Timeouts{Response: 10 * time.Second, Idle: 150 * time.Millisecond}, "stalled before the headers: no bytes for 150ms"},
		{backend.Timeouts{Response: 10 * time.Second, Idle: 10 * time.Second, FirstToken: 150 * time.Millisecond}, "no first token within 150ms"},
	} {
		res := runOne(t, newTestEngine(tc.to), rt)
		if res.Err == nil || res.Err.Kind != backend.ErrTimeout || res.Err.Message != tc.want {
			t.Fatalf("err = %v, want %q", res.Err, tc.want)
		}
		if res.Timing.Total == nil || *res.Timing.Total > time.Second {
			t.Fatalf("ended at %v, want soon after 150ms", res.Timing.Total)
		}
	}
}

// Keep-alive comments keep the idle limit quiet; they are not a token.
func TestFirstTokenTimeoutIgnoresKeepAlives(t *testing.T) {
	t.Parallel() // waits on a timer against its own fake
	fake, srv := demo.Start(func(demo.Request) demo.Script {
		return demo.Script{KeepAlives: 20, KeepAliveEvery: 50 * time.Millisecond, Text: "late"}
	})
	defer srv.Close()
	defer fake.Close()
	e := newTestEngine(backend.Timeouts{Idle: 5 * time.Second, FirstToken: 200 * time.Millisecond})
	res := runOne(t, e, testkit.FakeRoute(t, "r", backend.KindOpenAI, srv.URL+"/v1", "m"))
	if res.Err == nil || !strings.Contains(res.Err.Message, "no first token within 200ms") {
		t.Fatalf("err = %v, want a first-token timeout", res.Err)
	}
}

// Once a token has arrived the first-token limit no longer applies.
func TestFirstTokenTimeoutStopsAtFirstToken(t *testing.T) {
	fake, srv := demo.Start(func(demo.Request) demo.Script {
		return demo.Script{TokenInterval: 60 * time.Millisecond, Tokens: []string{"a ", "b ", "c ", "d ", "e"}}
	})
	defer srv.Close()
	defer fake.Close()
	e := newTestEngine(backend.Timeouts{Idle: 5 * time.Second, FirstToken: 100 * time.Millisecond})
	res := runOne(t, e, testkit.FakeRoute(t, "r", backend.KindOpenAI, srv.URL+"/v1", "m"))
	if res.Err != nil || res.Text.String() != "a b c d e" {
		t.Fatalf("err = %v, text %q", res.Err, res.Text.String())
	}
}

func TestErrorFinishReasonIsAFailure(t *testing.T) {
	for _, reason := range []string{"error", "overloaded_error", "api_error"} {
		t.Run(reason, func(t *testing.T) {
			fake, srv := demo.Start(func(demo.Request) demo.Script {
				return demo.Script{Text: "half an answ", Finish: reason}
			})
			defer srv.Close()
			defer fake.Close()
			res := runOne(t, newTestEngine(backend.Timeouts{}), testkit.FakeRoute(t, "r", backend.KindOpenAI, srv.URL+"/v1", "m"))
			if res.Err == nil || res.Err.Kind != backend.ErrUpstream || !strings.Contains(res.Err.Message, reason) {
				t.Fatalf("err = %v, want an upstream failure naming %q", res.Err, reason)
			}
			if res.Text.String() != "half an answ" {
				t.Fatalf("text %q: the part that arrived is kept", res.Text.String())
			}
		})
	}
	for _, reason := range []string{"stop", "length", "tool_calls", "content_filter", "end_turn", "STOP"} {
		if ErrorFinish(reason) {
			t.Errorf("%q is not an error", reason)
		}
	}
}
