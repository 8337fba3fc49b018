package ui

import (
	"math"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/ui/compare"
	"github.com/routeplay/routeplay/ui/historyview"
)

// statsFetcher is the engine's OpenRouter stats fetch when it has one;
// scripted test engines have none and the view shows no split.
func statsFetcher(s Streamer) compare.StatsFetcher {
	if f, ok := s.(compare.StatsFetcher); ok {
		return f
	}
	return nil
}

// onKeyOrCompare gives the compare view its keys while it is shown, and
// the compare key its toggle, before the playground's own bindings.
func (m Model) onKeyOrCompare(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if m.showHelp || m.notice != "" {
		return m.onKey(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Compare):
		m.showCompare = !m.showCompare
		if m.showCompare {
			return m, m.loadPast()
		}
		return m, nil
	case !m.showCompare:
		return m.onKey(msg)
	case msg.String() == "esc" && !m.anyStreaming():
		m.showCompare = false
		return m, nil
	case m.compareView.Handles(msg):
		var cmd tea.Cmd
		m.compareView, cmd = m.compareView.Update(msg)
		return m, cmd
	case key.Matches(msg, m.keys.Send) && m.input.Value() != "" && m.input.Value()[0] != '/':
		m.showCompare = false // a new prompt: show its answers streaming
	}
	return m.onKey(msg)
}

// onWheelOrCompare scrolls the compare view while it is shown, else the
// pane under the pointer.
func (m Model) onWheelOrCompare(msg tea.MouseWheelMsg) (Model, tea.Cmd) {
	if !m.showCompare || m.showHelp || m.notice != "" {
		return m.onWheel(msg.Mouse())
	}
	var cmd tea.Cmd
	m.compareView, cmd = m.compareView.Update(msg)
	return m, cmd
}

// onCompareStats hands OpenRouter's stats to the compare view.
func (m Model) onCompareStats(msg compare.StatsMsg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	m.compareView, cmd = m.compareView.Update(msg)
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
		if t := p.last(); p.enabled && t != nil && t.state >= stateDone {
			results = append(results, t.res)
		}
	}
	return m.compareView.AddTurn(m.ctx, m.turns, results)
}

// syncCompareKey names what the compare key does now.
func (m *Model) syncCompareKey() {
	if m.showCompare {
		m.keys.Compare.SetHelp("ctrl+g", "back to panes")
		m.keys.FocusNext.SetHelp("tab", "turn/session") // the view takes tab
	} else {
		m.keys.Compare.SetHelp("ctrl+g", "compare")
		m.keys.FocusNext.SetHelp("tab", "next pane")
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
		names[i] = m.panes[i].route.Name
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
	m.compareView.SetPast(routes, pastDays, msg.Err)
	return m, nil
}
