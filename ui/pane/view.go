package pane

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/ui/cells"
	"github.com/routeplay/routeplay/ui/markdown"
	"github.com/routeplay/routeplay/ui/scroll"
)

// ChromeHeight is the rows a pane uses around its body: two border
// rows, two header rows and two footer rows.
const ChromeHeight = 6

// MarkdownEvery is how many frames at most a streaming answer's new text
// waits: its Markdown is paced by its Doc (UpdateAt). Every pane takes new
// text on the same frames, the pace frames (see PaceFrame): every 50 ms.
const MarkdownEvery = 2

// FrameInterval is one frame of the playground: the root ticks at it, and a
// pane tells its Doc the time of a frame in it. A first token or an end is
// drawn within one frame; steady text at the pace frames.
const FrameInterval = 25 * time.Millisecond

// PaceFrame reports whether streaming text is taken on frame. Between two
// pace frames a steady stream changes only the running figures, so the
// root need not paint those frames; a first token, an end or an error is
// drawn on the frame it arrives.
func PaceFrame(frame int) bool { return frame%MarkdownEvery == 0 }

// paceTime is the time of frame on the pace grid: the last pace frame's.
// A Doc told this time takes new text on pace frames only, in every pane
// alike, wherever in the grid its answer began.
func paceTime(frame int) time.Duration {
	return time.Duration(frame-frame%MarkdownEvery) * FrameInterval
}

// Refresh rebuilds the body if anything changed since it was last built,
// and reports whether it did. Only the lines in the window are rendered
// (see showWindow); finished turns reuse the lines around their answers.
func (p *Pane) Refresh(frame int) bool {
	width := p.bodyWidth()
	key := renderKey{width: width, style: p.styles.Palette.Markdown, styles: p.styles, reasoning: p.showReasoning}
	now := paceTime(frame)
	// New text waits for its answer's pace; a new width, theme or
	// reasoning toggle, or a change of state is drawn at once.
	if !p.dirty || key == p.builtFor && p.Streaming() && p.onlyGrew(frame) {
		return false
	}
	p.dirty = false
	if width < 1 || p.body.Height() < 1 {
		return false
	}
	p.builtFor = key
	if t := p.Last(); t != nil {
		p.builtTurn, p.builtState = t, t.state
	}
	// Auto-follow only if the reader was at the end, judged before the
	// answers take their new text.
	follow := p.body.AtBottom() || p.pinBottom
	// The parts are rebuilt in place: a streaming pane refreshes every
	// frame, and the body is the only holder of its parts.
	parts := p.content.parts[:0]
	for i, t := range p.turns {
		if i > 0 {
			parts = append(parts, bodyPart{lines: turnGap})
		}
		parts = p.turnParts(parts, t, key, now)
	}
	if len(p.turns) == 0 {
		parts = []bodyPart{{lines: p.emptyLines(width)}}
	}
	p.pinBottom = false
	p.content.parts = parts
	p.body.SetSource(p.content)
	if len(p.turns) == 0 {
		p.body.GotoTop() // a notice reads from its first line
	}
	p.showWindow(follow && len(p.turns) > 0)
	return true
}

// onlyGrew reports whether, between two pace frames, the latest turn can
// only have grown since the body was built: same turn, same state.
func (p *Pane) onlyGrew(frame int) bool {
	t := p.Last()
	return !PaceFrame(frame) && t == p.builtTurn && t.state == p.builtState
}

// turnGap is the blank line between two turns; it is only read.
var turnGap = []string{""}

func (p *Pane) emptyLines(width int) []string {
	msg := "Ready. Type a prompt below and press enter."
	switch {
	case !p.enabled:
		msg = "Off for the next turn. /toggle turns it back on."
	case p.noKey:
		return splitLines(p.noKeyBlock(width))
	}
	return splitLines(p.styles.Hint.Render(WrapText(msg, width)))
}

// noKeyBlock says up front that the route has no key and how to add one.
func (p *Pane) noKeyBlock(width int) string {
	s := p.styles
	title := s.ErrorTitle.Render(WrapText("No key for this route: prompts skip it.", width))
	_, _, hint := describeError(&backend.RouteError{Kind: backend.ErrNoKey}, p.route, p.hint)
	return title + "\n" + s.Hint.Render(WrapText(hint, width))
}

// turnParts appends one turn's parts: the lines before its answer, the
// answer, and the lines after it. A finished turn's lines around the answer
// are built once per key; its answer renders only what comes into view.
func (p *Pane) turnParts(parts []bodyPart, t *Turn, key renderKey, now time.Duration) []bodyPart {
	finished := t.state >= StateDone
	head, foot := t.head, t.foot
	switch {
	case !finished:
		head, foot = p.runningHead(t, key), p.turnFoot(t, key)
	case head == nil || t.key != key:
		head, foot = p.turnHead(t, key, true), p.turnFoot(t, key)
		t.head, t.foot, t.key, t.live = head, foot, key, liveHead{}
	}
	parts = append(parts, bodyPart{lines: head})
	if text := p.shownAnswer(t, finished); text != "" {
		if t.doc == nil {
			t.doc = markdown.NewDoc(key.style, key.width)
		}
		t.doc.SetWidth(key.width)
		t.doc.SetStyle(key.style)
		t.doc.UpdateAt(text, finished, now)
		parts = append(parts, bodyPart{doc: t.doc})
	}
	return append(parts, bodyPart{lines: foot})
}

// runningHead is a running turn's head, built again only when the reasoning
// grew or the key changed.
func (p *Pane) runningHead(t *Turn, key renderKey) []string {
	c, r := &t.live, t.res.Reasoning.String()
	if c.lines == nil || c.key != key || c.reasoning != r {
		*c = liveHead{lines: p.turnHead(t, key, false), key: key, reasoning: r}
	}
	return c.lines
}

// turnHead is the prompt and the reasoning: every line ends before the answer.
func (p *Pane) turnHead(t *Turn, key renderKey, finished bool) []string {
	s := p.styles
	var b strings.Builder
	b.WriteString(s.Prompt.Render("› ") + s.PromptText.Render(WrapText(p.shown(promptEcho(t.prompt), false), key.width-2)))
	b.WriteString("\n")
	if r := p.shown(t.res.Reasoning.String(), !finished); r != "" {
		b.WriteString("\n")
		b.WriteString(p.reasoningBlock(r, key))
	}
	return strings.Split(b.String(), "\n")
}

// turnFoot is what follows the answer: the state and the attempts.
func (p *Pane) turnFoot(t *Turn, key renderKey) []string {
	s := p.styles
	var b strings.Builder
	if calls := p.toolCallsBlock(t.res, t.state >= StateDone, key.width); calls != "" {
		b.WriteString(calls + "\n")
	}
	if errs := p.schemaErrorsBlock(t, key.width); errs != "" {
		b.WriteString(errs + "\n")
	}
	switch t.state {
	case StateWaiting:
		waiting := "waiting for the first token…"
		if n := t.res.KeepAlives; n > 0 {
			waiting += " (" + figure.Count(n, "keep-alive") + " so far)"
		}
		b.WriteString(s.Waiting.Render(waiting))
	case StateFailed:
		b.WriteString(p.errorBlock(t, key.width))
	case StateCanceled:
		b.WriteString(s.Canceled.Render("⊘ canceled"))
	}
	if a := p.attemptsBlock(t, key.width); a != "" {
		b.WriteString("\n\n" + a)
	}
	return splitLines(b.String())
}

// echoMaxLines is the longest prompt a pane repeats in full above its answer.
const echoMaxLines = 8

// promptEcho is the prompt as a pane repeats it: a long paste would push the
// answer out of the pane, so it shrinks to its first line and a line count.
func promptEcho(prompt string) string {
	n := strings.Count(prompt, "\n") + 1
	if n <= echoMaxLines {
		return prompt
	}
	first := ""
	for _, line := range strings.Split(prompt, "\n") {
		if strings.TrimSpace(line) != "" {
			first = strings.TrimSpace(line)
			break
		}
	}
	return fmt.Sprintf("%s [pasted %d lines]", first, n)
}

func (p *Pane) reasoningBlock(r string, key renderKey) string {
	s := p.styles
	if !key.reasoning {
		return s.Reasoning.Render("▸ reasoning hidden (" + figure.Tokens(len(r)) + " chars) · alt+t shows it")
	}
	body := WrapText(strings.TrimSpace(r), key.width-2)
	var b strings.Builder
	b.WriteString(s.Reasoning.Render("▾ reasoning"))
	for _, line := range strings.Split(body, "\n") {
		b.WriteString("\n" + s.Reasoning.Render("┊ "+line))
	}
	return b.String()
}

func (p *Pane) errorBlock(t *Turn, width int) string {
	s := p.styles
	e := t.res.Err
	title, message, hint := describeError(e, p.route, p.hint)
	message = p.shown(message, false)
	var b strings.Builder
	b.WriteString(s.ErrorTitle.Render(WrapText("✗ "+title, width)))
	if message != "" {
		b.WriteString("\n" + s.ErrorText.Render(WrapText(message, width)))
	}
	if hint != "" {
		b.WriteString("\n" + s.Hint.Render(WrapText(hint, width)))
	}
	return b.String()
}

// View draws the pane at its size. frame is the spinner frame and now the
// clock reading of the last frame tick, so View itself reads no clock.
func (p Pane) View(focused bool, frame string, now time.Time) string {
	if p.width < 4 || p.height < 3 {
		return ""
	}
	style := p.styles.Pane
	switch {
	case focused:
		style = p.styles.PaneFocus
	case !p.enabled:
		style = p.styles.PaneOff
	}
	inner := p.bodyWidth()
	lines := make([]string, 0, p.height)
	lines = padLines(lines, strings.SplitN(p.header(inner, frame), "\n", 2), inner)
	// The scroller's lines are already exactly inner wide.
	lines = append(lines, markMatches(p.body.View(), p.mark)...)
	lines = padLines(lines, strings.SplitN(p.footer(inner, now), "\n", 2), inner)
	return drawBox(lines, p.width, p.height, style)
}

// padLines appends lines cut or padded to exactly w cells.
func padLines(out, lines []string, w int) []string {
	for _, l := range lines {
		out = append(out, scroll.Pad(l, w))
	}
	return out
}

// drawBox frames lines, each exactly w-4 cells wide, in style's border
// with one column of padding each side; missing rows are blank and extra
// ones dropped, so the box is exactly w×h. Drawing it by hand keeps a
// frame's cost to the visible lines, each measured once.
func drawBox(lines []string, w, h int, style lipgloss.Style) string {
	b := style.GetBorderStyle()
	edge := lipgloss.NewStyle().Foreground(style.GetBorderTopForeground())
	inner := w - 4
	left, right := edge.Render(b.Left)+" ", " "+edge.Render(b.Right)
	var out strings.Builder
	out.Grow(h * (w + 32))
	out.WriteString(edge.Render(b.TopLeft + strings.Repeat(b.Top, w-2) + b.TopRight))
	blank := strings.Repeat(" ", max(0, inner))
	for i := 0; i < h-2; i++ {
		line := blank
		if i < len(lines) {
			line = lines[i]
		}
		out.WriteByte('\n')
		out.WriteString(left)
		out.WriteString(line)
		out.WriteString(right)
	}
	out.WriteString("\n" + edge.Render(b.BottomLeft+strings.Repeat(b.Bottom, w-2)+b.BottomRight))
	return out.String()
}

func (p Pane) header(width int, frame string) string {
	s := p.styles
	badge := s.Badge(p.badge).Render(p.kind) // simulated routes wear the demo colour
	state := p.StateLabel(frame)
	left := s.Title.Render(p.name) + " " + badge
	gap := width - lipgloss.Width(left) - lipgloss.Width(state)
	line1 := cells.Fit(left, width-lipgloss.Width(state)-1) + " " + state
	if gap >= 1 {
		line1 = left + strings.Repeat(" ", gap) + state
	}
	// Who served comes before the settings: on a narrow pane the settings
	// are what gets cut.
	line2 := s.Model.Render(p.model)
	if t := p.Last(); t != nil {
		if note, swapped := p.servedNote(t); swapped {
			line2 = note + s.Model.Render(" · asked ") + line2
		} else if note != "" {
			line2 += s.Model.Render(" → ") + note
		}
	}
	if p.settings != "" {
		line2 += s.Model.Render(" · " + p.settings)
	}
	if p.route.Simulated {
		line2 = s.Simulated.Render("SIMULATED") + s.Model.Render(" · ") + line2
	}
	if more := p.body.Below(); more > 0 {
		// The reader scrolled up: say how much is below, right-aligned.
		tag := s.Hint.Render(fmt.Sprintf("↓ %d more", more))
		room := width - lipgloss.Width(tag) - 1
		line2 = cells.Fit(line2, room)
		line2 += strings.Repeat(" ", max(1, width-lipgloss.Width(line2)-lipgloss.Width(tag))) + tag
	}
	return cells.Fit(line1, width) + "\n" + cells.Fit(line2, width)
}

func (p Pane) StateLabel(frame string) string {
	s := p.styles
	if !p.enabled {
		return s.Off.Render("off")
	}
	t := p.Last()
	if p.noKey && !p.Streaming() {
		return s.Failed.Render("no key")
	}
	if t == nil {
		return s.Waiting.Render("ready")
	}
	switch t.state {
	case StateWaiting:
		return s.Waiting.Render(frame + " waiting")
	case StateStreaming:
		return s.Streaming.Render(frame + " streaming")
	case StateDone:
		if cutOff(t.res.Finish) {
			return s.Canceled.Render("✓ cut off (max tokens)")
		}
		label := s.Done.Render("✓ done")
		if t.res.EndedInToolCall() {
			// An answer that is only a call is not an empty one.
			label = s.Done.Render("✓ tool call")
		}
		return label + p.schemaMark(t.schemaOK)
	case StateFailed:
		return s.Failed.Render("✗ error")
	case StateCanceled:
		return s.Canceled.Render("⊘ canceled")
	}
	return ""
}

// cutOff reports a finish reason meaning the answer hit the token limit.
func cutOff(finish string) bool {
	switch strings.ToLower(finish) {
	case "length", "max_tokens":
		return true
	}
	return false
}

// StateDetail is the cause behind the state label, in a few words.
func (p *Pane) StateDetail() string {
	t := p.Last()
	switch {
	case p.noKey && !p.Streaming():
		return "ctrl+k adds its key"
	case t == nil || t.res == nil:
		return ""
	case t.state == StateFailed && t.res.Err != nil:
		title, message, _ := describeError(t.res.Err, p.route, p.hint)
		if message = p.shown(message, false); message != "" {
			return title + ": " + message
		}
		return title
	case t.state == StateDone && t.res.Timing.Total != nil:
		return figure.Duration(*t.res.Timing.Total)
	}
	return ""
}
