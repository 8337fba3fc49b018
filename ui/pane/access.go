package pane

import (
	"time"

	"github.com/routeplay/routeplay/backend"
)

// What the root model reads of a pane and its turns. The pane keeps its
// fields to itself so that every change of state goes through a method
// that also marks what must be drawn again.

// Route is the route the pane runs, as last set.
func (p *Pane) Route() backend.Route { return p.route }

// Name is the route's name, sanitised for display.
func (p *Pane) Name() string { return p.name }

// Model is the route's model id, sanitised for display.
func (p *Pane) Model() string { return p.model }

// Enabled reports whether sends include the route.
func (p *Pane) Enabled() bool { return p.enabled }

// SetEnabled turns the route on or off for the next turn.
func (p *Pane) SetEnabled(on bool) {
	p.enabled = on
	p.dirty = true
}

// NoKey reports whether the route's key is known to be missing.
func (p *Pane) NoKey() bool { return p.noKey }

// Gen is the generation of the run in flight; 0 when none.
func (p *Pane) Gen() uint64 { return p.gen }

// Invalidate has the body rebuilt on the next frame it is due.
func (p *Pane) Invalidate() { p.dirty = true }

// ToggleReasoning shows or hides the reasoning of every turn.
func (p *Pane) ToggleReasoning() {
	p.showReasoning = !p.showReasoning
	p.dirty = true
}

// SetMark sets the query shown marked in the body ("" for none).
func (p *Pane) SetMark(query string) {
	p.mark = query
	p.dirty = true
}

// Offset is the first body line in the window.
func (p *Pane) Offset() int { return p.body.Offset() }

// Result is the turn's run so far.
func (t *Turn) Result() *backend.Result { return t.res }

// State is what the turn's run is doing.
func (t *Turn) State() State { return t.state }

// Prompt is the prompt exactly as sent (a tool result's text for a turn
// that answered calls).
func (t *Turn) Prompt() string { return t.raw }

// Start is when the run was sent.
func (t *Turn) Start() time.Time { return t.start }

// ToolResults are the results the turn sent, nil for a prompt.
func (t *Turn) ToolResults() []backend.ToolResult { return t.results }

// Thread is what the next request sends before its new message: every
// finished exchange, with the answers' tool calls and their results.
func (p *Pane) Thread() []backend.Message { return p.thread }

// Turns are the prompts shown, oldest first; the last may be running.
func (p *Pane) Turns() []*Turn { return p.turns }

// Dirty reports whether the body waits to be rebuilt (see Refresh).
func (p *Pane) Dirty() bool { return p.dirty }

// Mark is the query shown marked in the body, "" for none.
func (p *Pane) Mark() string { return p.mark }

// AtBottom reports whether the window shows the body's last line.
func (p *Pane) AtBottom() bool { return p.body.AtBottom() }

// GotoTop shows the body from its first line.
func (p *Pane) GotoTop() {
	p.body.GotoTop()
	p.showWindow(false)
}

// GotoBottom shows the body's end.
func (p *Pane) GotoBottom() { p.showWindow(true) }
