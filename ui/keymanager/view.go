package keymanager

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/cells"
	"github.com/routeplay/routeplay/ui/scroll"
)

// Column caps keep one long custom name or env var from pushing the
// check column off a narrow screen.
const (
	maxNameCol   = 16
	maxSourceCol = 24
	maxKeyCol    = 20
	maxDetail    = 3 // lines of message under the selected row
	// maxStatus lets a keyring failure's advice show whole: it is the
	// part that says what to do.
	maxStatus = 6
)

// View renders the screen into exactly the size given by SetSize.
func (m Model) View() string {
	frame := m.styles.PaneFocus
	innerW := m.width - frame.GetHorizontalFrameSize() - 2 // one blank column inside each border
	innerH := m.height - frame.GetVerticalFrameSize()
	if innerW < 20 || innerH < 6 {
		return m.styles.TooSmall.Render(cells.Fit("window too small for the key manager", m.width))
	}
	head := []string{m.styles.Title.Render("Keys") + m.styles.Hint.Render("  the provider keys your routes use"), ""}
	tail := m.footer(innerW)
	detail := m.detail(innerW)
	room := innerH - len(head) - len(tail) - len(detail) - 2
	lines := append(head, m.table(innerW, max(1, room))...)
	lines = append(lines, "")
	lines = append(lines, detail...)
	for len(lines) < innerH-len(tail) {
		lines = append(lines, "")
	}
	lines = append(lines[:min(len(lines), innerH-len(tail))], tail...)
	for i, l := range lines {
		lines[i] = " " + cells.Pad(l, innerW) + " "
	}
	return frame.Render(strings.Join(lines, "\n"))
}

type columns struct{ name, source, key int }

func (m Model) columns() columns {
	c := columns{name: 4, source: 6, key: 3}
	for _, r := range m.rows {
		c.name = max(c.name, min(maxNameCol, len(r.name)))
		c.source = max(c.source, min(maxSourceCol, len(sourceText(r))))
		c.key = max(c.key, min(maxKeyCol, ansi.StringWidth(r.info.Masked)))
	}
	return c
}

// table renders the rows, scrolled so the cursor stays in view.
func (m Model) table(w, room int) []string {
	st := m.styles
	if m.loadErr != nil {
		return wrapLines(st.ErrorText.Render(m.loadErr.Error()), w, room)
	}
	c := m.columns()
	header := fmt.Sprintf("  %-*s  %-*s  %-*s  %s", c.name, "NAME", c.source, "SOURCE", c.key, "KEY", "CHECK")
	out := []string{st.MetricLabel.Render(header)}
	rows := max(1, room-1)
	start := scroll.Follow(0, m.cursor, rows, len(m.rows))
	for i := start; i < min(len(m.rows), start+rows); i++ {
		out = append(out, m.rowLine(m.rows[i], i == m.cursor, c))
	}
	return out
}

func (m Model) rowLine(r row, selected bool, c columns) string {
	st := m.styles
	marker, nameStyle := "  ", st.Text
	if selected {
		marker, nameStyle = st.Prompt.Render("›")+" ", st.PromptText
	}
	source := st.Text
	switch {
	case r.info.Err != nil:
		source = st.Failed
	case r.info.Source == keys.SourceMissing:
		source = st.Canceled
	}
	masked := r.info.Masked
	if masked == "" {
		masked = "-"
	}
	return marker +
		nameStyle.Render(cells.Pad(r.name, c.name)) + "  " +
		source.Render(cells.Pad(sourceText(r), c.source)) + "  " +
		st.Text.Render(cells.Pad(masked, c.key)) + "  " +
		m.checkCell(r)
}

func sourceText(r row) string {
	switch {
	case r.info.Err != nil:
		return "keyring error"
	case r.info.Source == keys.SourceEnv:
		return "env " + r.info.EnvVar
	case r.info.Source == keys.SourceSession:
		return "session only"
	case r.info.Source == "":
		return "…"
	}
	return r.info.Source
}

// checkCell shows the last verdict: ✓ valid, ✗ invalid, ? unreachable.
func (m Model) checkCell(r row) string {
	st := m.styles
	v := r.info.Validation
	switch {
	case r.checking:
		return m.spin.View() + st.Streaming.Render(" checking…")
	case r.checkErr != nil:
		return st.Failed.Render("✗ unreadable")
	case v == nil:
		return st.Hint.Render("never checked")
	}
	text := v.Status + " " + figure.Ms(float64(v.LatencyMS))
	if credit := creditText(v.CreditUsage, v.CreditLimit); credit != "" {
		text += " " + credit
	}
	switch catalog.KeyStatus(v.Status) {
	case catalog.KeyValid:
		return st.Done.Render("✓ " + text)
	case catalog.KeyInvalid:
		return st.Failed.Render("✗ " + text)
	default:
		return st.Canceled.Render("? " + text)
	}
}

// detail describes the selected key: who uses it, where it comes from and
// the last message worth reading.
func (m Model) detail(w int) []string {
	st := m.styles
	r, ok := m.selected()
	if !ok || m.loadErr != nil {
		return nil
	}
	used := "no route uses it yet"
	if len(r.routes) > 0 {
		used = "used by " + strings.Join(r.routes, ", ")
	}
	lines := []string{st.Title.Render(r.name) + st.Hint.Render(" · "+used), st.Text.Render(origin(r))}
	var msg string
	switch {
	case r.info.Err != nil:
		msg = r.info.Err.Error()
	case r.checkErr != nil:
		msg = r.checkErr.Error()
	case r.info.Validation != nil && r.info.Validation.Status != string(catalog.KeyValid):
		msg = r.info.Validation.Message
	}
	if msg != "" {
		lines = append(lines, wrapLines(st.ErrorText.Render(msg), w, maxDetail)...)
	}
	return lines
}

func origin(r row) string {
	envHint := strings.Join(keys.EnvVars(r.name), " or ")
	switch {
	case r.info.Source == keys.SourceEnv && r.info.Stored:
		return "from " + r.info.EnvVar + ", which overrides the copy in the OS keyring"
	case r.info.Source == keys.SourceEnv:
		return "from " + r.info.EnvVar + " (environment)"
	case r.info.Source == keys.SourceSession:
		return "for this session only: in memory, never written; gone when routeplay exits"
	case r.info.Stored && r.info.StoredAt != nil:
		return "in the OS keyring since " + r.info.StoredAt.Format("2006-01-02")
	case r.info.Stored:
		return "in the OS keyring"
	case r.info.Source == "":
		return "loading…"
	}
	return "not set: press enter to add it, or set " + envHint
}

func wrapLines(s string, w, limit int) []string {
	lines := strings.Split(ansi.Wrap(s, w, " "), "\n")
	if len(lines) > limit {
		lines = lines[:limit]
		lines[limit-1] = ansi.Truncate(lines[limit-1], w-1, "") + "…"
	}
	return lines
}

// footer is the input or confirmation line, the status and the help.
func (m Model) footer(w int) []string {
	st := m.styles
	r, _ := m.selected()
	var action string
	switch m.mode {
	case modeEntering:
		action = st.Prompt.Render("New "+r.name+" key (hidden): ") + m.input.View()
	case modeConfirmDelete:
		action = st.Banner.Render(fmt.Sprintf("Delete %s from the OS keyring? y/n", r.name))
	case modeSessionOffer:
		action = st.Banner.Render("Use the key for this session only (in memory, never written)? y/n")
	}
	status := st.StatusMsg.Render(m.status)
	if m.failed {
		status = st.ErrorText.Render(m.status)
	}
	if m.loading && m.status == "" {
		status = st.Status.Render("reading keys…")
	}
	lines := []string{action}
	lines = append(lines, wrapLines(status, w, maxStatus)...)
	return append(lines, m.help.View(m.keys.forMode(m.mode)))
}

// creditText is figure.Credit in the room of a cell: $1.25/$10.00.
func creditText(usage, limit *float64) string {
	switch {
	case usage == nil:
		return ""
	case limit == nil:
		return figure.Dollars(*usage) + " used"
	}
	return figure.Dollars(*usage) + "/" + figure.Dollars(*limit)
}
