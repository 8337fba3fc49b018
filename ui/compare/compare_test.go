package compare

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/demo/simulated"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/ui/scroll"
)

func TestBarsShareOneScale(t *testing.T) {
	cases := []struct {
		value, full float64
		width       int
		want        string
	}{
		{10, 10, 4, "████"},
		{5, 10, 4, "██  "},
		{1, 10, 4, "▍   "},     // 3.2 eighths round to 3
		{0.001, 10, 4, "▏   "}, // a positive value never reads as zero
		{0, 10, 4, "    "},
		{20, 10, 4, "████"}, // clipped to the scale
		{3, 0, 3, "   "},    // no scale, no bar
		{math.NaN(), 10, 2, "  "},
	}
	for _, c := range cases {
		got := bar(c.value, c.full, c.width)
		if got != c.want || utf8.RuneCountInString(got) != c.width {
			t.Errorf("bar(%v, %v, %d) = %q, want %q", c.value, c.full, c.width, got, c.want)
		}
	}
}

func TestScoreboardBarsScaleToTheColumnMaximum(t *testing.T) {
	m := New(Options{}, charm())
	m.SetSize(160, 40)
	rows := []routeRow{{name: "slow"}, {name: "fast"}}
	rows[0].set(metricFirstToken, ptr(800))
	rows[1].set(metricFirstToken, ptr(200))
	l := layoutScore(rows, 160)
	lines := m.scoreboard(rows)
	slow, fast := stripped(lines[1]), stripped(lines[2])
	full := strings.Repeat("█", l.barW)
	if !strings.Contains(slow, full+" 800ms") {
		t.Errorf("the largest value fills the bar (%d cells): %q", l.barW, slow)
	}
	quarter := strings.Count(fast, "█")
	if want := l.barW / 4; quarter < want-1 || quarter > want+1 {
		t.Errorf("200 of 800 fills %d cells, want about %d: %q", quarter, want, fast)
	}
}

func TestBestOfEachMetric(t *testing.T) {
	rows := []routeRow{{name: "a"}, {name: "b"}, {name: "c"}}
	for i, v := range []float64{300, 120, 500} {
		rows[i].set(metricFirstToken, ptr(v))
		rows[i].set(metricTPS, ptr(v))
		rows[i].set(metricTokens, ptr(v))
	}
	if got := bestOf(rows, metricFirstToken); got != 1 {
		t.Errorf("lowest first token wins: got row %d", got)
	}
	if got := bestOf(rows, metricTPS); got != 2 {
		t.Errorf("highest tokens/s wins: got row %d", got)
	}
	if got := bestOf(rows, metricTokens); got != -1 {
		t.Errorf("output tokens have no winner, got row %d", got)
	}
	if got := bestOf(rows[:1], metricFirstToken); got != -1 {
		t.Errorf("a single route wins nothing, got row %d", got)
	}
}

func TestSparkline(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		values []float64
		lo, hi float64
		want   string
	}{
		{[]float64{0, 1, 2, 3, 4, 5, 6, 7}, 0, 7, "▁▂▃▄▅▆▇█"},
		{[]float64{10, nan, 30}, 10, 30, "▁ █"},
		{[]float64{5, 5, 5}, 5, 5, "▄▄▄"}, // no spread: mid-height, not best or worst
		{[]float64{20}, 0, 40, "▅"},
		{nil, 0, 1, ""},
	}
	for _, c := range cases {
		if got := sparkline(c.values, c.lo, c.hi); got != c.want {
			t.Errorf("sparkline(%v, %v, %v) = %q, want %q", c.values, c.lo, c.hi, got, c.want)
		}
	}
}

func TestHistorySharesTheScaleAcrossRoutes(t *testing.T) {
	m := sessionOf(t, 3, 120, 40)
	all := seriesOf(m.turns, 10)
	if len(all) != 4 || len(all[0].firstToken) != 3 {
		t.Fatalf("series: %+v", all)
	}
	if !math.IsNaN(all[3].firstToken[1]) {
		t.Errorf("the failed turn of %s must be a gap, got %v", all[3].name, all[3].firstToken[1])
	}
	lines := strings.Join(m.history(), "\n")
	// The gateway has the slowest first tokens of all routes: top of the shared scale.
	if !strings.Contains(stripped(lines), "demo-openrouter 1st █▇▇") {
		t.Errorf("history:\n%s", stripped(lines))
	}
}

func TestPairingDisplay(t *testing.T) {
	m := New(Options{}, charm())
	m.SetSize(160, 40)
	turn := turnRecord{number: 1, results: demoTurn(0, false), splits: map[string]splitState{}}
	got := stripped(strings.Join(m.turnDeltas(turn), "\n"))
	for _, want := range []string{
		"demo-openrouter vs demo-openai (same model: demo-direct)",
		"first token +65ms       the gateway adds (339ms vs 274ms)",
		"total       -118ms      the gateway saves (2.89s vs 3.00s)",
		"fair cost   +$0.000013  the gateway adds ($0.000343 vs $0.000330)",
		"OpenRouter's published fees as of " + config.FeesPublished,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "demo-anthropic vs") || strings.Contains(got, "first token split") {
		t.Errorf("only the gateway pair is shown, and no split without stats:\n%s", got)
	}
}

func TestPairingDisplayWithoutAPairSaysHowToGetOne(t *testing.T) {
	m := New(Options{}, charm())
	m.SetSize(80, 24)
	turn := turnRecord{number: 1, results: demoTurn(0, false)[2:], splits: map[string]splitState{}}
	got := stripped(strings.Join(m.turnDeltas(turn), " "))
	if !strings.Contains(got, "No pair to compare") || !strings.Contains(got, "openai:gpt-4o-mini") {
		t.Errorf("got %q", got)
	}
}

func TestFailedGatewayRunHasNoDelta(t *testing.T) {
	m := New(Options{}, charm())
	m.SetSize(100, 40)
	res := demoTurn(0, false)
	res[0] = result(simulated.DemoRoutes()[0], run{total: 40, fail: backend.ErrAuth})
	turn := turnRecord{number: 1, results: res, splits: map[string]splitState{}}
	got := stripped(strings.Join(m.turnDeltas(turn), "\n"))
	if strings.Contains(got, "the gateway adds") || !strings.Contains(got, "a figure is missing") {
		t.Errorf("a failed run's times are no comparison:\n%s", got)
	}
}

func TestRetriedTurnReplacesItsRecordAndDropsStaleStats(t *testing.T) {
	m := New(Options{Fetcher: noFetch{}}, charm())
	m.SetSize(100, 40)
	first := demoTurn(0, false)
	if cmd := m.AddTurn(context.Background(), 1, first); cmd == nil {
		t.Fatal("the gateway run names a generation: its stats must be fetched")
	}
	retried := demoTurn(10, false)
	retried[0].GenerationID = "gen-demo-2"
	retried[2], retried[3] = first[2], first[3] // only two routes were retried
	m.AddTurn(context.Background(), 1, retried)
	if m.Turns() != 1 {
		t.Fatalf("a retried turn replaces its record: %d turns", m.Turns())
	}
	m, _ = m.Update(gatewayStats(1)) // stats of the run that was retried away
	if st := m.turns[0].splits["demo-openrouter"]; st.status != statsFetching {
		t.Errorf("stale stats were filed: %+v", st)
	}
	// A route that sat the next turn out hands in its old run again: left out.
	m.AddTurn(context.Background(), 2, []*backend.Result{retried[1], demoTurn(0, false)[2]})
	if got := routeNames(m.turns[1].results); got != "demo-anthropic" {
		t.Errorf("turn 2 runs: %s", got)
	}
	// After /clear the numbers start again: a turn 1 with new runs is a new turn.
	m.AddTurn(context.Background(), 1, demoTurn(5, false))
	m.AddTurn(context.Background(), 1, demoTurn(6, false))
	if m.Turns() != 4 {
		t.Errorf("a new chat's turns are added, got %d turns", m.Turns())
	}
}

func TestStatsThatNeverCameAreSaidSo(t *testing.T) {
	m := New(Options{Fetcher: noFetch{}}, charm())
	m.SetSize(100, 40)
	m.AddTurn(context.Background(), 1, demoTurn(0, false))
	m, _ = m.Update(StatsMsg{Turn: 1, Route: "demo-openrouter", GenerationID: "gen-demo-1", Err: engine.ErrGenerationNotYet})
	if got := stripped(strings.Join(m.lines, "\n")); !strings.Contains(got, "OpenRouter's stats not yet available") {
		t.Errorf("got:\n%s", got)
	}
	m, _ = m.Update(StatsMsg{Turn: 1, Route: "demo-openrouter", GenerationID: "gen-demo-1",
		Err: errors.New("generation stats: \x1b[31mboom")})
	if got := strings.Join(m.lines, "\n"); !strings.Contains(stripped(got), "OpenRouter's stats: generation stats: boom") ||
		strings.Contains(got, "\x1b[31mboom") {
		t.Errorf("a failed fetch is said, sanitised:\n%s", got)
	}
}

func TestScrollingStaysInsideTheContent(t *testing.T) {
	m := sessionOf(t, 1, 80, 10)
	m = press(m, tea.KeyPressMsg{Code: tea.KeyUp}, 3)
	if m.body.Offset() != 0 {
		t.Errorf("scrolled above the top: %d", m.body.Offset())
	}
	m = press(m, tea.KeyPressMsg{Code: tea.KeyPgDown}, 50)
	if !m.body.AtBottom() || m.body.Offset() == 0 {
		t.Errorf("offset %d, want the last page", m.body.Offset())
	}
	m = press(m, tea.KeyPressMsg{Code: tea.KeyHome}, 1)
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.body.Offset() != scroll.WheelLines {
		t.Errorf("a wheel notch scrolls %d lines, got offset %d", scroll.WheelLines, m.body.Offset())
	}
	m.SetSize(160, 60) // everything fits now
	if m.body.Offset() != 0 {
		t.Errorf("offset %d after growing", m.body.Offset())
	}
	if !m.Handles(tea.KeyPressMsg{Code: tea.KeyTab}) || m.Handles(tea.KeyPressMsg{Code: 'x'}) {
		t.Error("the view claims tab and scrolling keys only")
	}
}

func ptr(v float64) *float64 { return &v }

func TestSessionDeltaIsTheDifferenceOfTheMediansShown(t *testing.T) {
	m := sessionOf(t, 3, 160, 40)
	got := stripped(strings.Join(m.sessionDeltas(), "\n"))
	// Gateway first tokens 413, 387, 361 ms (median 387); direct 311, 298, 285 (median 298).
	if want := "first token +89ms       the gateway adds (387ms vs 298ms)"; !strings.Contains(got, want) {
		t.Errorf("missing %q in:\n%s", want, got)
	}
}

func TestTiedRowsShareTheHighlight(t *testing.T) {
	m := New(Options{}, charm())
	m.SetSize(120, 20)
	rows := []routeRow{{name: "a"}, {name: "b"}, {name: "c"}}
	for i, v := range []float64{84, 84, 40} {
		rows[i].set(metricTPS, ptr(v))
	}
	lines := m.scoreboard(rows)
	best := m.styles.best.Render("84")
	if !strings.Contains(lines[1], best) || !strings.Contains(lines[2], best) {
		t.Errorf("both tied rows are the best:\n%q\n%q", lines[1], lines[2])
	}
	if strings.Contains(lines[3], m.styles.best.Render("40")) {
		t.Error("the slower row is not highlighted")
	}
}

func TestTinySizesDrawExactFrames(t *testing.T) {
	for _, size := range [][2]int{{24, 12}, {10, 3}, {1, 1}, {40, 2}} {
		m := sessionOf(t, 3, size[0], size[1])
		for _, scope := range []int{0, 1} {
			checkFrame(t, frame(m), size[0], size[1])
			m = press(m, tea.KeyPressMsg{Code: tea.KeyTab}, scope+1)
		}
	}
}
