package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// resultCommand answers the focused pane's pending tool calls with text,
// so a tool loop runs in that pane: the next request carries the calls and
// their result in the route's wire form.
func (m *Model) resultCommand(text string) (bool, tea.Cmd) {
	if m.focus < 0 || m.focus >= len(m.panes) {
		return false, nil
	}
	p := &m.panes[m.focus]
	switch {
	case text == "":
		m.status = "Type the tool's result after /result."
		return false, nil
	case p.Streaming():
		m.status = p.Name() + " is still answering."
		return false, nil
	case len(p.PendingCalls()) == 0:
		m.status = "The last answer in " + p.Name() + " made no tool call to answer."
		return false, nil
	}
	cmd := m.startToolResult(m.focus, text)
	m.status = "Sent the result to " + p.Name() + "."
	return true, tea.Batch(cmd, m.armFrame())
}

// startToolResult sends pane i the result under a fresh generation.
func (m *Model) startToolResult(i int, result string) tea.Cmd {
	if m.engine == nil {
		return nil
	}
	p := &m.panes[i]
	m.gen++
	ctx, cancel := context.WithCancel(m.ctx)
	req, ok := p.BeginToolResult(m.gen, cancel, result, m.system, m.clock())
	if !ok {
		cancel()
		return nil
	}
	return startStream(ctx, m.engine, p.Route(), req, m.gen)
}

// unansweredCalls counts the calls a new prompt to targets will close.
func (m *Model) unansweredCalls(targets []int) int {
	n := 0
	for _, i := range targets {
		n += len(m.panes[i].PendingCalls())
	}
	return n
}
