// Package clitest holds what the tests of ui/cli and its command packages share.
package clitest

import (
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
)

// OneRun is the run of ui's TestOneRunReadsTheSameEverywhere: first token
// 412.6 ms, total 2894.5 ms, $0.0001118 reported.
func OneRun(t *testing.T) *backend.Result {
	t.Helper()
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
	return res
}

// CheckOneRun fails unless each text shows OneRun's figures as the screens
// do (ui/figures_test.go) and no figure written another way.
func CheckOneRun(t *testing.T, res *backend.Result, texts map[string]string) {
	t.Helper()
	tps, ok := res.TokensPerSecond()
	if !ok {
		t.Fatal("the run has no rate")
	}
	want := []string{"413ms", "2.89s", "$0.000112", " " + figure.PerSecond(tps, false) + " "}
	if want[3] != " 23 " {
		t.Fatalf("the run's rate reads %q, not the screens' 23", want[3])
	}
	for name, text := range texts {
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
