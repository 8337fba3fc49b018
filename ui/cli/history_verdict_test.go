package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/history"
)

// seedVerdictRuns keeps 12 runs of a gateway route 100 ms slower to first
// token than its direct route, and 2 runs of the direct route that had no key.
func seedVerdictRuns(t *testing.T, path string) {
	t.Helper()
	seedHistory(t, path, func(rec *history.Recorder) {
		at := time.Now().Add(-time.Hour)
		add := func(i int, route, kind, model string, ft float64, errKind string) {
			rep := backend.RouteReport{Route: route, Provider: kind, Model: model, Usage: backend.UsageReport{Source: "estimate"}}
			if errKind != "" {
				rep.Error = &backend.ErrorReport{Kind: errKind, Message: "no key"}
			} else {
				rep.Text, rep.TimingMs = "answer", backend.TimingReport{FirstToken: &ft}
			}
			rec.AddRun(history.Run{Source: history.SourceTUI, StartedAt: at.Add(time.Duration(i) * time.Second), Report: rep})
		}
		for i := range 12 {
			add(2*i, "or-mini", "openrouter", "openai/gpt-4o-mini", 300+float64(i%4), "")
			add(2*i+1, "direct", "openai", "gpt-4o-mini", 200+float64(i%4), "")
		}
		add(30, "direct", "openai", "gpt-4o-mini", 0, "no_key")
		add(31, "direct", "openai", "gpt-4o-mini", 0, "no_key")
	})
}

func TestHistoryStatsVerdictAndRunsNotSent(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	seedVerdictRuns(t, ht.db)
	text := ht.run("history", "stats")
	for _, want := range []string{"0 (0%), 2 not sent (no key)",
		"    first token +100ms [+", "] · direct faster to first token (12 runs and 12 runs succeeded)"} {
		if !strings.Contains(text, want) {
			t.Errorf("stats lack %q:\n%s", want, text)
		}
	}
	var st struct {
		Routes []struct {
			Route     string
			NoKey     int     `json:"no_key"`
			ErrorRate float64 `json:"error_rate"`
		}
		Pairs []struct {
			CI95    *[2]float64 `json:"first_token_ci95"`
			Verdict string
		}
	}
	if err := json.Unmarshal([]byte(ht.run("history", "stats", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	for _, rs := range st.Routes {
		if rs.ErrorRate != 0 || (rs.Route == "direct") != (rs.NoKey == 2) {
			t.Errorf("a run with no key is no route failure: %+v", rs)
		}
	}
	if len(st.Pairs) != 1 || st.Pairs[0].Verdict != "b faster" || st.Pairs[0].CI95 == nil || st.Pairs[0].CI95[0] <= 0 {
		t.Errorf("pairs %+v", st.Pairs)
	}
}
