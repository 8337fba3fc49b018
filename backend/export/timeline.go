package export

import (
	"fmt"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
)

// Timeline glyphs, one column per slice of the shared time axis.
const (
	glyphConnect   = 'c' // DNS, TCP and TLS: before the request could be sent
	glyphWait      = '.' // request sent, waiting for response headers
	glyphFirst     = '-' // headers in, waiting for the first token (keep-alives fall here)
	glyphStream    = '=' // streaming tokens
	glyphUpstream  = 'u' // the upstream's share of the wait, as OpenRouter reports it
	timelineLegend = "c connect (DNS+TCP+TLS)  . waiting for headers  - waiting for the first token\n" +
		"u the upstream's share of that wait (OpenRouter's stats)  = streaming"
)

// TimelineText draws each run as a waterfall on one shared time axis,
// width columns wide, in plain ASCII so it reads anywhere: a scale line,
// one bar per route and the phase figures under it. splits, keyed by route
// name, mark the upstream's share of a gateway route's wait.
func TimelineText(results []*backend.Result, splits map[string]engine.FirstTokenSplit, width int) []string {
	width = max(width, 10)
	var span time.Duration
	nameW := 0
	for _, r := range results {
		if t := r.Timing.Total; t != nil && *t > span {
			span = *t
		}
		nameW = max(nameW, figure.Width(safetext.Sanitize(r.Route.Name)))
	}
	if span <= 0 {
		return []string{"(no timed runs)"}
	}
	perCol := span / time.Duration(width)
	lines := []string{fmt.Sprintf("%s 0%s%s", figure.PadRight("", nameW), strings.Repeat(" ", max(0, width-1-len(figure.Duration(span)))), figure.Duration(span)),
		fmt.Sprintf("%s one column = %s", figure.PadRight("", nameW), figure.Duration(max(perCol, time.Microsecond)))}
	for _, r := range results {
		bar := timelineBar(r, splits[r.Route.Name], span, width)
		lines = append(lines, figure.PadRight(safetext.Sanitize(r.Route.Name), nameW)+" "+bar)
		// Figures wrap at the bar's width, but never narrower than 60 columns.
		for _, fig := range wrapParts(phaseFigures(r, splits[r.Route.Name]), max(width, 60)) {
			lines = append(lines, figure.PadRight("", nameW)+" "+fig)
		}
	}
	return append(lines, "", timelineLegend)
}

// timelineBar paints each column with the phase in progress at its middle.
func timelineBar(r *backend.Result, split engine.FirstTokenSplit, span time.Duration, width int) string {
	t := r.Timing
	end := deref(t.Total)
	if end == 0 {
		return strings.Repeat(" ", width)
	}
	connected := max(deref(t.DNS), deref(t.Connect), deref(t.TLS))
	headers := deref(t.Headers)
	first := deref(t.FirstToken)
	var upstreamFrom time.Duration
	if split.OK && first > 0 {
		upstreamFrom = first - split.Upstream
	}
	var b strings.Builder
	for col := range width {
		at := span * time.Duration(2*col+1) / time.Duration(2*width)
		switch {
		case at > end:
			b.WriteByte(' ')
		case at <= connected:
			b.WriteRune(glyphConnect)
		case first > 0 && at > first:
			b.WriteRune(glyphStream)
		case split.OK && at > upstreamFrom:
			b.WriteRune(glyphUpstream)
		case headers > 0 && at > headers:
			b.WriteRune(glyphFirst)
		default:
			b.WriteRune(glyphWait)
		}
	}
	out := b.String()
	if r.Err != nil {
		out += " x " + string(r.Err.Kind)
	}
	return out
}

// phaseFigures lists when each phase ended; a phase that did not happen
// (plain HTTP has no TLS) shows as "-", and a run that opened no connection
// (a reused one, or an in-process demo route) says so once.
func phaseFigures(r *backend.Result, split engine.FirstTokenSplit) []string {
	t := r.Timing
	parts := []string{"no new connection"}
	if t.DNS != nil || t.Connect != nil || t.TLS != nil {
		parts = []string{"dns " + figure.DurationPtr(t.DNS), "connect " + figure.DurationPtr(t.Connect), "tls " + figure.DurationPtr(t.TLS)}
	}
	parts = append(parts, "headers "+figure.DurationPtr(t.Headers), "first token "+figure.DurationPtr(t.FirstToken), "done "+figure.DurationPtr(t.Total))
	if r.KeepAlives > 0 {
		parts = append(parts, figure.Count(r.KeepAlives, "keep-alive"))
	}
	switch {
	case split.OK:
		parts = append(parts, fmt.Sprintf("upstream %s + network and gateway %s", figure.Duration(split.Upstream), figure.Duration(split.Rest)))
	case split.Note != "":
		parts = append(parts, safetext.Sanitize(split.Note))
	}
	return parts
}

// wrapParts joins parts with " · " into lines of at most width columns
// (a single longer part keeps a line to itself).
func wrapParts(parts []string, width int) []string {
	var lines []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case len([]rune(cur))+3+len([]rune(p)) <= width:
			cur += " · " + p
		default:
			lines = append(lines, cur)
			cur = p
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func deref(d *time.Duration) time.Duration {
	if d == nil {
		return 0
	}
	return *d
}
