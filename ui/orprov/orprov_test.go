package orprov

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui/pane"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func endpoints(names ...string) []catalog.Endpoint {
	out := make([]catalog.Endpoint, 0, len(names))
	for _, n := range names {
		out = append(out, catalog.Endpoint{Provider: n})
	}
	return out
}

func TestKeepHoldsAGoodListOverALaterFailure(t *testing.T) {
	t.Parallel()
	s := New()
	s.Keep(EndpointsMsg{Model: "acme/m", Endpoints: endpoints("Alpha")}, t0)
	s.Keep(EndpointsMsg{Model: "acme/m", Err: errors.New("down")}, t0.Add(time.Minute))
	set, ok := s.Fresh("acme/m", t0.Add(2*time.Minute))
	if !ok || len(set.Endpoints) != 1 || !set.At.Equal(t0) {
		t.Fatalf("after a failed read: %+v, fresh %v", set, ok)
	}
	if _, ok := s.Fresh("acme/m", t0.Add(FreshFor)); ok {
		t.Fatal("a list read 30 minutes ago is still fresh")
	}
}

func TestKeepSplitsTheRouteThatWaited(t *testing.T) {
	t.Parallel()
	s := New()
	rt := backend.Route{Name: "or-gpt", Kind: backend.KindOpenRouter, Model: "acme/m"}
	s.SplitAfter(rt)
	if got := s.Keep(EndpointsMsg{Model: "acme/m"}, t0); got != "or-gpt" {
		t.Fatalf("split %q, want the route that waited", got)
	}
	if got := s.Keep(EndpointsMsg{Model: "acme/m"}, t0); got != "" {
		t.Fatalf("a second read split %q again", got)
	}
}

func TestSplitRoutesLeavesOutWhatDoesNotFit(t *testing.T) {
	t.Parallel()
	orig := backend.Route{Name: "or", Kind: backend.KindOpenRouter, Model: "acme/m"}
	msg := EndpointsMsg{Endpoints: endpoints("Alpha", "Beta", "Gamma", "Delta")}
	taken := func(n string) bool { return n == "or@beta" }
	routes, left, why := SplitRoutes(orig, "m", msg, taken, MaxSplitPanes-3)
	var names []string
	for _, rt := range routes {
		names = append(names, rt.Name)
	}
	if why != "" || left != 0 || !slices.Equal(names, []string{"or@alpha", "or@gamma", "or@delta"}) {
		t.Fatalf("routes %v, left %d, why %q", names, left, why)
	}
	if routes, left, _ = SplitRoutes(orig, "m", msg, taken, MaxSplitPanes-2); len(routes) != 2 || left != 1 {
		t.Fatalf("room for 2: %d routes, %d left", len(routes), left)
	}
	if _, _, why = SplitRoutes(orig, "m", msg, taken, MaxSplitPanes-1); !strings.Contains(why, "at most 8 panes") {
		t.Fatalf("no room: %q", why)
	}
	if _, _, why = SplitRoutes(orig, "m", EndpointsMsg{}, taken, 0); why != "Not split: OpenRouter lists no provider for m." {
		t.Fatalf("no provider: %q", why)
	}
}

func TestSplitOfFindsTheOriginalAndTakeForgetsIt(t *testing.T) {
	t.Parallel()
	s := New()
	s.Record("or", Split{At: 2, Names: []string{"or@alpha", "or@beta"}})
	if s.SplitOf("or@beta") != "or" || s.SplitOf("or") != "" {
		t.Fatal("SplitOf names the wrong route")
	}
	if sp := s.Take("or"); sp.At != 2 || s.SplitOf("or@beta") != "" {
		t.Fatalf("Take gave %+v and left the split", sp)
	}
}

func TestDetailRowsNeedRoomAndALiveRoute(t *testing.T) {
	t.Parallel()
	live := backend.Route{Kind: backend.KindOpenRouter}
	sim := backend.Route{Kind: backend.KindOpenRouter, Simulated: true}
	if DetailRows(live, 30) != 4 || DetailRows(sim, 30) != 2 || DetailRows(live, 11) != 0 {
		t.Fatalf("rows: live %d, simulated %d, short %d", DetailRows(live, 30), DetailRows(sim, 30), DetailRows(live, 11))
	}
}

// The details are kept between frames, yet follow what they show: the
// route's data settings and a read of the endpoints.
func TestDetailsFollowTheRouteAndTheEndpoints(t *testing.T) {
	t.Parallel()
	st := themes.New(themes.Default(true))
	rt := backend.Route{Name: "or", Kind: backend.KindOpenRouter, Model: "acme/m"}
	p := pane.New(rt, st, "")
	s := New()
	if d := s.Details(st, &p, 4, 200); !strings.Contains(d, "data_collection allow") || strings.Contains(d, "reading") {
		t.Fatalf("before a read: %q", d)
	}
	s.Fetch(t.Context(), nil, rt, "")
	if d := s.Details(st, &p, 4, 200); !strings.Contains(d, "reading OpenRouter's endpoints") {
		t.Fatalf("while reading: %q", d)
	}
	rt.OpenRouter = &backend.OpenRouterOptions{Provider: map[string]any{"data_collection": "deny"}}
	p.SetRoute(rt)
	if d := s.Details(st, &p, 4, 200); !strings.Contains(d, "data_collection deny") {
		t.Fatalf("after the route changed: %q", d)
	}
}
