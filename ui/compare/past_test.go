package compare

import (
	"errors"
	"math"
	"strings"
	"testing"
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
