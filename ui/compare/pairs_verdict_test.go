package compare

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/demo/simulated"
)

// A run with no key never reached the provider: the scoreboard says so
// and counts no failure for it.
func TestRunsNotSentAreNoFailures(t *testing.T) {
	rt := simulated.DemoRoutes()[1]
	ok := run{headers: 100, first: 200, last: 300, total: 310, tokens: 3}
	turns := []turnRecord{
		{number: 1, results: []*backend.Result{result(rt, ok)}},
		{number: 2, results: []*backend.Result{result(rt, run{fail: backend.ErrNoKey, total: 1})}},
		{number: 3, results: []*backend.Result{result(rt, run{fail: backend.ErrRateLimited, total: 30})}},
	}
	rows := sessionRows(turns, config.DefaultFees())
	if got := rowNote(rows[0]); !strings.Contains(got, "1 of 2 runs failed · 1 not sent (no key)") {
		t.Errorf("session note %q", got)
	}
	m := New(Options{}, charm())
	m.SetSize(100, 30)
	m.turns = turns[1:2]
	if frame := strings.Join(m.scoreboard(sessionRows(m.turns, m.fees)), "\n"); !strings.Contains(frame, "1 not sent (no key)") ||
		strings.Contains(frame, "failed") {
		t.Errorf("a turn with no key:\n%s", frame)
	}
}
