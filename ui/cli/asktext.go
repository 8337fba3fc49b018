package cli

import (
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
)

// writeAskText prints each route's answer, then one metrics table.
func writeAskText(w io.Writer, results []*backend.Result, color, demo bool) {
	bold := lipgloss.NewStyle()
	dim := lipgloss.NewStyle()
	if color {
		bold = bold.Bold(true)
		dim = dim.Faint(true)
	}
	out := func(s string) {
		if color {
			lipgloss.Fprint(w, s)
		} else {
			fmt.Fprint(w, s)
		}
	}
	if demo {
		out(dim.Render("Simulated demo routes (no keys found): add one with `routeplay keys set openrouter`.") + "\n\n")
	}
	for _, r := range results {
		head := fmt.Sprintf("── %s · %s · %s", r.Route.Name, r.Route.Kind, r.Route.Model)
		if r.Route.Simulated {
			head += " · SIMULATED"
		}
		out(bold.Render(head) + "\n")
		for _, line := range fallbackLines(r) {
			out(dim.Render(line) + "\n")
		}
		for _, note := range r.Notes() {
			out(dim.Render("note: "+safetext.Sanitize(note)) + "\n")
		}
		if s := strings.TrimSpace(r.Reasoning.String()); s != "" {
			out(dim.Render("[reasoning] "+s) + "\n")
		}
		if s := strings.TrimRight(r.Text.String(), "\n"); s != "" {
			out(s + "\n")
		}
		for _, line := range toolCallLines(r) {
			out(line + "\n")
		}
		if line := schemaLine(r); line != "" {
			out(line + "\n")
		}
		if r.Err != nil {
			out(fmt.Sprintf("error: %s\n", describeError(r.Err)))
		}
		out("\n")
	}
	out(metricsTable(results, color) + "\n")
}

// fallbackLines tell how a client-side fallback went: one line per
// failed attempt that handed over to the next route.
func fallbackLines(r *backend.Result) []string {
	var lines []string
	for i := 0; i+1 < len(r.Attempts); i++ {
		a, next := r.Attempts[i], r.Attempts[i+1]
		if a.Err == nil {
			continue
		}
		lines = append(lines, fmt.Sprintf("attempt %d, %s (%s): %s → fell back to %s (%s · %s)", i+1, a.Route, a.Model,
			describeError(a.Err), next.Route, next.Provider, next.Model))
	}
	return lines
}

// describeError words a route error for people.
func describeError(e *backend.RouteError) string {
	msg := fmt.Sprintf("%s", e.Kind)
	if e.Status != 0 {
		msg += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	msg += ": " + e.Message
	if e.RetryAfter != nil {
		msg += " (retry after " + figure.Ms(*e.RetryAfter*1000) + ")"
	}
	return msg
}

func metricsTable(results []*backend.Result, color bool) string {
	t := table.New().Border(lipgloss.NormalBorder()).
		Headers("route", "served by", "first token", "first text", "total", "tok/s", "in", "out", "cost", "status")
	for _, r := range results {
		t.Row(r.Route.Name, servedBy(r), figure.DurationPtr(r.Timing.FirstToken), figure.DurationPtr(r.Timing.FirstText),
			figure.DurationPtr(r.Timing.Total), askRate(r), fmtTokens(r, true), fmtTokens(r, false), askCost(r), status(r))
	}
	if color {
		t.StyleFunc(func(row, _ int) lipgloss.Style {
			if row == table.HeaderRow {
				return lipgloss.NewStyle().Bold(true).Padding(0, 1)
			}
			return lipgloss.NewStyle().Padding(0, 1)
		})
	} else {
		t.StyleFunc(func(int, int) lipgloss.Style { return lipgloss.NewStyle().Padding(0, 1) })
	}
	return t.Render()
}

func servedBy(r *backend.Result) string {
	parts := []string{}
	if r.ServedBy != "" {
		parts = append(parts, r.ServedBy)
	}
	if r.ServedModel != "" && r.ServedModel != r.Route.Model && !strings.HasPrefix(r.ServedModel, r.Route.Model) {
		parts = append(parts, r.ServedModel)
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " · ")
}

// askRate and askCost write a run's rate and cost as the screens do, "~"
// on estimates.
func askRate(r *backend.Result) string {
	v, ok := r.TokensPerSecond()
	if !ok {
		return figure.None
	}
	return figure.PerSecond(v, r.Tokens().Source == backend.UsageEstimated)
}

func askCost(r *backend.Result) string {
	usd, src, ok := backend.RouteCost(r)
	if !ok {
		return "n/a"
	}
	return figure.Cost(usd, src == backend.CostEstimated)
}

func fmtTokens(r *backend.Result, input bool) string {
	t := r.Tokens()
	if r.Err != nil && r.Deltas == 0 && t.Source == backend.UsageEstimated {
		return figure.None
	}
	n := t.Output
	if input {
		n = t.Input
		if t.Source == backend.UsageEstimated {
			return figure.None
		}
	}
	return figure.Estimate(figure.Tokens(n), t.Source == backend.UsageEstimated)
}

func status(r *backend.Result) string {
	if r.Err != nil {
		return string(r.Err.Kind)
	}
	if r.EndedInToolCall() && !cutOff(r.Finish) {
		// Not "ok (tool_calls)" over an empty answer, nor Gemini's "ok (STOP)".
		return "ok (tool call)"
	}
	if r.Finish != "" {
		return "ok (" + r.Finish + ")"
	}
	return "ok"
}

// cutOff reports a finish reason meaning the answer hit the token limit.
func cutOff(finish string) bool {
	switch strings.ToLower(finish) {
	case "length", "max_tokens":
		return true
	}
	return false
}
