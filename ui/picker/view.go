package picker

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cells"
	"github.com/routeplay/routeplay/ui/scroll"
)

// Column widths of the result table; the model column takes the rest.
const (
	colProvider = 11
	colPrice    = 8
	colContext  = 7
	colReason   = 6
	// chromeRows are the rows around the result list: title, search,
	// column header, blank, session title, status, help.
	chromeRows = 7
	// maxSessionRows bounds the session list so results keep the room.
	maxSessionRows = 5
)

// View draws the picker at its size.
func (m Model) View() string {
	if m.width < 20 || m.height < chromeRows+2 {
		return m.styles.TooSmall.Render("Too small for the picker")
	}
	lines := []string{m.titleLine(), m.input.View(), m.styles.MetricLabel.Render(m.row("  ", "provider", "model", "in/1M", "out/1M", "context", "reason"))}
	lines = append(lines, m.resultLines()...)
	lines = append(lines, "")
	lines = append(lines, m.sessionLines()...)
	status := m.styles.StatusMsg
	if m.failed {
		status = m.styles.ErrorText
	}
	lines = append(lines, status.Render(m.status), m.help.View(m.keys))
	for i, l := range lines {
		lines[i] = cells.Fit(l, m.width)
	}
	return strings.Join(lines, "\n")
}

func (m Model) titleLine() string {
	left := m.styles.NoticeTitle.Render("Add routes")
	right := ""
	if m.catalog != nil {
		right = m.styles.Hint.Render(fmt.Sprintf("%d of %d models · %s list", len(m.results), len(m.catalog.Entries), m.catalog.Source))
	}
	gap := m.width - lipgloss.Width(left) - lipgloss.Width(right)
	return left + strings.Repeat(" ", max(1, gap)) + right
}

// sessionRows is how many session routes are listed.
func (m Model) sessionRows() int { return max(1, min(len(m.routes), maxSessionRows)) }

// resultRows is the height of the result list.
func (m Model) resultRows() int {
	return max(1, m.height-chromeRows-m.sessionRows())
}

// clampScroll keeps the selected result on screen.
func (m *Model) clampScroll() {
	m.offset = scroll.Follow(m.offset, m.cursor, m.resultRows(), len(m.results))
}

func (m Model) resultLines() []string {
	rows := m.resultRows()
	out := make([]string, 0, rows)
	switch {
	case m.catalog == nil:
		out = append(out, m.styles.Hint.Render("  loading…"))
	case len(m.results) == 0:
		line := "  no model matches " + strconv.Quote(safetext.Sanitize(m.query))
		if m.didYouMean != "" {
			line += "; did you mean " + safetext.Sanitize(m.didYouMean) + "?"
		}
		out = append(out, m.styles.Hint.Render(line))
	}
	for i := m.offset; i < len(m.results) && len(out) < rows; i++ {
		out = append(out, m.resultLine(m.results[i], i == m.cursor && m.focus == listCatalog))
	}
	for len(out) < rows {
		out = append(out, "")
	}
	return out
}

func (m Model) resultLine(e catalog.CatalogEntry, selected bool) string {
	in, out := "—", "—"
	if e.Price != nil {
		in, out = price(e.Price.Input), price(e.Price.Output)
	}
	reason := "no"
	if e.CanReason {
		reason = "yes"
	}
	marker := "  "
	if selected {
		marker = "› "
	}
	line := m.row(marker, safetext.Sanitize(string(e.Provider)), safetext.Sanitize(e.Model), in, out, contextSize(e.ContextWindow), reason)
	if selected {
		return m.styles.Served.Bold(true).Render(line)
	}
	return m.styles.Text.Render(line)
}

// row lays out one table row in plain text; styling is applied whole.
func (m Model) row(marker, provider, model, in, out, ctx, reason string) string {
	modelWidth := max(8, m.width-lipgloss.Width(marker)-colProvider-2*colPrice-colContext-colReason-5)
	return marker + cells.Pad(provider, colProvider) + " " + cells.Pad(model, modelWidth) + " " +
		cells.PadLeft(in, colPrice) + " " + cells.PadLeft(out, colPrice) + " " + cells.PadLeft(ctx, colContext) + " " + cells.Pad(reason, colReason)
}

func (m Model) sessionLines() []string {
	title := fmt.Sprintf("In this session (%d)", len(m.routes))
	if m.focus == listSession {
		title += " · enter edits its settings, del/x removes it"
	}
	out := []string{m.styles.Title.Render(title)}
	if len(m.routes) == 0 {
		return append(out, m.styles.Hint.Render("  none yet: enter adds the selected model"))
	}
	rows := m.sessionRows()
	first := max(0, min(m.picked-rows/2, len(m.routes)-rows))
	for i := first; i < first+rows && i < len(m.routes); i++ {
		rt := m.routes[i]
		line := "  " + safetext.Sanitize(rt.Name)
		if rt.Simulated {
			line += " (demo, not saved)"
		}
		if settings := config.DescribeSettings(rt); settings != "" {
			line += " · " + safetext.Sanitize(settings)
		}
		if i == m.picked && m.focus == listSession {
			out = append(out, m.styles.Served.Bold(true).Render("›"+line[1:]))
			continue
		}
		out = append(out, m.styles.Model.Render(line))
	}
	return out
}

// price formats USD per million tokens: cents above a dime, tenths of a cent below.
func price(v float64) string {
	if v == 0 {
		return "free"
	}
	if v < 0.1 {
		return fmt.Sprintf("$%.3f", v)
	}
	return fmt.Sprintf("$%.2f", v)
}

// contextSize shortens a context window: 128000 → 128k, 1048576 → 1M.
func contextSize(n int64) string {
	switch {
	case n <= 0:
		return "?"
	case n >= 1_000_000:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/1_000_000), ".0") + "M"
	case n >= 1000:
		return strconv.FormatInt(n/1000, 10) + "k"
	}
	return strconv.FormatInt(n, 10)
}
