package compare

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestPastDaysFromTheHistory(t *testing.T) {
	m := sessionOf(t, 2, 160, 48)
	m.SetPast([]PastRoute{
		{Route: "demo-openrouter", Points: []PastPoint{{300, 80, 4, 0}, {math.NaN(), math.NaN(), 2, 2}, {340, 75, 3, 1}}},
		{Route: "demo-openai", Points: []PastPoint{{250, 85, 4, 0}, {260, 88, 4, 0}, {270, 90, 4, 0}}},
		{Route: "never-ran"},
	}, 30, nil)
	got := stripped(strings.Join(m.pastLines(), "\n"))
	for _, want := range []string{"demo-openrouter", "9 runs, 3 failed", "demo-openai", "12 runs, 0 failed", "last 30 days"} {
		if !strings.Contains(got, want) {
			t.Fatalf("past section lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "never-ran") {
		t.Fatalf("a route with no runs is listed:\n%s", got)
	}
	m.scope = ScopeSession
	if !strings.Contains(stripped(strings.Join(m.content(), "\n")), "Past 30 days · from the history") {
		t.Fatal("the session scope does not show the past section")
	}
	m.SetPast(nil, 30, errors.New("database is locked"))
	if got := stripped(strings.Join(m.pastLines(), "\n")); !strings.Contains(got, "could not be read: database is locked") {
		t.Fatalf("error not shown: %s", got)
	}
}

// A route that ran with several settings has a row per settings, labelled
// with them, each with its own runs; a route without any is named alone.
// Rows are drawn in the order given, skipping those without runs.
func TestPastRowPerSettings(t *testing.T) {
	m := sessionOf(t, 2, 160, 48)
	m.SetPast([]PastRoute{
		{Route: "never-ran"},
		{Route: "or-mini", Settings: "sort=latency", Points: []PastPoint{{300, 90, 5, 0}}},
		{Route: "or-mini", Settings: "sort=price", Points: []PastPoint{{700, 60, 3, 1}, {650, 62, 2, 0}}},
		{Route: "direct", Points: []PastPoint{{400, 80, 4, 0}}},
	}, 30, nil)
	lines := m.pastLines()
	for i, want := range []struct{ name, runs string }{
		{"or-mini · sort=latency ", "5 runs, 0 failed"},
		{"or-mini · sort=price ", "5 runs, 1 failed"},
		{"direct ", "4 runs, 0 failed"},
	} {
		got := stripped(lines[i])
		if !strings.HasPrefix(got, want.name) || !strings.HasSuffix(strings.TrimSpace(got), want.runs) {
			t.Errorf("row %d is not %q … %q:\n%s", i, want.name, want.runs, stripped(strings.Join(lines, "\n")))
		}
	}
	// The labels share a column, wide enough for the longest.
	col := func(l string) int { s := stripped(l); return ansi.StringWidth(s[:strings.Index(s, "1st")]) }
	if a, b := col(lines[0]), col(lines[2]); a != b || a != ansi.StringWidth("or-mini · sort=latency ") {
		t.Errorf("1st at %d and %d:\n%s", a, b, stripped(strings.Join(lines, "\n")))
	}
}

// pastBySettings is the history of the demo gateway under two settings and
// of the direct route under none.
func pastBySettings() []PastRoute {
	return []PastRoute{
		{Route: "demo-openrouter", Settings: "sort=latency", Points: []PastPoint{{320, 84, 4, 0}, {310, 86, 3, 0}, {300, 88, 5, 0}}},
		{Route: "demo-openrouter", Settings: "sort=price", Points: []PastPoint{{520, 70, 2, 1}, {480, 72, 3, 0}}},
		{Route: "demo-openai", Points: []PastPoint{{250, 85, 4, 0}, {260, 88, 4, 0}, {270, 90, 4, 0}}},
	}
}
