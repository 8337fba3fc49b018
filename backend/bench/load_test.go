package bench

import (
	"context"
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// loadFake serves routes a and b, each answer taking about hold, behind an
// in-flight counter per model.
func loadFake(t *testing.T, hold time.Duration) (*demo.Server, map[string]*demo.InFlight, []backend.Route) {
	t.Helper()
	srv := demo.New(func(r demo.Request) demo.Script {
		return demo.Script{FirstTokenDelay: hold, TokenInterval: time.Millisecond, Tokens: []string{"one ", "two ", "three"}}
	})
	counters := map[string]*demo.InFlight{}
	var routes []backend.Route
	for _, m := range []string{"a", "b"} {
		c := demo.CountInFlight(srv)
		ts := httptest.NewServer(c)
		t.Cleanup(ts.Close)
		counters[m] = c
		routes = append(routes, testkit.FakeRoute(t, m, backend.KindOpenAI, ts.URL+"/v1", m))
	}
	t.Cleanup(srv.Close)
	return srv, counters, routes
}

func TestBenchClosedLoopKeepsNInFlightPerRoute(t *testing.T) {
	_, counters, routes := loadFake(t, 40*time.Millisecond)
	const n = 4
	res := Run(context.Background(), newTestEngine(backend.Timeouts{}), routes,
		Options{Runs: 12, Warmup: 1, Request: testkit.Ask("hi"), Load: Load{Concurrency: n}})
	for _, br := range res.Routes {
		c := counters[br.Route.Name]
		// Routes take turns, so one route's server never sees more than n;
		// the first slice starts n requests at once, so it sees all n.
		if c.Peak() != n {
			t.Errorf("%s: at most %d requests in flight at the server, want %d", br.Route.Name, c.Peak(), n)
		}
		if len(br.Runs) != 12 || c.Served() != 12+n {
			t.Errorf("%s: %d measured runs, %d served, want 12 and %d (warmup opens n connections)", br.Route.Name, len(br.Runs), c.Served(), 12+n)
		}
		s := br.Summary()
		if s.RequestsPerS == nil || s.OutputTokensPerSAggregate == nil || s.ITLMs == nil {
			t.Fatalf("%s: load figures missing: %+v", br.Route.Name, s)
		}
		if br.Busy <= 0 || len(br.Gaps) != len(br.Runs) {
			t.Errorf("%s: busy %v, %d gap lists for %d runs", br.Route.Name, br.Busy, len(br.Gaps), len(br.Runs))
		}
	}
	if res.Interrupted || res.Workload.Concurrency() != n {
		t.Errorf("interrupted %v, concurrency %d", res.Interrupted, res.Workload.Concurrency())
	}
}

func TestBenchRoutesTakeTurnsUnderLoad(t *testing.T) {
	_, counters, routes := loadFake(t, 20*time.Millisecond)
	var order []string
	Run(context.Background(), newTestEngine(backend.Timeouts{}), routes,
		Options{Runs: 16, Load: Load{Concurrency: 2}, Request: testkit.Ask("hi"),
			OnRun: func(p Progress) {
				if len(order) == 0 || order[len(order)-1] != routes[p.Route].Name {
					order = append(order, routes[p.Route].Name)
				}
				// Each server only ever sees its own route's two workers.
				for name, c := range counters {
					if n := c.Peak(); n > 2 {
						t.Errorf("%s saw %d in flight", name, n)
					}
				}
			}})
	// 16 runs at 2 workers are two slices of 8: a b, then b a.
	if got := strings.Join(order, " "); got != "a b a" {
		t.Errorf("turns %q, want \"a b a\" (round 1 starts with b, which continues)", got)
	}
}

func TestArrivalsArePoissonAndSeeded(t *testing.T) {
	const rate, window = 20.0, 100 * time.Second // a virtual window: nothing sleeps
	a := Arrivals(rand.New(rand.NewPCG(7, 0)), rate, 0, window)
	b := Arrivals(rand.New(rand.NewPCG(7, 0)), rate, 0, window)
	if len(a) != len(b) || a[len(a)-1] != b[len(b)-1] {
		t.Fatalf("the same seed planned different arrivals")
	}
	// 2000 expected; a Poisson count's sd is sqrt(2000) ≈ 45, so ±5 sd.
	if n := len(a); n < 1775 || n > 2225 {
		t.Errorf("%d arrivals in %v at %g/s", n, window, rate)
	}
	for i := 1; i < len(a); i++ {
		if a[i] < a[i-1] || a[i] >= window {
			t.Fatalf("arrival %d at %v after %v", i, a[i], a[i-1])
		}
	}
	if c := Arrivals(rand.New(rand.NewPCG(8, 0)), rate, 0, window); c[0] == a[0] && c[1] == a[1] {
		t.Errorf("another seed planned the same arrivals")
	}
	if q := Arrivals(rand.New(rand.NewPCG(7, 0)), rate, 5, 0); len(q) != 5 || q[4] != a[4] {
		t.Errorf("a quota of 5 planned %v", q)
	}
}

func TestBenchOpenLoopSendsAtTheRate(t *testing.T) {
	_, counters, routes := loadFake(t, 50*time.Millisecond)
	routes = routes[:1]
	// 100/s over a 300 ms window: about 30 arrivals; answers take longer
	// than the gaps, so requests overlap as an open loop should.
	res := Run(context.Background(), newTestEngine(backend.Timeouts{}), routes,
		Options{Load: Load{Rate: 100, Duration: 300 * time.Millisecond, Seed: 1}, Request: testkit.Ask("hi")})
	c := counters["a"]
	want := len(Arrivals(rand.New(rand.NewPCG(1, 0)), 100, 0, 300*time.Millisecond))
	if got := len(res.Routes[0].Runs); got != want || c.Served() != want {
		t.Errorf("%d runs, %d served, want the %d seeded arrivals", got, c.Served(), want)
	}
	if want < 10 || want > 60 {
		t.Errorf("%d arrivals planned at 100/s over 300ms", want)
	}
	if c.Peak() < 2 {
		t.Errorf("peak in flight %d: an open loop does not wait for answers", c.Peak())
	}
	if res.Workload.Concurrency() != 0 {
		t.Errorf("an open loop has no fixed concurrency: %d", res.Workload.Concurrency())
	}
}

func TestLoadPlanAddsUp(t *testing.T) {
	for _, tc := range []struct {
		runs int
		load Load
		n    int
	}{{20, Load{Concurrency: 2}, 3}, {20, Load{Concurrency: 8}, 1}, {3, Load{Concurrency: 8}, 1},
		{100, Load{Rate: 2}, 10}, {7, Load{Rate: 50}, 1}} {
		plan := loadPlan(tc.runs, tc.load)
		sum := 0
		for _, sl := range plan {
			sum += sl.quota
		}
		if sum != tc.runs || len(plan) != tc.n {
			t.Errorf("%d runs %+v: %d slices adding to %d, want %d adding to %d", tc.runs, tc.load, len(plan), sum, tc.n, tc.runs)
		}
	}
	plan := loadPlan(0, Load{Concurrency: 4, Duration: 25 * time.Second})
	var total time.Duration
	for _, sl := range plan {
		total += sl.window
	}
	if len(plan) != 3 || total != 25*time.Second {
		t.Errorf("25s: %+v", plan)
	}
}

func TestBenchDurationStopsARouteThatCannotSend(t *testing.T) {
	_, _, routes := loadFake(t, 0)
	rt := routes[0]
	rt.KeyName = "missing" // fails before any request is sent, every time
	res := Run(context.Background(), newTestEngine(backend.Timeouts{}), []backend.Route{rt},
		Options{Load: Load{Concurrency: 3, Duration: 2 * time.Second}, Request: testkit.Ask("hi")})
	runs := res.Routes[0].Runs
	if len(runs) == 0 || len(runs) > 3 || runs[0].Err == nil || runs[0].Err.Kind != backend.ErrNoKey {
		t.Errorf("%d runs (want one per worker at most, each no_key)", len(runs))
	}
}
