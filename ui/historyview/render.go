package historyview

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cells"
)

// Rows the list uses besides its rows: title, filter, column heads, key line.
const listChrome = 4

// Rows the detail uses besides its body: title, facts, key line.
const detailChrome = 3

func (m Model) listRows() int   { return m.height - listChrome }
func (m Model) detailRows() int { return max(1, m.height-detailChrome) }

// View draws the screen in exactly width×height cells.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var lines []string
	switch {
	case m.opts.Store == nil:
		lines = m.offView()
	case m.detail != nil:
		lines = m.detailView()
	default:
		lines = m.listView()
	}
	if len(lines) > m.height {
		lines = lines[:m.height]
	}
	for len(lines) < m.height {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = cells.Pad(l, m.width)
	}
	return strings.Join(lines, "\n")
}

func (m Model) offView() []string {
	s := m.styles
	why := m.opts.Off
	if why == "" {
		why = "History is off."
	}
	lines := []string{s.NoticeTitle.Render("History")}
	for _, l := range strings.Split(cells.Wrap(safetext.Sanitize(why), m.width), "\n") {
		lines = append(lines, s.Text.Render(l))
	}
	return append(lines, "", s.Hint.Render(cells.Fit("esc closes", m.width)))
}

func (m Model) listView() []string {
	s := m.styles
	title := s.NoticeTitle.Render("History") + s.Status.Render(cells.Fit("  "+m.countLine(), m.width-7))
	lines := []string{title, cells.Fit(m.filter.View(), m.width)}
	cols := listColumns(m.width)
	lines = append(lines, s.MetricLabel.Render(cells.Fit(cols.row("  ", "STARTED", "FROM", "TURNS", "ROUTES", "FIRST PROMPT"), m.width)))
	rows := m.listRows()
	switch {
	case m.err != nil:
		lines = append(lines, s.ErrorText.Render(cells.Fit("Could not read the history: "+safetext.Sanitize(m.err.Error()), m.width)))
	case m.loaded && len(m.sessions) == 0:
		lines = append(lines, s.Hint.Render(cells.Fit(m.emptyLine(), m.width)))
	}
	end := min(len(m.sessions), m.top+max(0, rows))
	for i := m.top; i < end; i++ {
		lines = append(lines, m.sessionRow(cols, i))
	}
	for len(lines) < m.height-1 {
		lines = append(lines, "")
	}
	hint := s.Hint.Render(cells.Fit(listHint, m.width))
	if m.queryErr != "" {
		hint = s.ErrorText.Render(cells.Fit(safetext.Sanitize(m.queryErr), m.width))
	}
	return append(lines, hint)
}

func (m Model) countLine() string {
	switch {
	case m.loading && !m.loaded:
		return "loading…"
	case len(m.sessions) >= listLimit:
		return fmt.Sprintf("the newest %d sessions", len(m.sessions))
	}
	return figure.Count(len(m.sessions), "session")
}

func (m Model) emptyLine() string {
	if m.queryErr != "" {
		return "Fix the filter to search again."
	}
	if strings.TrimSpace(m.filter.Value()) != "" {
		return "No session matches this filter."
	}
	return "Nothing recorded yet: every chat you send is kept here."
}

// columns are the list's widths; the title takes what is left.
type columns struct{ date, from, turns, routes, title int }

func listColumns(width int) columns {
	c := columns{date: 16, from: 5, turns: 5}
	rest := width - 2 - c.date - c.from - c.turns - 4*2
	c.routes = min(30, max(8, rest/3))
	c.title = max(1, rest-c.routes)
	return c
}

func (c columns) row(mark, date, from, turns, routes, title string) string {
	return mark + cells.Pad(date, c.date) + "  " + cells.Pad(from, c.from) + "  " +
		cells.PadLeft(turns, c.turns) + "  " + cells.Pad(routes, c.routes) + "  " + cells.Fit(title, c.title)
}

func (m Model) sessionRow(c columns, i int) string {
	s := m.sessions[i]
	when := s.StartedAt.In(m.opts.Location).Format("2006-01-02 15:04")
	routes := safetext.Sanitize(strings.Join(s.Routes, ", "))
	line := c.row("  ", when, string(s.Source), fmt.Sprint(s.TurnCount), routes, safetext.Sanitize(s.Title))
	if i == m.selected {
		mark := "▸ "
		if m.opening == s.ID {
			mark = "… "
		}
		return m.styles.Title.Render(cells.Fit(mark+line[2:], m.width))
	}
	return m.styles.Text.Render(cells.Fit(line, m.width))
}

func (m Model) detailView() []string {
	s, d := m.styles, m.detail
	facts := fmt.Sprintf("%s · %s · %s · %s", d.StartedAt.In(m.opts.Location).Format("2006-01-02 15:04"),
		d.Source, figure.Count(d.TurnCount, "turn"), safetext.Sanitize(strings.Join(d.Routes, ", ")))
	lines := []string{
		s.NoticeTitle.Render(cells.Fit(safetext.Sanitize(d.Title), m.width)),
		s.Status.Render(cells.Fit(facts, m.width)),
	}
	lines = append(lines, m.detailBody.Visible()...)
	for len(lines) < m.height-1 {
		lines = append(lines, "")
	}
	return append(lines, s.Hint.Render(cells.Fit(detailHint, m.width)))
}

// layoutDetail renders the open session's turns for the current width.
func (m *Model) layoutDetail() {
	if m.detail == nil || m.width <= 0 || m.styles == nil {
		m.detailBody.SetLines(nil)
		return
	}
	s, w := m.styles, m.width
	var out []string
	for _, t := range m.detail.Turns {
		head := fmt.Sprintf("Turn %d · %s", t.Seq, t.StartedAt.In(m.opts.Location).Format("15:04:05"))
		if t.System != "" {
			head += fmt.Sprintf(" · system prompt %d chars", len([]rune(t.System)))
		}
		out = append(out, "", s.MetricLabel.Render(cells.Fit(head, w)))
		prompt := safetext.Sanitize(t.Prompt)
		if t.ToolResults != nil {
			prompt = backend.ToolResultsText(t.ToolResults)
		}
		for _, l := range strings.Split(cells.Wrap(prompt, w-2), "\n") {
			out = append(out, s.Prompt.Render("› ")+s.PromptText.Render(l))
		}
		for _, run := range t.Runs {
			out = append(out, m.runLines(run, w)...)
		}
	}
	m.detailBody.SetSize(w, m.detailRows())
	m.detailBody.SetLines(out)
}

// runLines are one route's answer under its name, model, settings and
// figures, then its tool calls and schema verdict. The settings come last
// on the head line, so a narrow screen cuts them rather than the model.
func (m Model) runLines(run history.Run, w int) []string {
	s, r := m.styles, run.Report
	head := s.Title.Render(safetext.Sanitize(r.Route)) + "  " + s.Model.Render(safetext.Sanitize(r.Model))
	if run.Settings != "" {
		head += s.Model.Render(" · " + safetext.Sanitize(run.Settings))
	}
	out := []string{"", cells.Fit(head, w)}
	if f := figures(r); f != "" || r.Error == nil {
		out = append(out, s.MetricValue.Render(cells.Fit("  "+f, w)))
	}
	if r.Error != nil {
		msg := fmt.Sprintf("failed: %s", r.Error.Kind)
		if r.Error.Status != nil {
			msg += fmt.Sprintf(" (%d)", *r.Error.Status)
		}
		if r.Error.Message != "" {
			msg += ": " + r.Error.Message
		}
		for _, l := range strings.Split(cells.Wrap(safetext.Sanitize(msg), w-2), "\n") {
			out = append(out, "  "+s.ErrorTitle.Render(l))
		}
	}
	if strings.TrimSpace(r.Text) != "" {
		// Glamour's own margin indents the answer by two, as in the panes.
		out = append(out, strings.Split(m.answerMarkdown(r.Text, w), "\n")...)
	}
	return append(out, m.verdictLines(r, w)...)
}

// answerMarkdown renders a stored answer as the panes do: Markdown in the
// theme's style, wrapped to w. The renderer is kept, as building glamour's
// is the costly part.
func (m Model) answerMarkdown(text string, w int) string {
	md := m.md
	md.SetStyle(m.styles.Palette.Markdown)
	md.SetWidth(max(1, w))
	md.Reset()
	return md.Render(safetext.Sanitize(strings.TrimRight(text, "\n")), true)
}

// figures is a run's measured line, as stored: only what was measured.
func figures(r backend.RouteReport) string {
	var parts []string
	estimated := r.Usage.Source == string(backend.UsageEstimated)
	if v := r.TimingMs.FirstToken; v != nil {
		parts = append(parts, "first token "+figure.Ms(*v))
	}
	if v := r.TimingMs.Total; v != nil {
		parts = append(parts, "total "+figure.Ms(*v))
	}
	if v := r.TokensPerS; v != nil {
		parts = append(parts, figure.TokensPerSecond(*v, estimated))
	}
	if n := r.Usage.OutputTokens; n > 0 {
		parts = append(parts, figure.Estimate(figure.Tokens(n), estimated)+" tok out")
	}
	if v := r.CostUSD; v != nil {
		parts = append(parts, figure.Cost(*v, r.CostSource != nil && *r.CostSource == string(backend.CostEstimated)))
	}
	if r.ServedBy != nil || r.ServedModel != nil {
		by := "served"
		if r.ServedBy != nil {
			by += " by " + safetext.Sanitize(*r.ServedBy)
		}
		if r.ServedModel != nil {
			by += " as " + safetext.Sanitize(*r.ServedModel)
		}
		parts = append(parts, by)
	}
	if r.Simulated {
		parts = append(parts, "simulated")
	}
	return strings.Join(parts, " · ")
}

func lenPrompt(p string) int { return lipgloss.Width(p) }
