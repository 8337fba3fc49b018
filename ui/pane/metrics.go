package pane

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cells"
)

// footer is the two metric lines of the pane's latest run: timing, then
// tokens and cost. Every figure comes from engine-stamped offsets except the
// running elapsed time.
func (p Pane) footer(width int, now time.Time) string {
	s := p.styles
	t := p.Last()
	if t == nil {
		return s.MetricLabel.Render("no runs yet") + "\n"
	}
	sep := s.MetricLabel.Render(" · ")
	metric := func(label, value string) string {
		if label == "" {
			return s.MetricValue.Render(value)
		}
		return s.MetricLabel.Render(label+" ") + s.MetricValue.Render(value)
	}
	res := t.res
	first := "–"
	if ft := res.Timing.FirstToken; ft != nil {
		first = figure.Duration(*ft)
	}
	timing := []part{{metric("first", first), 0}, {metric("total", figure.Duration(res.Elapsed(now.Sub(t.start)))), 1}}
	if ftext := res.Timing.FirstText; ftext != nil && res.Timing.FirstToken != nil && *ftext != *res.Timing.FirstToken {
		timing = append(timing, part{metric("text", figure.Duration(*ftext)), 2})
	}
	timing = append(timing, phaseParts(res.Timing, metric)...)
	var usage []part
	if tps, ok := res.TokensPerSecond(); ok {
		// Mid-stream the rate moves with every delta: an estimate until the end.
		estimated := t.state < StateDone || res.Tokens().Source == backend.UsageEstimated
		usage = append(usage, part{metric("", figure.TokensPerSecond(tps, estimated)), 1})
	}
	tok := res.Tokens()
	if tok.Source == backend.UsageEstimated {
		usage = append(usage, part{metric("out", figure.Estimate(figure.Tokens(tok.Output), true)), 0})
	} else {
		usage = append(usage, part{metric("in", figure.Tokens(tok.Input)), 2}, part{metric("out", figure.Tokens(tok.Output)), 0})
	}
	usage = append(usage, part{metric("", costLabel(res)), 0})
	return fitParts(timing, sep, width) + "\n" + fitParts(usage, sep, width)
}

// phaseParts are the connection phases that happened, least important
// first to go; a reused connection simply has none.
func phaseParts(t backend.Timing, metric func(label, value string) string) []part {
	var parts []part
	for _, ph := range []struct {
		label string
		at    *time.Duration
		rank  int
	}{{"headers", t.Headers, 3}, {"dns", t.DNS, 4}, {"connect", t.Connect, 4}, {"tls", t.TLS, 4}} {
		if ph.at != nil {
			parts = append(parts, part{metric(ph.label, figure.Duration(*ph.at)), ph.rank})
		}
	}
	return parts
}

// part is one metric with its rank: higher ranks are dropped first when
// the pane is too narrow for all of them.
type part struct {
	text string
	rank int
}

// fitParts joins parts in order, dropping the highest-ranked ones until the
// line fits in width.
func fitParts(parts []part, sep string, width int) string {
	for {
		texts := make([]string, len(parts))
		drop, worst := -1, -1
		for i, p := range parts {
			texts[i] = p.text
			if p.rank > worst {
				drop, worst = i, p.rank
			}
		}
		line := strings.Join(texts, sep)
		if lipgloss.Width(line) <= width || len(parts) <= 1 {
			return cells.Fit(line, width)
		}
		parts = append(parts[:drop:drop], parts[drop+1:]...)
	}
}

func costLabel(res *backend.Result) string {
	usd, src, ok := backend.RouteCost(res)
	if !ok {
		return "cost n/a"
	}
	return figure.Cost(usd, src == backend.CostEstimated)
}

// servedLabel names who answered when it differs from what was asked.
func servedLabel(provider, servedModel, askedModel string) string {
	model := ""
	if servedModel != "" && servedModel != askedModel {
		model = safetext.Sanitize(servedModel)
	}
	provider = safetext.Sanitize(provider)
	switch {
	case provider != "" && model != "":
		return provider + " (" + model + ")"
	case provider != "":
		return provider
	}
	return model
}

// describeError puts a route failure in plain words: a title, the provider's
// message and what the user can do about it. Keys never reach it: the
// engine redacts them from provider messages.
func describeError(e *backend.RouteError, rt backend.Route, keyHint string) (title, message, hint string) {
	if e == nil {
		return "The route failed", "", ""
	}
	title = errorTitles[e.Kind]
	if title == "" {
		title = "The route failed"
	}
	if e.Status != 0 {
		title += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	message = safetext.Sanitize(e.Message)
	hint = errorHint(e, rt, keyHint)
	return title, message, hint
}

var errorTitles = map[backend.ErrorKind]string{
	backend.ErrAuth:        "The provider rejected the key",
	backend.ErrPayment:     "Payment required",
	backend.ErrRateLimited: "Rate limited",
	backend.ErrBadRequest:  "The provider rejected the request",
	backend.ErrTimeout:     "Timed out",
	backend.ErrUpstream:    "The provider failed",
	backend.ErrGateway:     "The gateway failed",
	backend.ErrStream:      "The stream broke off",
	backend.ErrNetwork:     "Could not reach the server",
	backend.ErrCanceled:    "Canceled",
	backend.ErrNoKey:       "No key for this route",
	backend.ErrTooLarge:    "The answer was too large",
}

func errorHint(e *backend.RouteError, rt backend.Route, keyHint string) string {
	keyName := safetext.Sanitize(rt.KeyName)
	switch e.Kind {
	case backend.ErrNoKey:
		if keyHint != "" {
			return "Press ctrl+k to add it, or " + safetext.Sanitize(keyHint) + "."
		}
		return "Press ctrl+k to add it, or run: routeplay keys set " + keyName
	case backend.ErrAuth:
		return "Check or replace the key with ctrl+k, or: routeplay keys set " + keyName
	case backend.ErrPayment:
		return "Add credits or billing at the provider, then retry with ctrl+r."
	case backend.ErrRateLimited:
		if e.RetryAfter != nil {
			return fmt.Sprintf("The provider asks to wait %s; then retry with ctrl+r.", figure.Ms(*e.RetryAfter*1000))
		}
		return "Wait a little, then retry with ctrl+r."
	case backend.ErrBadRequest:
		return "Check the model name and parameters of this route in your config."
	case backend.ErrNetwork:
		return "Check the base URL and your connection, then retry with ctrl+r."
	case backend.ErrTimeout, backend.ErrUpstream, backend.ErrStream, backend.ErrGateway:
		return "Retry with ctrl+r, or compare with another route."
	case backend.ErrTooLarge:
		return "If such a long answer is expected, raise max_response_bytes in the config."
	}
	return ""
}
