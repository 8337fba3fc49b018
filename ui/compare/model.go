// Package compare is the playground's compare view: a scoreboard, a
// waterfall timeline, the OpenRouter-vs-direct delta and the session's
// history, for the current turn or the whole session.
package compare

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/verdict"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui/cells"
	"github.com/routeplay/routeplay/ui/scroll"
)

// StatsFetcher fetches OpenRouter's stats of a generation. *backend.Engine
// satisfies it; it loads the route's key itself.
type StatsFetcher interface {
	GenerationStats(ctx context.Context, rt backend.Route, id string) (engine.GenerationStats, error)
}

var _ StatsFetcher = (*engine.Engine)(nil)

// Options configure the compare view.
type Options struct {
	// Fetcher fetches gateway stats; nil leaves the first-token split out.
	Fetcher StatsFetcher
	// Fees are the gateway fees behind fair cost; nil means the published ones.
	Fees *config.Fees
	// Volume is requests a month for the session's monthly cost
	// projection; 0 leaves the projection out.
	Volume int
}

// Scope is what the view compares.
type Scope int

const (
	ScopeTurn    Scope = iota // the latest finished turn
	ScopeSession              // every turn so far
)

// turnRecord is one finished turn: its runs in route order and what is
// known about each gateway run's first-token split, by route name.
type turnRecord struct {
	number  int
	results []*backend.Result
	splits  map[string]splitState
}

// Model is the compare view, a child of the root model.
type Model struct {
	opts   Options
	fees   config.Fees
	keys   keyMap
	styles styles
	turns  []turnRecord
	scope  Scope

	width, height int
	head          string       // the header line, rendered with the content
	lines         []string     // rendered content, each line exactly width cells, rebuilt when anything changes
	body          scroll.Model // the window over lines under the header
	// past is the routes' figures from the history database.
	past     []PastRoute
	pastDays int
	pastErr  error
	verdicts *verdictMemo
	checks   *checkMemo
	diff     *diffMemo
	// diffPair picks which two answers of the latest turn the word diff
	// compares (taken modulo the number of pairs).
	diffPair int
	// provenance is each route's serving endpoint and data policy.
	provenance []Provenance
}

// New builds an empty compare view.
func New(opts Options, st *themes.Styles) Model {
	m := Model{opts: opts, fees: config.DefaultFees(), keys: defaultKeyMap(), styles: newStyles(st),
		verdicts: &verdictMemo{byKey: map[string]verdict.Difference{}}, checks: &checkMemo{byRun: map[*backend.Result]runChecks{}},
		diff: &diffMemo{}}
	if opts.Fees != nil {
		m.fees = *opts.Fees
	}
	return m
}

// SetSize sets the view's size in cells.
func (m *Model) SetSize(w, h int) {
	if w == m.width && h == m.height {
		return
	}
	m.width, m.height = w, h
	m.rerender()
}

// SetStyles switches theme.
func (m *Model) SetStyles(st *themes.Styles) {
	m.styles = newStyles(st)
	m.diff = &diffMemo{} // its lines are styled
	m.rerender()
}

// Scope reports what the view compares.
func (m Model) Scope() Scope { return m.scope }

// Turns reports how many turns the view holds.
func (m Model) Turns() int { return len(m.turns) }

// AddTurn records a finished turn's runs, in route order. The latest turn
// again, with some of its runs (a retry of some routes), replaces it; the
// same number with none of them is a new chat's turn and is added. Runs already recorded under
// another turn (a route that sat this turn out) are left out. The returned
// Cmd fetches OpenRouter's stats for each gateway run that has an id.
func (m *Model) AddTurn(ctx context.Context, number int, results []*backend.Result) tea.Cmd {
	rec := turnRecord{number: number, splits: map[string]splitState{}}
	for _, r := range results {
		if r != nil && r.Done() && !m.recordedElsewhere(number, r) {
			rec.results = append(rec.results, r)
		}
	}
	if len(rec.results) == 0 {
		return nil
	}
	var cmds []tea.Cmd
	for _, r := range rec.results {
		if wantsStats(r) && m.opts.Fetcher != nil {
			rec.splits[r.Route.Name] = splitState{status: statsFetching}
			cmds = append(cmds, fetchStats(ctx, m.opts.Fetcher, number, r))
		}
	}
	if n := len(m.turns); n > 0 && m.turns[n-1].number == number && sharesRun(m.turns[n-1], rec) {
		m.turns[n-1] = rec
	} else {
		m.turns = append(m.turns, rec)
	}
	m.rerender()
	return tea.Batch(cmds...)
}

func sharesRun(a, b turnRecord) bool {
	for _, x := range a.results {
		for _, y := range b.results {
			if x == y {
				return true
			}
		}
	}
	return false
}

func (m *Model) recordedElsewhere(number int, r *backend.Result) bool {
	for _, t := range m.turns {
		if t.number == number {
			continue
		}
		for _, seen := range t.results {
			if seen == r {
				return true
			}
		}
	}
	return false
}

// Update handles the view's keys, the mouse wheel and the stats it asked for.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case StatsMsg:
		m.onStats(msg)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Scope):
			m.scope = 1 - m.scope
			m.body.GotoTop()
			m.rerender()
		case key.Matches(msg, m.keys.Pair):
			m.diffPair++
			m.rerender()
		default:
			m.body.Key(msg, m.keys.KeyMap)
		}
	case tea.MouseWheelMsg:
		m.body.Wheel(msg.Mouse().Button)
	}
	return m, nil
}

// Handles reports whether a key belongs to the view, so the root can give
// it the key before its own bindings.
func (m Model) Handles(msg tea.KeyPressMsg) bool {
	k := m.keys
	return key.Matches(msg, k.Scope, k.Pair, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom)
}

// rerender rebuilds the content lines for the current size and data.
func (m *Model) rerender() {
	if m.width <= 0 {
		m.lines = nil
		m.body.SetLines(nil)
		return
	}
	m.head = cells.Pad(m.header(), m.width)
	m.lines = m.content()
	for i, l := range m.lines {
		m.lines[i] = cells.Pad(l, m.width)
	}
	m.body.SetSize(m.width, m.height-1) // the header takes a row
	m.body.SetLines(m.lines)
}

// View draws the header line and the visible part of the content, exactly
// width×height cells.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	return strings.Join(append([]string{m.head}, m.body.View()...), "\n")
}
