package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

func TestGenerationStatsFromTheFake(t *testing.T) {
	stats := &demo.GenerationStats{ProviderName: "Upstream\x1b[31mCo", LatencyMs: 55, GenerationTimeMs: 120, TotalCost: 0.00042}
	srv, ts := demo.Start(func(demo.Request) demo.Script {
		return demo.Script{HeaderDelay: 40 * time.Millisecond, FirstTokenDelay: 40 * time.Millisecond,
			Tokens: []string{"a ", "b"}, ServedProvider: "Upstream", GenerationStats: stats}
	})
	defer ts.Close()
	defer srv.Close()
	e := newTestEngine(backend.Timeouts{})
	rt := testkit.FakeRoute(t, "or", backend.KindOpenRouter, ts.URL+"/api/v1", "openai/gpt-4o-mini")
	res := runOne(t, e, rt)
	if res.Err != nil || res.GenerationID == "" {
		t.Fatalf("run: err %v, generation id %q", res.Err, res.GenerationID)
	}
	st, err := e.GenerationStats(context.Background(), rt, res.GenerationID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Provider != "UpstreamCo" {
		t.Errorf("provider %q must be sanitised", st.Provider)
	}
	if st.Latency == nil || *st.Latency != 55*time.Millisecond || *st.GenerationTime != 120*time.Millisecond ||
		*st.TotalCostUSD != 0.00042 || st.ID != res.GenerationID {
		t.Errorf("stats: %+v", st)
	}
	reqs := srv.Requests()
	if got := reqs[len(reqs)-1].Header.Get("Authorization"); got != "Bearer "+testkit.Key {
		t.Errorf("stats request must carry the OpenRouter key, got %q", got)
	}
	split := SplitFirstToken(res, st)
	if !split.OK || split.Upstream != 55*time.Millisecond || split.Rest != split.FirstToken-55*time.Millisecond ||
		split.FirstToken < 80*time.Millisecond {
		t.Errorf("split: %+v", split)
	}
}

func TestGenerationStatsNotYetAvailable(t *testing.T) {
	saved := generationRetries
	generationRetries = []time.Duration{0, 5 * time.Millisecond, 5 * time.Millisecond}
	defer func() { generationRetries = saved }()
	srv, ts := demo.Start(nil)
	defer ts.Close()
	defer srv.Close()
	e := newTestEngine(backend.Timeouts{})
	rt := testkit.FakeRoute(t, "or", backend.KindOpenRouter, ts.URL+"/api/v1", "m")
	_, err := e.GenerationStats(context.Background(), rt, "gen-unknown")
	if !errors.Is(err, ErrGenerationNotYet) {
		t.Fatalf("err = %v, want ErrGenerationNotYet", err)
	}
	if n := len(srv.Requests()); n != len(generationRetries) {
		t.Errorf("%d tries, want %d", n, len(generationRetries))
	}
}

func TestGenerationStatsErrorsCarryNoKey(t *testing.T) {
	srv, ts := demo.Start(nil)
	defer ts.Close()
	defer srv.Close()
	srv.RequireKey("a-different-key-000000")
	e := newTestEngine(backend.Timeouts{})
	rt := testkit.FakeRoute(t, "or", backend.KindOpenRouter, ts.URL+"/api/v1", "m")
	_, err := e.GenerationStats(context.Background(), rt, "gen-1")
	if err == nil || errors.Is(err, ErrGenerationNotYet) || strings.Contains(err.Error(), testkit.Key) {
		t.Fatalf("err = %v", err)
	}
	if _, err := e.GenerationStats(context.Background(), testkit.FakeRoute(t, "oa", backend.KindOpenAI, ts.URL+"/v1", "m"), "x"); err == nil {
		t.Error("a direct route has no generation stats")
	}
}

func TestGenerationStatsCanceled(t *testing.T) {
	saved := generationRetries
	generationRetries = []time.Duration{0, time.Hour}
	defer func() { generationRetries = saved }()
	srv, ts := demo.Start(nil)
	defer ts.Close()
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := newTestEngine(backend.Timeouts{}).GenerationStats(ctx, testkit.FakeRoute(t, "or", backend.KindOpenRouter, ts.URL+"/api/v1", "m"), "gen-1")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's", err)
	}
}

func TestSplitFirstTokenRefusesInconsistentFigures(t *testing.T) {
	res := testkit.FinishedResult(backend.Route{Name: "or", Kind: backend.KindOpenRouter}, 300*time.Millisecond, time.Second, 0, nil)
	long, short := 900*time.Millisecond, 250*time.Millisecond
	if s := SplitFirstToken(res, GenerationStats{Latency: &long}); s.OK || !strings.Contains(s.Note, "exceeds") {
		t.Errorf("latency beyond the first token: %+v", s)
	}
	if s := SplitFirstToken(res, GenerationStats{}); s.OK || s.Note == "" {
		t.Errorf("no latency: %+v", s)
	}
	if s := SplitFirstToken(res, GenerationStats{Latency: &short}); !s.OK || s.Rest != 50*time.Millisecond {
		t.Errorf("split: %+v", s)
	}
}
