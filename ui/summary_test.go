package ui

import (
	"strings"
	"testing"
)

// The turn's "cheapest" is what each route costs the user, the gateway's
// fee included, and a tie at the shown precision names no one.
func TestTurnSummaryCheapestCountsFeesAndTies(t *testing.T) {
	t.Parallel()
	same := 0.000015
	m, _ := sent(t, threeRoutes(), 160, 40)
	m = update(m,
		burst("or-gpt", 1, true, started(), text(100, "a"), text(200, "b"), usage(210, 10, 20, &same), done(220)),
		burst("openai", 2, true, started(), text(100, "a"), text(200, "b"), usage(210, 10, 20, &same), done(220)),
		burst("claude", 3, true, started(), text(100, "a"), text(200, "b"), usage(210, 10, 20, &same), done(220)))
	if got := m.turnSummary(); strings.Contains(got, "cheapest or-gpt") || strings.Contains(got, "cheapest") {
		// or-gpt pays OpenRouter's fee; openai and claude tie.
		t.Errorf("summary %q names a cheapest route", got)
	}
	cheaper := 0.000010
	m, _ = sent(t, threeRoutes(), 160, 40)
	m = update(m,
		burst("or-gpt", 1, true, started(), text(100, "a"), usage(210, 10, 20, &cheaper), done(220)),
		burst("openai", 2, true, started(), text(100, "a"), usage(210, 10, 20, &same), done(220)),
		burst("claude", 3, true, started(), text(100, "a"), usage(210, 10, 20, &same), done(220)))
	if got := m.turnSummary(); !strings.Contains(got, "cheapest or-gpt ($0.000011)") {
		t.Errorf("summary %q: want or-gpt with its fee", got)
	}
}
