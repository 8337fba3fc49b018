package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/history"
)

// seedSettingsRuns keeps runs of an OpenRouter route under two settings and
// of a direct route to the same model under none, made an hour ago.
func seedSettingsRuns(t *testing.T, path string) {
	t.Helper()
	seedHistory(t, path, func(rec *history.Recorder) {
		at := time.Now().Add(-time.Hour)
		for i, r := range []struct {
			route, kind, model, settings string
			firstToken                   float64
		}{
			{"or-mini", "openrouter", "openai/gpt-4o-mini", "sort=latency", 300},
			{"or-mini", "openrouter", "openai/gpt-4o-mini", "sort=latency", 320},
			{"or-mini", "openrouter", "openai/gpt-4o-mini", "sort=price", 700},
			{"direct", "openai", "gpt-4o-mini", "", 400},
		} {
			ft := r.firstToken
			rep := backend.RouteReport{Route: r.route, Provider: r.kind, Model: r.model, Text: "answer",
				TimingMs: backend.TimingReport{FirstToken: &ft}, Usage: backend.UsageReport{Source: "estimate"}}
			rec.AddRun(history.Run{Source: history.SourceTUI, StartedAt: at.Add(time.Duration(i) * time.Second),
				Report: rep, Settings: r.settings})
		}
	})
}

// A route that ran with two settings is summarised once per settings, each
// row naming them ("–" for none), and is paired with its direct route once
// per settings.
func TestHistoryStatsKeepSettingsApart(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	seedSettingsRuns(t, ht.db)
	text := ht.run("history", "stats")
	lines := strings.Split(text, "\n")
	if len(lines) < 6 || !strings.HasPrefix(strings.Fields(lines[2])[2], "SETTINGS") {
		t.Fatalf("stats:\n%s", text)
	}
	col := strings.Index(lines[2], "SETTINGS") // what comes before is ASCII: bytes line up
	for i, want := range []string{"direct", "or-mini", "or-mini"} {
		if !strings.HasPrefix(lines[3+i], want+" ") {
			t.Errorf("row %d is not %s:\n%s", i, want, text)
		}
	}
	for i, want := range []string{"–", "sort=latency  2  ", "sort=price    1  "} {
		if !strings.HasPrefix(lines[3+i][col:], want) {
			t.Errorf("row %d lacks %q under SETTINGS:\n%s", i, want, text)
		}
	}
	for _, want := range []string{"or-mini (sort=latency) vs direct: first token p50 -90ms",
		"or-mini (sort=price) vs direct: first token p50 +300ms"} {
		if !strings.Contains(text, want) {
			t.Errorf("stats lack %q:\n%s", want, text)
		}
	}
	var st struct {
		Routes []struct {
			Route, Settings string
			Runs            int
		}
		Pairs []struct {
			Gateway         string
			GatewaySettings string `json:"gateway_settings"`
			DirectSettings  string `json:"direct_settings"`
		}
	}
	out := ht.run("history", "stats", "--json")
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Routes) != 3 || st.Routes[1].Settings != "sort=latency" || st.Routes[1].Runs != 2 ||
		len(st.Pairs) != 2 || st.Pairs[1].GatewaySettings != "sort=price" || !strings.Contains(out, `"direct_settings": ""`) {
		t.Fatalf("stats --json:\n%s", out)
	}
}

// The day-by-day trend of a route mixes its settings, and says so.
func TestHistoryTrendNotesVariedSettings(t *testing.T) {
	t.Parallel()
	ht := newHistoryTest(t, "")
	seedSettingsRuns(t, ht.db)
	const note = "settings varied in this period: 2 distinct; see `routeplay history stats`"
	if out := ht.run("history", "stats", "--route", "or-mini", "--by-day"); !strings.HasSuffix(out, "\n\n"+note+"\n") {
		t.Fatalf("trend of a route with two settings:\n%s", out)
	}
	if out := ht.run("history", "stats", "--route", "direct", "--by-day"); strings.Contains(out, "settings varied") {
		t.Fatalf("trend of a route with one settings:\n%s", out)
	}
	if out := ht.run("history", "stats", "--route", "or-mini", "--by-day", "--json"); strings.Contains(out, "settings varied") {
		t.Fatalf("the note is in the JSON:\n%s", out)
	}
}
