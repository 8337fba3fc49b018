package compare

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cells"
)

// Phases of a run, as the timeline paints them.
const (
	phaseNone = iota
	phaseDNS
	phaseConnect
	phaseTLS
	phaseWaitHeaders
	phaseWaitToken
	phaseKeepAlive // waiting for the first token while keep-alive comments arrive
	phaseUpstream  // the upstream's share of the wait, from OpenRouter's stats
	phaseStream
	phaseCount
)

var phaseGlyphs = [phaseCount]rune{' ', '░', '▒', '▓', '·', '┄', '╎', '▞', '█'}

var phaseNames = [phaseCount]string{"", "dns", "connect", "tls", "waiting for headers",
	"waiting for 1st token", "… with keep-alives", "upstream's share (OpenRouter)", "streaming"}

// phaseEnds are the offsets at which each phase of a run ends; zero is a
// phase that did not happen.
type phaseEnds struct {
	dns, connect, tls, headers, upstreamFrom, first, total time.Duration
	keepAlives                                             bool
}

func endsOf(r *backend.Result, split engine.FirstTokenSplit) phaseEnds {
	t := r.Timing
	e := phaseEnds{dns: deref(t.DNS), connect: deref(t.Connect), tls: deref(t.TLS),
		headers: max(deref(t.Headers), deref(t.FirstByte)), first: deref(t.FirstToken), total: deref(t.Total),
		keepAlives: r.KeepAlives > 0}
	if split.OK && e.first > 0 {
		e.upstreamFrom = e.first - split.Upstream
	}
	return e
}

// phaseAt is the phase in progress at offset at.
func (e phaseEnds) phaseAt(at time.Duration) int {
	switch {
	case at > e.total:
		return phaseNone
	case at <= e.dns:
		return phaseDNS
	case at <= e.connect:
		return phaseConnect
	case at <= e.tls:
		return phaseTLS
	case e.first > 0 && at > e.first:
		return phaseStream
	case e.upstreamFrom > 0 && at > e.upstreamFrom:
		return phaseUpstream
	case e.headers > 0 && at > e.headers && e.keepAlives:
		return phaseKeepAlive
	case e.headers > 0 && at > e.headers:
		return phaseWaitToken
	}
	return phaseWaitHeaders
}

// timeline draws a waterfall per run on one shared time axis, with the
// phase figures under each bar and a legend of the glyphs used.
func (m Model) timeline(t turnRecord) []string {
	s := m.styles
	var span time.Duration
	nameW := 5
	for _, r := range t.results {
		span = max(span, deref(r.Timing.Total))
		nameW = max(nameW, ansi.StringWidth(safetext.Sanitize(r.Route.Name)))
	}
	nameW = min(nameW, maxNameW, max(5, m.width/5))
	barW := m.width - nameW - 1
	if span <= 0 || barW < 10 {
		return []string{s.hint.Render(cells.Fit("No timed run to draw.", m.width))}
	}
	indent := strings.Repeat(" ", nameW+1)
	labels, ticks := axis(span, barW)
	lines := []string{s.label.Render(indent + labels), s.label.Render(indent + ticks)}
	used := map[int]bool{}
	for _, r := range t.results {
		split := t.splits[r.Route.Name]
		ends := endsOf(r, split.split)
		line := cells.Pad(safetext.Sanitize(r.Route.Name), nameW) + " " + m.paintBar(ends, span, barW, used)
		if r.Err != nil {
			line += s.failed.Render(" ✗ " + string(r.Err.Kind))
		}
		lines = append(lines, s.value.Render(cells.Fit(line, m.width)))
		for _, f := range wrapItems(phaseFigures(r, split), " · ", barW) {
			lines = append(lines, s.label.Render(indent+f))
		}
	}
	var legend []string
	for p := phaseDNS; p < phaseCount; p++ {
		if used[p] {
			legend = append(legend, s.phase[p].Render(string(phaseGlyphs[p]))+" "+s.label.Render(phaseNames[p]))
		}
	}
	return append(lines, wrapItems(legend, "  ", m.width)...)
}

// paintBar paints each column with the phase in progress at its middle,
// one styled run per phase, and notes the phases it used.
func (m Model) paintBar(e phaseEnds, span time.Duration, width int, used map[int]bool) string {
	var b, run strings.Builder
	cur := -1
	flush := func() {
		if run.Len() > 0 {
			b.WriteString(m.styles.phase[cur].Render(run.String()))
			run.Reset()
		}
	}
	for col := range width {
		at := span * time.Duration(2*col+1) / time.Duration(2*width)
		p := e.phaseAt(at)
		if p != cur {
			flush()
			cur = p
		}
		used[p] = true
		run.WriteRune(phaseGlyphs[p])
	}
	flush()
	return strings.TrimRight(b.String(), " ")
}

// phaseFigures says when each phase ended and, for a gateway run, how its
// wait for the first token splits between the upstream and the rest.
func phaseFigures(r *backend.Result, st splitState) []string {
	t := r.Timing
	var parts []string
	if t.DNS == nil && t.Connect == nil && t.TLS == nil {
		parts = append(parts, "no new connection")
	}
	for _, p := range []struct {
		name string
		d    *time.Duration
	}{{"dns", t.DNS}, {"connect", t.Connect}, {"tls", t.TLS}, {"headers", t.Headers}, {"1st token", t.FirstToken}, {"done", t.Total}} {
		if p.d != nil {
			parts = append(parts, p.name+" "+figure.Duration(*p.d))
		}
	}
	if r.KeepAlives > 0 {
		parts = append(parts, figure.Count(r.KeepAlives, "keep-alive"))
	}
	if note := splitNote(st); note != "" {
		parts = append(parts, note)
	}
	return parts
}

// splitNote describes a gateway run's first-token split, or why there is none.
func splitNote(st splitState) string {
	switch st.status {
	case statsFetching:
		return "fetching OpenRouter's stats…"
	case statsNotYet:
		return "OpenRouter's stats not yet available"
	case statsFailed:
		return "OpenRouter's stats: " + st.err
	case statsReady:
		if !st.split.OK {
			return safetext.Sanitize(st.split.Note)
		}
		return fmt.Sprintf("upstream %s + gateway & network %s", figure.Duration(st.split.Upstream), figure.Duration(st.split.Rest))
	}
	return ""
}

// axis draws tick labels and a ruler for a span across width columns,
// ticks at a round step at least ten columns apart.
func axis(span time.Duration, width int) (labels, ruler string) {
	step := niceStep(float64(span)/float64(time.Millisecond)*10/float64(width)) * float64(time.Millisecond)
	lab := []rune(strings.Repeat(" ", width))
	rul := []rune(strings.Repeat("─", width))
	next := 0 // first free label column
	for v := 0.0; v <= float64(span); v += step {
		col := min(width-1, int(math.Round(v/float64(span)*float64(width))))
		rul[col] = '┬'
		text := []rune(figure.Ms(v / float64(time.Millisecond)))
		if v == 0 {
			text = []rune("0")
		}
		if col >= next && col+len(text) <= width {
			copy(lab[col:], text)
			next = col + len(text) + 1
		}
	}
	return strings.TrimRight(string(lab), " "), string(rul)
}

// niceStep rounds x up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	if !(x > 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*p >= x {
			return f * p
		}
	}
	return 10 * p
}

func deref(d *time.Duration) time.Duration {
	if d == nil {
		return 0
	}
	return *d
}

// The timeline splits a gateway run's first token with OpenRouter's
// generation stats, read after the turn.

// statsWait bounds one fetch of a generation's stats, retries included.
const statsWait = 10 * time.Second

// StatsMsg carries OpenRouter's stats of one gateway run, or why there are none.
type StatsMsg struct {
	Turn         int
	Route        string
	GenerationID string // identifies the run; a retried turn's stale stats are dropped
	Stats        engine.GenerationStats
	Err          error
}

type statsStatus int

const (
	statsFetching statsStatus = iota + 1
	statsReady
	statsNotYet // OpenRouter had no stats after its retries
	statsFailed
)

// splitState is what is known about a gateway run's first-token split.
type splitState struct {
	status   statsStatus
	split    engine.FirstTokenSplit
	provider string
	err      string // sanitised reason of a failed fetch
}

// wantsStats: only an OpenRouter run that answered and named its
// generation has stats to fetch.
func wantsStats(r *backend.Result) bool {
	return r.Route.Kind == backend.KindOpenRouter && r.Err == nil && r.GenerationID != ""
}

// fetchStats runs off the event loop: the fetch retries for a few seconds.
func fetchStats(ctx context.Context, f StatsFetcher, turn int, r *backend.Result) tea.Cmd {
	rt, id := r.Route, r.GenerationID
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, statsWait)
		defer cancel()
		st, err := f.GenerationStats(ctx, rt, id)
		return StatsMsg{Turn: turn, Route: rt.Name, GenerationID: id, Stats: st, Err: err}
	}
}

// onStats files stats under the run they belong to; stats of a run no
// longer shown are dropped.
func (m *Model) onStats(msg StatsMsg) {
	for ti := range m.turns {
		t := &m.turns[ti]
		if t.number != msg.Turn {
			continue
		}
		for _, r := range t.results {
			if r.Route.Name != msg.Route || r.GenerationID != msg.GenerationID {
				continue
			}
			t.splits[msg.Route] = splitOf(r, msg)
			m.rerender()
			return
		}
	}
}

func splitOf(r *backend.Result, msg StatsMsg) splitState {
	switch {
	case errors.Is(msg.Err, engine.ErrGenerationNotYet):
		return splitState{status: statsNotYet}
	case msg.Err != nil:
		return splitState{status: statsFailed, err: safetext.Sanitize(msg.Err.Error())}
	}
	return splitState{status: statsReady, split: engine.SplitFirstToken(r, msg.Stats),
		provider: safetext.Sanitize(msg.Stats.Provider)}
}
