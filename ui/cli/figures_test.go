package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/history"
)

// The run of ui's TestOneRunReadsTheSameEverywhere (first token 412.6 ms,
// total 2894.5 ms, $0.0001118 reported) reads as it does on the screens in
// the ask table, `history` and the history export.
func TestOneRunReadsTheSameInTheCLI(t *testing.T) {
	t.Parallel()
	at := func(us int) time.Duration { return time.Duration(us) * time.Microsecond }
	cost := 0.0001118
	res := backend.NewResult(backend.Route{Name: "or-gpt", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini"})
	for _, ev := range []backend.Event{{Kind: backend.EventStarted},
		{Kind: backend.EventText, At: at(412_600), Text: "TCP slow start "},
		{Kind: backend.EventText, At: at(1_812_300), Text: "doubles the window every round trip."},
		{Kind: backend.EventUsage, At: at(2_800_000), Usage: &backend.Usage{InputTokens: 24, OutputTokens: 46, CostUSD: &cost}},
		{Kind: backend.EventDone, At: at(2_894_500), Finish: "stop"}} {
		res.Apply(ev)
	}
	tps, ok := res.TokensPerSecond()
	if !ok {
		t.Fatal("the run has no rate")
	}
	// The screens show these (ui/figures_test.go).
	want := []string{"413ms", "2.89s", "$0.000112", " " + figure.PerSecond(tps, false) + " "}
	if want[3] != " 33 " {
		t.Fatalf("the run's rate reads %q, not the screens' 33", want[3])
	}

	var runs strings.Builder
	row := history.RunRow{Run: history.Run{StartedAt: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), Report: res.Report()},
		Prompt: "Explain TCP slow start in two sentences."}
	writeHistoryRuns(&runs, []history.RunRow{row}, 1, 0)
	var md strings.Builder
	writeHistoryRunMarkdown(&md, historyRun{RouteReport: res.Report()})

	for name, text := range map[string]string{
		"ask table":      metricsTable([]*backend.Result{res}, false),
		"history":        runs.String(),
		"history export": md.String(),
	} {
		text = strings.Join(strings.Fields(strings.ReplaceAll(text, "│", " ")), " ")
		for _, w := range want {
			if !strings.Contains(" "+text+" ", w) {
				t.Errorf("%s lacks %q:\n%s", name, w, text)
			}
		}
		for _, stale := range []string{"412ms", "412.6", "2.894", "2.895", "0.0001118", " ms"} {
			if strings.Contains(text, stale) {
				t.Errorf("%s shows %q, a figure written another way:\n%s", name, stale, text)
			}
		}
	}
}
