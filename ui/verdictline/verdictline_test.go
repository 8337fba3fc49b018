package verdictline

import (
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

// testRoutes are OpenRouter's route to a model and the direct one to it.
func testRoutes() []backend.Route {
	return []backend.Route{
		{Name: "or-gpt", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini", KeyName: "openrouter"},
		{Name: "openai", Kind: backend.KindOpenAI, Model: "gpt-4o-mini", KeyName: "openai"},
	}
}

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func TestVerdictLineFitsEveryWidth(t *testing.T) {
	v := verdictText{title: "OpenRouter", model: "gpt-4o-mini", firstToken: "+70ms [+41, +98]", outcome: "direct faster", cost: "cost +262%",
		errors: "0/12 vs 0/12"}
	if got := v.render(200); got != "OpenRouter vs direct · gpt-4o-mini · first token +70ms [+41, +98] direct faster · cost +262% · errors 0/12 vs 0/12" {
		t.Errorf("wide: %q", got)
	}
	if got := v.render(80); len([]rune(got)) > 80 || !strings.Contains(got, "+70ms [+41, +98] direct faster") {
		t.Errorf("80 columns: %q", got)
	}
}

// A retry of one route leaves the other route's run on screen: the turn
// that ends then counts only the new run.
func TestVerdictCountsEachRunOnce(t *testing.T) {
	rts := testRoutes()[:2]
	ft := ms(300)
	mk := func(rt backend.Route) *backend.Result {
		r := backend.NewResult(rt)
		r.Timing.FirstToken, r.Timing.Total = &ft, &ft
		return r
	}
	var v Tally
	gw, dr := mk(rts[0]), mk(rts[1])
	v.Add([]*backend.Result{gw, dr}, config.DefaultFees())
	v.Add([]*backend.Result{mk(rts[0]), dr}, config.DefaultFees()) // the gateway retried
	if s := v.pairs[0].sides; len(s[0].firstTokens) != 2 || len(s[1].firstTokens) != 1 || s[1].sent != 1 {
		t.Fatalf("sides %+v", s)
	}
	if got := v.text.render(200); !strings.Contains(got, "errors 0/2 vs 0/1 · 2 and 1 of the 10 runs a side a verdict needs: alt+r a few times") {
		t.Fatalf("%q", got)
	}
}
