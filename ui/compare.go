package ui

import (
	"math"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/ui/compare"
	"github.com/routeplay/routeplay/ui/historyview"
	"github.com/routeplay/routeplay/ui/pane"
)

// statsFetcher is the engine's OpenRouter stats fetch when it has one;
// scripted test engines have none and the view shows no split.
func statsFetcher(s Streamer) compare.StatsFetcher {
	if f, ok := s.(compare.StatsFetcher); ok {
		return f
	}
	return nil
}

// compareKey gives the compare view the keys it uses; the rest go on to
// the playground, so a prompt can be typed and sent from the view.
func (m *Model) compareKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case msg.String() == "esc" && !m.anyStreaming():
		return m.closeScreen(screenCompare), true
	case m.compareView.Handles(msg):
		var cmd tea.Cmd
		m.compareView, cmd = onHeap(m.compareView.Update(msg))
		return cmd, true
	case key.Matches(msg, m.keys.Send) && m.input.Value() != "" && m.input.Value()[0] != '/':
		m.screens.close(screenCompare) // a new prompt: show its answers streaming
	}
	return nil, false
}

// onCompareStats hands OpenRouter's stats to the compare view.
func (m Model) onCompareStats(msg compare.StatsMsg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	m.compareView, cmd = onHeap(m.compareView.Update(msg))
	return m, cmd
}

// noteTurnEnd records the turn in the compare view when the last running
// route has just ended, and fetches the gateway stats it needs.
func (m *Model) noteTurnEnd(wasStreaming bool) tea.Cmd {
	if !wasStreaming || m.anyStreaming() {
		return nil
	}
	var results []*backend.Result
	for i := range m.panes {
		p := &m.panes[i]
		if t := p.Last(); p.Enabled() && t != nil && t.State() >= pane.StateDone {
			results = append(results, t.Result())
		}
	}
	m.noteVerdict(results)
	var cmd tea.Cmd
	m.compareView = edited(m.compareView, func(c *compare.Model) { cmd = c.AddTurn(m.ctx, m.turns, results) })
	return cmd
}

// nameCompare names what the compare key does, and tab, which the compare
// view takes.
func (k *keyMap) nameCompare(comparing bool) {
	if comparing {
		k.Compare.SetHelp("ctrl+g", "back to panes")
		k.FocusNext.SetHelp("tab", "turn/session")
	} else {
		k.Compare.SetHelp("ctrl+g", "compare")
		k.FocusNext.SetHelp("tab", "next pane")
	}
}

// pastDays is how far back the compare view looks in the history.
const pastDays = 30

// loadPast reads the routes' daily figures from the history, off the event
// loop, for the compare view's "past days" section.
func (m *Model) loadPast() tea.Cmd {
	if m.opts.History.Store == nil {
		return nil
	}
	names := make([]string, len(m.panes))
	for i := range m.panes {
		names[i] = m.panes[i].Route().Name
	}
	since := m.clock().Add(-pastDays * 24 * time.Hour)
	return historyview.LoadTrend(m.ctx, m.opts.History.Store, names, since, 24*time.Hour)
}

// onPast hands the history's figures to the compare view.
func (m Model) onPast(msg historyview.TrendMsg) (Model, tea.Cmd) {
	routes := make([]compare.PastRoute, 0, len(msg.Routes))
	for _, rt := range msg.Routes {
		pr := compare.PastRoute{Route: rt.Route, Settings: rt.Settings}
		for _, p := range rt.Points {
			pt := compare.PastPoint{FirstTokenMs: math.NaN(), TokensPerS: math.NaN(), Runs: p.Runs, Errors: p.Errors}
			if p.FirstTokenMs != nil {
				pt.FirstTokenMs = p.FirstTokenMs.P50
			}
			if p.TokensPerS != nil {
				pt.TokensPerS = p.TokensPerS.P50
			}
			pr.Points = append(pr.Points, pt)
		}
		routes = append(routes, pr)
	}
	m.compareView = edited(m.compareView, func(c *compare.Model) { c.SetPast(routes, pastDays, msg.Err) })
	return m, nil
}
