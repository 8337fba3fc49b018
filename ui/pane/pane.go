// Package pane is one route's pane in the playground: its turns and the
// thread its next request sends, the run of each turn as events arrive,
// and the drawing of header, body (rendered only where it is in view) and
// footer metrics. The root model owns the panes and the streams; a pane
// only folds in what it is handed.
package pane

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui/cells"
	"github.com/routeplay/routeplay/ui/markdown"
	"github.com/routeplay/routeplay/ui/scroll"
)

// State is what a pane's latest run is doing.
type State int

const (
	StateIdle      State = iota // no prompt sent yet
	StateWaiting                // sent, nothing streamed yet
	StateStreaming              // deltas arriving
	StateDone                   // finished normally
	StateFailed                 // the route failed
	StateCanceled               // the user canceled
)

// Turn is one prompt and this route's answer to it.
type Turn struct {
	prompt   string // sanitised, for display
	raw      string // exactly as sent, for the thread and retries
	res      *backend.Result
	start    time.Time // when Stream was called; only for the live elapsed figure
	state    State
	canceled bool // the user asked to cancel; a late error is shown as canceled
	// results, when set, make this turn the answer to the previous turn's
	// tool calls rather than a prompt; raw is then the result text.
	results []backend.ToolResult
	// schemaOK is the structured-output verdict and schemaErrs why it
	// failed, set once the turn is done so that neither the header nor the
	// body validates the answer again; nil: none.
	schemaOK   *bool
	schemaErrs []string
	// doc renders the answer, lazily: only what comes into view.
	doc *markdown.Doc
	// answer is a finished answer as shown, redacted at answerVersion.
	answer        string
	answerVersion uint64
	answerShown   bool
	// head and foot cache the lines around a finished turn's answer for key.
	head, foot []string
	key        renderKey
	live       liveHead // the head while the turn runs
}

// liveHead caches a running turn's head: wrapping and styling its
// reasoning costs its whole length, and once the answer starts the
// reasoning no longer changes.
type liveHead struct {
	lines     []string
	key       renderKey
	reasoning string // the reasoning lines was built from
}

// renderKey is what a turn's cached lines depend on. styles is the theme:
// two themes may share one glamour style yet colour the prompt differently.
type renderKey struct {
	width     int
	style     string
	styles    *themes.Styles
	reasoning bool
}

// Pane shows one route: header, scrollable body and live metrics.
type Pane struct {
	route backend.Route
	name  string // sanitised route name
	model string // sanitised model id
	badge string // themes badge class
	kind  string // sanitised provider kind, shown in the badge
	hint  string // how to add this route's key, from Options.KeyHint
	// settings are the route's parameters and OpenRouter options in short
	// form, sanitised.
	settings string
	enabled  bool
	noKey    bool // the route's key is known to be missing: sends skip it

	thread []backend.Message // completed exchanges, sent with the next prompt
	turns  []*Turn
	gen    uint64             // generation of the current run; 0 when none
	cancel context.CancelFunc // cancels the current run
	// Sanitizers keep state between deltas so a split sequence is removed whole.
	textSan, reasonSan safetext.Sanitizer

	body          scroll.Model
	content       *paneBody // what body shows; shared by copies of the pane
	pinBottom     bool      // show the end on the next render: after a resize at the end, a send, a loaded session
	styles        *themes.Styles
	width, height int
	dirty         bool
	builtFor      renderKey // what the body was last built for
	builtTurn     *Turn     // the latest turn when the body was last built
	builtState    State     // and its state then
	showReasoning bool
	mark          string // a search's query, shown marked while zoomed
	// redact masks every known key in text shown on screen; growing says the
	// text is still streaming. Nil shows text as it is (no key store).
	redact func(s string, growing bool) string
	// redactVersion says when the known keys changed, so a finished answer
	// is redacted once per change instead of on every refresh.
	redactVersion func() uint64
}

// SetRedact sets how the pane masks known keys in what it shows; version
// (may be nil) changes whenever the set of known keys does.
func (p *Pane) SetRedact(f func(s string, growing bool) string, version func() uint64) {
	p.redact, p.redactVersion = f, version
	p.dirty = true
}

// shownAnswer is a turn's answer as shown. A finished answer never changes,
// so it is redacted again only when a key becomes known: redacting every
// finished turn on every refresh would cost the whole history per frame.
func (p *Pane) shownAnswer(t *Turn, finished bool) string {
	if !finished || p.redact == nil || p.redactVersion == nil {
		return p.shown(t.res.Text.String(), !finished)
	}
	if v := p.redactVersion(); !t.answerShown || t.answerVersion != v {
		t.answer, t.answerVersion, t.answerShown = p.shown(t.res.Text.String(), false), v, true
	}
	return t.answer
}

// shown is text as the pane may show it: every known key masked.
func (p *Pane) shown(s string, growing bool) string {
	if p.redact == nil {
		return s
	}
	return p.redact(s, growing)
}

// New builds the pane of a route.
func New(rt backend.Route, styles *themes.Styles, hint string) Pane {
	p := Pane{
		name: safetext.Sanitize(rt.Name), badge: badgeClass(rt), kind: safetext.Sanitize(string(rt.Kind)),
		hint: hint, enabled: true, styles: styles, dirty: true, showReasoning: true,
		content: &paneBody{},
	}
	p.body.SetSource(p.content)
	p.SetRoute(rt)
	return p
}

// SetRoute changes the route's settings (same name and provider) from the
// next run on; a run in flight keeps the request it sent.
func (p *Pane) SetRoute(rt backend.Route) {
	p.route = rt
	p.model = safetext.Sanitize(rt.Model)
	p.settings = safetext.Sanitize(config.DescribeSettings(rt))
	p.dirty = true
}

func badgeClass(rt backend.Route) string {
	if rt.Simulated || rt.Kind == backend.KindDemo {
		return themes.BadgeDemo
	}
	switch rt.Kind {
	case backend.KindOpenRouter:
		return themes.BadgeOpenRouter
	case backend.KindOpenAI:
		return themes.BadgeOpenAI
	case backend.KindAnthropic:
		return themes.BadgeAnthropic
	case backend.KindGemini:
		return themes.BadgeGemini
	}
	return themes.BadgeOther
}

// SetNoKey says whether the route's key is missing; it shows at once.
func (p *Pane) SetNoKey(missing bool) {
	if p.noKey != missing {
		p.noKey = missing
		p.dirty = true
	}
}

// SetSize sets the pane's outer size; the body re-renders on the next frame.
func (p *Pane) SetSize(w, h int) {
	if w == p.width && h == p.height {
		return
	}
	p.width, p.height = w, h
	p.pinBottom = p.pinBottom || p.body.AtBottom()
	p.body.SetSize(p.bodyWidth(), h-ChromeHeight)
	p.showWindow(p.pinBottom)
	p.dirty = true
}

// SetStyles switches theme; the body re-renders on the next frame.
func (p *Pane) SetStyles(s *themes.Styles) {
	p.styles = s
	p.dirty = true
}

// bodyWidth is the width answers are wrapped to: inside the border and padding.
func (p *Pane) bodyWidth() int { return p.width - 4 }

// Streaming reports whether the pane has a run in flight.
func (p *Pane) Streaming() bool {
	t := p.Last()
	return t != nil && (t.state == StateWaiting || t.state == StateStreaming)
}

func (p *Pane) Last() *Turn {
	if len(p.turns) == 0 {
		return nil
	}
	return p.turns[len(p.turns)-1]
}

// Scroll moves the body by n lines (negative is up).
func (p *Pane) Scroll(n int) {
	p.body.Scroll(n)
	p.showWindow(false)
}

// Page scrolls by a page in the given direction.
func (p *Pane) Page(down bool) {
	p.body.Page(down)
	p.showWindow(false)
}

// servedNote says who answered when that is news: the fallback route that
// took over, the provider OpenRouter picked, and plainly when OpenRouter
// served another model than the one asked for. swapped puts the note
// before the asked model, so a narrow header keeps the part that matters.
func (p Pane) servedNote(t *Turn) (note string, swapped bool) {
	s := p.styles
	at := t.res.AttemptRoute()
	var parts []string
	if at.Name != p.route.Name {
		parts = append(parts, s.Canceled.Render("fell back to "+safetext.Sanitize(at.Name)))
	}
	served, by := t.res.ServedModel, safetext.Sanitize(t.res.ServedBy)
	switch {
	case at.Kind == backend.KindOpenRouter && modelSwapped(at.Model, served), t.res.GatewayFallback != "":
		swap := gatewayFellBack(at, served, t.res.GatewayFallback)
		if by != "" {
			swap += " via " + by
		}
		parts, swapped = append([]string{s.Canceled.Render(swap)}, parts...), true
	case by != "" || served != "" && served != at.Model:
		parts = append(parts, s.Served.Render(servedLabel(t.res.ServedBy, served, at.Model)))
	}
	return strings.Join(parts, s.Model.Render(" · ")), swapped
}

// gatewayFellBack words a gateway-side fallback: to the model that served
// when the stream named it, else to the target the gateway reported.
func gatewayFellBack(at backend.Route, served, target string) string {
	who := "OpenRouter"
	if at.Kind != backend.KindOpenRouter {
		who = safetext.Sanitize(at.Gateway)
		if who == "" {
			who = "the gateway"
		}
	}
	if served == "" || !modelSwapped(at.Model, served) {
		return who + " fell back to " + safetext.Sanitize(target)
	}
	return who + " fell back to " + safetext.Sanitize(served)
}

// modelSwapped reports a served model that is not the asked one or a
// dated version of it ("openai/gpt-4o" served as "openai/gpt-4o-2024-08-06").
func modelSwapped(asked, served string) bool {
	return served != "" && !strings.HasPrefix(strings.ToLower(served), strings.ToLower(asked))
}

// attemptsBlock lists every try of a turn that fell back, after the
// answer, each with its outcome and time, so no attempt is hidden.
func (p *Pane) attemptsBlock(t *Turn, width int) string {
	if t.state < StateDone || len(t.res.Attempts) < 2 {
		return ""
	}
	s := p.styles
	var b strings.Builder
	b.WriteString(s.MetricLabel.Render("attempts"))
	for i, a := range t.res.Attempts {
		outcome := s.Done.Render("✓ answered")
		if a.Err != nil {
			outcome = s.Failed.Render("✗ " + attemptError(a.Err))
		}
		took := ""
		if a.Timing.Total != nil {
			took = s.MetricValue.Render(" · " + figure.Duration(*a.Timing.Total))
		}
		line := fmt.Sprintf("%d. %s · ", i+1, safetext.Sanitize(a.Route))
		b.WriteString("\n" + cells.Fit(s.MetricLabel.Render(line)+outcome+took, width))
	}
	return b.String()
}

// attemptError is a failed attempt in a few words: "Rate limited (429)".
func attemptError(e *backend.RouteError) string {
	title := errorTitles[e.Kind]
	if title == "" {
		title = "failed"
	}
	if e.Status != 0 {
		title += fmt.Sprintf(" (%d)", e.Status)
	}
	return title
}
