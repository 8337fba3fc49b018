package compare

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/ui/cells"
)

// header is the view's first line: the two scopes, the current one marked,
// and the view's own keys.
func (m Model) header() string {
	s := m.styles
	tab := func(label string, on bool) string {
		if on {
			return s.tabOn.Render(" " + label + " ")
		}
		return s.tab.Render(" " + label + " ")
	}
	turn, session := "this turn", "whole session"
	if n := len(m.turns); n > 0 {
		turn = fmt.Sprintf("turn %d", m.turns[n-1].number)
		session = "session · " + figure.Count(n, "turn")
	}
	keys := s.hint.Render("  tab switch · ↑↓ pgup pgdn scroll")
	return s.title.Render("Compare ") + tab(turn, m.scope == ScopeTurn) + tab(session, m.scope == ScopeSession) + keys
}

// content renders every section for the current scope.
func (m Model) content() []string {
	s := m.styles
	if len(m.turns) == 0 {
		return append([]string{""}, m.hintLines("No finished turn yet. Send a prompt; when every route has answered, "+
			"the scoreboard, timeline and gateway delta appear here.")...)
	}
	var out []string
	section := func(title string, body []string) {
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, s.section.Render(title))
		out = append(out, body...)
	}
	if m.scope == ScopeTurn {
		t := m.turns[len(m.turns)-1]
		rows := make([]routeRow, 0, len(t.results))
		for _, r := range t.results {
			rows = append(rows, rowOf(r, m.fees))
		}
		section("Scoreboard", m.scoreboard(rows))
		if lines := m.settingsLines([]turnRecord{t}); lines != nil {
			section("Settings", lines)
		}
		section("Timeline", m.timeline(t))
		section("Gateway vs direct", m.turnDeltas(t))
		if lines := m.provenanceLines(t); lines != nil {
			section("Endpoints and data policy", lines)
		}
		if title, lines := m.wordDiff(t); lines != nil {
			section(title, lines)
		}
		return out
	}
	section("Scoreboard · medians over "+figure.Count(len(m.turns), "turn"), m.scoreboard(sessionRows(m.turns, m.fees)))
	if lines := m.settingsLines(m.turns); lines != nil {
		section("Settings", lines)
	}
	section("Gateway vs direct · medians", m.sessionDeltas())
	if lines := m.fidelityLines(); lines != nil {
		section("Fidelity · tool calls and schemas", lines)
	}
	if lines := m.monthlyLines(); lines != nil {
		section(m.monthlyTitle(), lines)
	}
	section("History · one mark per turn", m.history())
	if m.past != nil || m.pastErr != nil {
		section(fmt.Sprintf("Past %d days · from the history", m.pastDays), m.pastLines())
	}
	return out
}

// wrapItems joins items with sep into as few lines of w cells as fit.
func wrapItems(items []string, sep string, w int) []string {
	var lines []string
	cur, curW, sepW := "", 0, lipgloss.Width(sep)
	for _, it := range items {
		itW := lipgloss.Width(it)
		switch {
		case cur == "":
			cur, curW = it, itW
		case curW+sepW+itW <= w:
			cur, curW = cur+sep+it, curW+sepW+itW
		default:
			lines = append(lines, cur)
			cur, curW = it, itW
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// hintLines wraps a note to the view's width, one styled line each.
func (m Model) hintLines(text string) []string {
	lines := strings.Split(cells.Wrap(text, m.width), "\n")
	for i, l := range lines {
		lines[i] = m.styles.hint.Render(l)
	}
	return lines
}
