package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/suite"
	"github.com/routeplay/routeplay/backend/verify"
)

// verifyRow is one figure of the verify table, for every route.
type verifyRow struct {
	name string
	cell func(verify.Route) string
}

func pct(v *float64) string {
	if v == nil {
		return figure.None
	}
	return figure.Percent(*v * 100)
}

var verifyRows = []verifyRow{
	{"success", func(r verify.Route) string { return pct(r.SuccessRate) }},
	{"trigger precision", func(r verify.Route) string { return pct(r.ToolCall.Precision) }},
	{"trigger recall", func(r verify.Route) string { return pct(r.ToolCall.Recall) }},
	{"trigger F1", func(r verify.Route) string { return pct(r.ToolCall.F1) }},
	{"schema accuracy", func(r verify.Route) string {
		if r.ToolCall.Calls == 0 {
			return figure.None
		}
		return fmt.Sprintf("%s (%d/%d)", pct(r.ToolCall.SchemaAccuracy), r.ToolCall.ValidCalls, r.ToolCall.Calls)
	}},
	{"structured output", func(r verify.Route) string { return pct(r.StructuredAccuracy) }},
	{"exact answers", func(r verify.Route) string { return pct(r.ExactAccuracy) }},
	{"agreement", func(r verify.Route) string { return pct(r.Agreement) }},
	{"first token p50", func(r verify.Route) string { return figure.MsPtr(r.FirstTokenMs.P50) }},
	{"tokens/s p50", func(r verify.Route) string {
		if r.TokensPerSecond.P50 == nil {
			return figure.None
		}
		return figure.PerSecond(*r.TokensPerSecond.P50, false)
	}},
}

// verifyHeaders name the routes, the baseline marked.
func verifyHeaders(rep verify.Report) []string {
	head := []string{""}
	for _, r := range rep.Routes {
		name := safetext.Sanitize(r.Route)
		if r.Baseline {
			name += "*"
		}
		head = append(head, name)
	}
	return head
}

func verifyCells(rep verify.Report) [][]string {
	var rows [][]string
	for _, vr := range verifyRows {
		row := []string{vr.name}
		for _, r := range rep.Routes {
			row = append(row, vr.cell(r))
		}
		rows = append(rows, row)
	}
	return rows
}

// verifyNotes explain the figures in a few lines of at most 80 columns.
func verifyNotes(rep verify.Report) []string {
	return []string{
		"The baseline (*) is " + safetext.Sanitize(rep.Baseline) + ". Trigger: a sample is positive when",
		"the route ended with a tool call; the baseline's decision is the truth.",
		"Schema accuracy: calls whose arguments follow the tool's schema ÷ calls.",
		"Agreement: the same calls, JSON or answer as the baseline, when both answered.",
		"Tokens/s: text answers only (a call often arrives in one piece).",
	}
}

// maxShownDifferences bounds the lines listed per route in the text output.
const maxShownDifferences = 6

// differenceLines list per route what went wrong, one line per case and
// problem with the runs it happened in.
func differenceLines(rep verify.Report) []string {
	var lines []string
	for _, r := range rep.Routes {
		type problem struct{ c, what string }
		var order []problem
		runs := map[problem][]string{}
		for _, d := range r.Differences {
			p := problem{d.Case, d.What}
			if _, seen := runs[p]; !seen {
				order = append(order, p)
			}
			runs[p] = append(runs[p], strconv.Itoa(d.Run))
		}
		if len(order) == 0 {
			continue
		}
		lines = append(lines, safetext.Sanitize(r.Route)+":")
		for i, p := range order {
			if i == maxShownDifferences {
				lines = append(lines, fmt.Sprintf("  … %d more in --json", len(order)-i))
				break
			}
			label := "run"
			if len(runs[p]) > 1 {
				label = "runs"
			}
			lines = append(lines, fmt.Sprintf("  %s (%s %s): %s", p.c, label, strings.Join(runs[p], ", "), p.what))
		}
	}
	return lines
}

func writeVerifyText(w io.Writer, rep verify.Report, demo, color bool) error {
	bold := lipgloss.NewStyle()
	if color {
		bold = bold.Bold(true)
	}
	var b strings.Builder
	if demo {
		b.WriteString("Simulated demo routes (no keys needed).")
		if rep.Suite == suite.BuiltinName {
			b.WriteString(" demo-gemini's simulated provider is careless on purpose.")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "Suite %s: %s × %s\n", safetext.Sanitize(rep.Suite), figure.Count(rep.Cases, "case"), figure.Count(rep.Runs, "run"))
	t := table.New().Border(lipgloss.NormalBorder()).BorderColumn(false).Headers(verifyHeaders(rep)...).Rows(verifyCells(rep)...)
	t.StyleFunc(func(row, col int) lipgloss.Style {
		st := lipgloss.NewStyle().Padding(0, 1)
		if col > 0 {
			st = st.Align(lipgloss.Right)
		}
		if color && row == table.HeaderRow {
			st = st.Bold(true)
		}
		return st
	})
	b.WriteString(t.Render() + "\n")
	b.WriteString(strings.Join(verifyNotes(rep), "\n") + "\n")
	if lines := differenceLines(rep); len(lines) > 0 {
		b.WriteString("\n" + bold.Render("Where routes went wrong or away from the baseline") + "\n")
		b.WriteString(strings.Join(lines, "\n") + "\n")
	}
	var err error
	if color {
		_, err = lipgloss.Fprint(w, b.String())
	} else {
		_, err = io.WriteString(w, b.String())
	}
	return err
}

// writeVerifyMarkdown is the --export FILE.md report.
func writeVerifyMarkdown(w io.Writer, rep verify.Report, demo bool) error {
	var b strings.Builder
	b.WriteString("# routeplay verify\n\n")
	if demo {
		b.WriteString("Simulated demo routes: not real providers.\n\n")
	}
	fmt.Fprintf(&b, "Suite %s: %s × %s, baseline %s.\n\n", mdCell(rep.Suite), figure.Count(rep.Cases, "case"),
		figure.Count(rep.Runs, "run"), mdCell(rep.Baseline))
	head := verifyHeaders(rep)
	for i := range head {
		head[i] = mdCell(head[i])
	}
	b.WriteString("| " + strings.Join(head, " | ") + " |\n|" + strings.Repeat(" --- |", len(head)) + "\n")
	for _, row := range verifyCells(rep) {
		for i := range row {
			row[i] = mdCell(row[i])
		}
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	b.WriteString("\n" + strings.Join(verifyNotes(rep), "\n") + "\n")
	if lines := differenceLines(rep); len(lines) > 0 {
		// Indented, not fenced: a difference may quote backticks.
		b.WriteString("\n## Differences\n\n    " + strings.Join(lines, "\n    ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell keeps a cell inside its table: no pipes, no line breaks.
func mdCell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ", "\r", " ").Replace(safetext.Sanitize(s))
}
