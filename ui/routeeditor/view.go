package routeeditor

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cells"
)

const (
	labelWidth = 24  // the marker, the longest label and a gap
	sideBySide = 100 // from this inner width the request body sits beside the list
	maxWarns   = 2   // warning lines under the list
	// minRowsForMarks is the list height from which a row says how many
	// more are above or below.
	minRowsForMarks = 4
	// chromeRows are the rows around the list: title, blank, blank, two of
	// help text, status and key help.
	chromeRows = 7
)

// View renders the screen into exactly the size given by SetSize.
func (m Model) View() string {
	frame := m.styles.PaneFocus
	innerW, innerH := m.inner()
	if innerW < 30 || innerH < chromeRows+4 {
		return m.styles.TooSmall.Render(cells.Fit("window too small for route settings", m.width))
	}
	lines := []string{m.titleLine(innerW), ""}
	lines = append(lines, m.body(innerW)...)
	lines = append(lines, "")
	lines = append(lines, m.detailLines(innerW)...)
	lines = append(lines, m.warningLines()...)
	status := m.styles.StatusMsg
	if m.failed {
		status = m.styles.ErrorText
	}
	lines = append(lines, status.Render(oneLine(m.status)), m.help.View(m.helpKeys()))
	for i, l := range lines {
		lines[i] = " " + cells.Pad(l, innerW) + " "
	}
	return frame.Render(strings.Join(lines, "\n"))
}

// inner is the size inside the frame and its one-column margins.
func (m Model) inner() (w, h int) {
	frame := m.styles.PaneFocus
	return m.width - frame.GetHorizontalFrameSize() - 2, m.height - frame.GetVerticalFrameSize()
}

// listRows is the height of the settings list (and of the body beside it).
func (m Model) listRows() int {
	_, h := m.inner()
	return max(1, h-chromeRows-min(len(m.warnings), maxWarns))
}

// listWidth is the width of the settings list.
func (m Model) listWidth() int {
	w, _ := m.inner()
	if m.bodyBeside() {
		return min(72, w*55/100)
	}
	return w
}

func (m Model) valueWidth() int { return max(4, m.listWidth()-labelWidth-2) }

func (m Model) bodyBeside() bool {
	w, _ := m.inner()
	return !m.bodyFull && w >= sideBySide
}

func (m Model) titleLine(w int) string {
	s := m.styles
	rt := m.route
	left := s.NoticeTitle.Render("Route settings") + "  " + s.Title.Render(safetext.Sanitize(rt.Name))
	if rt.Name != string(rt.Kind)+":"+rt.Model { // a shorthand name already says both
		left += s.Model.Render(" · " + safetext.Sanitize(string(rt.Kind)) + " · " + safetext.Sanitize(rt.Model))
	}
	if rt.Simulated {
		left += " " + s.Simulated.Render("SIMULATED")
	}
	return cells.Pad(left, w)
}

// body is the list, the request body, or both side by side.
func (m Model) body(w int) []string {
	rows := m.listRows()
	if m.bodyFull { // p: the whole request body in place of the list
		return m.previewLines(w, rows, m.bodyScroll.Offset())
	}
	list := m.listLines(rows)
	if !m.bodyBeside() {
		return list
	}
	lw := m.listWidth()
	preview := m.previewLines(w-lw-3, rows, 0)
	out := make([]string, rows)
	for i := range out {
		out[i] = cells.Pad(list[i], lw) + m.styles.Hint.Render(" │ ") + preview[i]
	}
	return out
}

// listLines are the group titles and settings in view; while the system
// prompt is typed, its text box takes the list's place.
func (m Model) listLines(rows int) []string {
	if m.editing && m.multiline() {
		out := []string{m.styles.Title.Render(m.selected().Label) + m.styles.Hint.Render("  (blank: "+m.selected().Unset+")")}
		out = append(out, strings.Split(m.area.View(), "\n")...)
		return padRows(out, rows)
	}
	all := m.rows()
	out := make([]string, 0, rows)
	for i := m.offset; i < len(all) && len(out) < rows; i++ {
		out = append(out, m.rowLine(all[i]))
	}
	// Say what is out of view, so no setting is missed on a short screen.
	if below := len(all) - m.offset - rows; below > 0 && rows >= minRowsForMarks {
		out[rows-1] = m.styles.Hint.Render(fmt.Sprintf("  ↓ %d more", below+1))
	}
	if m.offset > 0 && rows >= minRowsForMarks {
		out[0] = m.styles.Hint.Render(fmt.Sprintf("  ↑ %d more", m.offset+1))
	}
	return padRows(out, rows)
}

// row is one list line: a group title (setting < 0) or a setting.
type row struct {
	group   string
	setting int
}

func (m Model) rows() []row {
	var out []row
	group := ""
	for i, s := range m.settings {
		if s.Group != group {
			group = s.Group
			out = append(out, row{group: group, setting: -1})
		}
		out = append(out, row{setting: i})
	}
	return out
}

func (m Model) rowLine(r row) string {
	s := m.styles
	if r.setting < 0 {
		return s.Title.Render(r.group)
	}
	set := m.settings[r.setting]
	selected := r.setting == m.cursor
	marker := "  "
	if selected {
		marker = "› "
	}
	label := cells.Pad(marker+set.Label, labelWidth)
	if selected && m.editing {
		return s.Served.Bold(true).Render(label) + m.input.View()
	}
	value := oneLine(safetext.Sanitize(set.Value(m.route)))
	styled := s.Text.Render(value)
	if value == "" {
		styled = s.Hint.Render("— " + set.Unset)
	}
	if selected && set.Kind == config.SettingChoice {
		styled = m.choiceLine(set)
	}
	if selected {
		return s.Served.Bold(true).Render(label) + styled
	}
	return s.Model.Render(label) + styled
}

// choiceLine shows every value of the selected choice, the current one marked.
func (m Model) choiceLine(set config.Setting) string {
	s := m.styles
	cur := set.Value(m.route)
	parts := []string{s.Hint.Render("default")}
	if cur == "" {
		parts[0] = s.Served.Bold(true).Render("[default]")
	}
	for _, c := range set.Choices {
		if c == cur {
			parts = append(parts, s.Served.Bold(true).Render("["+safetext.Sanitize(c)+"]"))
		} else {
			parts = append(parts, s.Hint.Render(safetext.Sanitize(c)))
		}
	}
	return strings.Join(parts, " ")
}

// previewLines are the request body's title and the lines that fit from
// first on; the last row says how many are below.
func (m Model) previewLines(w, rows, first int) []string {
	s := m.styles
	body := m.preview
	first = max(0, min(first, len(body)-(rows-1)))
	out := []string{s.MetricLabel.Render(cells.Pad("Request body (the conversation left out)", w))}
	for _, l := range body[first:] {
		out = append(out, s.Text.Render(cells.Pad(l, w)))
	}
	if len(out) > rows {
		more := len(out) - rows + 1
		hint := fmt.Sprintf("… %d more lines", more)
		if m.bodyFull {
			hint += " (↓ scrolls)"
		}
		out = append(out[:rows-1], s.Hint.Render(cells.Pad(hint, w)))
	}
	return padRows(out, rows)
}

// detailLines explain the selected setting in two lines.
func (m Model) detailLines(w int) []string {
	if len(m.settings) == 0 {
		return []string{"", ""}
	}
	set := m.selected()
	wrapped := strings.Split(ansi.Wordwrap(set.Key+": "+set.Help, w, " "), "\n")
	out := padRows(wrapped, 2)
	if len(wrapped) > 2 {
		out[1] = cells.Pad(out[1]+" …", w)
	}
	for i := range out {
		out[i] = m.styles.Hint.Render(out[i])
	}
	return out
}

func (m Model) warningLines() []string {
	var out []string
	for i, w := range m.warnings {
		if i == maxWarns {
			out[maxWarns-1] += fmt.Sprintf(" (+%d more)", len(m.warnings)-maxWarns)
			break
		}
		out = append(out, "⚠ "+oneLine(safetext.Sanitize(w)))
	}
	for i := range out {
		out[i] = m.styles.Canceled.Render(out[i])
	}
	return out
}

func (m Model) helpKeys() helpKeys {
	choice := len(m.settings) > 0 && m.selected().Kind == config.SettingChoice
	return m.keys.forState(m.editing, m.multiline(), choice, m.bodyFull)
}

// clampScroll keeps the selected setting (and its group title) on screen,
// clear of the rows that say more is above or below.
func (m *Model) clampScroll() {
	rows := m.listRows()
	all := m.rows()
	at := 0
	for i, r := range all {
		if r.setting == m.cursor {
			at = i
		}
	}
	top := at
	if top > 0 && all[top-1].setting < 0 {
		top-- // show the group title with its first setting
	}
	marks := 0
	if rows >= minRowsForMarks {
		marks = 1
	}
	if m.offset > 0 && top < m.offset+marks {
		m.offset = max(0, top-marks)
	}
	if last := m.offset + rows - 1; m.offset+rows < len(all) && at > last-marks {
		m.offset = at - rows + 1 + marks
	}
	m.offset = max(0, min(m.offset, len(all)-rows))
}

// oneLine shows a value that spans lines as its first line and a count.
func oneLine(s string) string {
	first, rest, multi := strings.Cut(s, "\n")
	if !multi {
		return s
	}
	return fmt.Sprintf("%s … (%d lines)", first, strings.Count(rest, "\n")+2)
}

func padRows(lines []string, rows int) []string {
	for len(lines) < rows {
		lines = append(lines, "")
	}
	return lines[:rows]
}
