package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/routeplay/routeplay/ui/cells"
	"github.com/routeplay/routeplay/ui/compare"
	"github.com/routeplay/routeplay/ui/historyview"
	"github.com/routeplay/routeplay/ui/pane"
	"github.com/routeplay/routeplay/ui/promptbox"
)

// Rows used below the panes: status line, input frame line, help bar.
const chromeRows = 3

// maxInputRows caps how tall the prompt box grows as lines are added.
const maxInputRows = 6

// spinnerFrames animate a streaming pane, one step every second pace
// frame: 100 ms, the pace spinner.Dot is drawn for.
var spinnerFrames = spinner.Dot.Frames

// tooSmall reports whether the terminal cannot hold the playground.
func (m Model) tooSmall() bool { return m.width < minScreenW || m.height < minScreenH }

// layout computes every rectangle from the terminal size and sizes children.
func (m *Model) layout() {
	if m.tooSmall() {
		return
	}
	limit := min(maxInputRows, max(1, m.height/6))
	m.inputRows = min(limit, max(1, m.input.LineCount()))
	m.input = edited(m.input, func(in *promptbox.Input) { in.SetSize(m.width, m.inputRows) })
	if m.help.Width() != m.width {
		m.help = edited(m.help, func(h *help.Model) { h.SetWidth(m.width) })
	}
	areaH := max(1, m.paneAreaHeight())
	m.compareView = edited(m.compareView, func(c *compare.Model) { c.SetSize(m.width, areaH) })
	m.screenSize(m.width, areaH)
	m.historyView = edited(m.historyView, func(h *historyview.Model) { h.SetSize(m.width, areaH) })
	if m.zoomed && len(m.panes) > 0 {
		m.rects = make([]rect, len(m.panes))
		for i := range m.rects {
			m.rects[i] = rect{} // hidden while zoomed
		}
		m.rects[m.focus] = rect{w: m.width, h: areaH - m.detailRows(areaH)}
	} else if m.compact = gridTooSmall(len(m.panes), m.width, areaH); m.compact {
		m.compactRects(m.width, areaH)
	} else {
		m.rects = gridRects(len(m.panes), m.width, areaH)
	}
	for i, r := range m.rects {
		if r.w > 0 {
			m.panes[i].SetSize(r.w, r.h)
		}
	}
}

func (m Model) paneAreaHeight() int { return m.height - chromeRows - m.verdictRows() - m.inputRows }

// View draws the whole screen.
// Bubble Tea calls View after every message, and streams send many; so the
// screen is drawn in Update when something visible changed (see
// Model.Update) and View only hands it over.
func (m Model) View() tea.View {
	v := tea.NewView(m.drawn)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "routeplay"
	m.paintTheme(&v)
	if m.drawnCursor != nil {
		c := *m.drawnCursor
		v.Cursor = &c
	}
	return v
}

// cursor is where the terminal's cursor goes: in the history screen's
// filter, in the prompt box, or nowhere while a screen draws its own.
func (m Model) cursor() *tea.Cursor {
	if m.tooSmall() {
		return nil
	}
	switch top, o := m.screens.top(), m.screens.overlay(); {
	case o == overlayHelp, m.screens.modal():
		return nil
	case top == screenHistory && o == overlayNone:
		return m.historyView.Cursor() // the history screen starts at the top row
	}
	c := m.input.Cursor()
	if c != nil {
		c.Y += m.paneAreaHeight() + m.verdictRows() + 2 // below the panes, the verdict, the status line and the input frame
	}
	return c
}

func (m Model) render() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.tooSmall() {
		msg := fmt.Sprintf("Terminal too small (%d×%d); routeplay needs %d×%d.", m.width, m.height, minScreenW, minScreenH)
		return m.styles.TooSmall.Render(pane.WrapText(msg, m.width))
	}
	if m.screens.overlay() == overlayHelp {
		return m.overlay(m.fullHelp(), m.height) // help gets the whole screen
	}
	area := m.paneArea()
	input := m.inputBox
	if input == "" {
		input = m.drawInput()
	}
	// fit: help's own truncation overflows when even its ellipsis does not fit.
	helpBar := cells.Fit(m.help.View(m.keys), m.width)
	rows := []string{area, m.statusLine(), input, helpBar}
	if m.verdictRows() > 0 {
		rows = []string{area, m.verdictView(), m.statusLine(), input, helpBar}
	}
	return strings.Join(rows, "\n")
}

// drawInput draws the prompt box in its frame.
func (m Model) drawInput() string {
	return m.styles.InputFrame.Width(m.width).Render(m.input.View())
}

// paneArea is what fills the space above the status line: the notice,
// else the screen on top.
func (m Model) paneArea() string {
	h := m.paneAreaHeight()
	if m.screens.overlay() == overlayNotice {
		return m.overlay(m.screens.notice+"\n\n"+m.styles.Hint.Render("esc closes"), h)
	}
	switch top := m.screens.top(); {
	case top == screenEditor:
		return m.editor.View()
	case top == screenKeys:
		return m.keyMgr.View()
	case top == screenPicker:
		return m.picker.View()
	case top == screenHistory:
		return m.historyView.View()
	case len(m.panes) == 0:
		return m.overlay("No routes in this session. ctrl+p adds one from the model catalog.", h)
	case top == screenCompare:
		return m.compareView.View()
	}
	return m.panesView()
}

// panesView is the playground's panes, or the zoomed one.
func (m Model) panesView() string {
	spin := strings.TrimSpace(spinnerFrames[(m.frame/(2*pane.MarkdownEvery))%len(spinnerFrames)])
	if m.zoomed {
		box := m.panes[m.focus].View(true, spin, m.now)
		if d := m.or.Details(m.styles, &m.panes[m.focus], m.detailRows(max(1, m.paneAreaHeight())), m.width); d != "" {
			box += "\n" + d
		}
		return box
	}
	if m.compact {
		return m.compactView(spin)
	}
	// Panes of a row have the same height and exact widths, so rows are
	// joined line by line without measuring anything.
	var out []string
	rowStart, rowY := 0, -1
	for i, r := range m.rects {
		box := strings.Split(m.panes[i].View(i == m.focus, spin, m.now), "\n")
		if r.y != rowY {
			rowStart, rowY = len(out), r.y
			out = append(out, box...)
			continue
		}
		for j := range box {
			if rowStart+j < len(out) {
				out[rowStart+j] += box[j]
			}
		}
	}
	return strings.Join(out, "\n")
}

// overlay centres a bordered box in the pane area.
func (m Model) overlay(content string, h int) string {
	box := m.styles.Notice.MaxWidth(m.width).Render(pane.WrapText(content, max(1, m.width-4)))
	placed := lipgloss.Place(m.width, h, lipgloss.Center, lipgloss.Center, box)
	if lines := strings.Split(placed, "\n"); len(lines) > h {
		placed = strings.Join(lines[:h], "\n") // a short terminal shows the top of the box
	}
	return placed
}

func (m Model) fullHelp() string {
	s := m.styles
	var b strings.Builder
	b.WriteString(s.NoticeTitle.Render("Keys") + s.Hint.Render("  (esc closes)") + "\n")
	b.WriteString(m.helpColumns(max(1, m.width-6)))
	b.WriteString("\n" + s.NoticeTitle.Render("Commands"))
	for _, c := range commandHelp {
		b.WriteString("\n" + s.Help.FullKey.Render(c[0]) + "  " + s.Help.FullDesc.Render(c[1]))
	}
	return b.String()
}

// helpColumns lays the key groups out in as many rows as the width needs,
// so no binding is cut off on a narrow terminal.
func (m Model) helpColumns(width int) string {
	h := *m.help
	h.SetWidth(0) // measure without truncation
	var rows []string
	var row [][]key.Binding
	for _, group := range m.keys.FullHelp() {
		candidate := append(row[:len(row):len(row)], group)
		if len(row) > 0 && lipgloss.Width(h.FullHelpView(candidate)) > width {
			rows = append(rows, h.FullHelpView(row))
			candidate = [][]key.Binding{group}
		}
		row = candidate
	}
	rows = append(rows, h.FullHelpView(row))
	return strings.Join(rows, "\n")
}

// statusLine shows the last action's feedback, the demo banner and the chat state.
func (m Model) statusLine() string {
	s := m.styles
	var parts []string
	if m.status != "" {
		parts = append(parts, s.StatusMsg.Render(cells.Fit(m.status, m.width)))
	}
	if m.opts.Demo {
		parts = append(parts, s.Banner.Render("DEMO — simulated routes, no keys found. Add keys: routeplay keys set openrouter"))
	}
	on := 0
	for i := range m.panes {
		if m.panes[i].Enabled() {
			on++
		}
	}
	system := "system: none"
	if m.system != "" {
		system = fmt.Sprintf("system: %d chars", len(m.system))
	}
	info := []string{fmt.Sprintf("turn %d", m.turns), system, fmt.Sprintf("%d/%d routes on", on, len(m.panes)), "theme " + s.Palette.Name}
	if m.syncScroll {
		info = append(info, "sync scroll")
	}
	if m.zoomed {
		info = append(info, "zoomed (ctrl+o back, / find)")
	}
	parts = append(parts, s.Status.Render(strings.Join(info, " · ")))
	return joinToWidth(parts, "  ", m.width)
}

// joinToWidth joins as many leading parts as fit in width.
func joinToWidth(parts []string, sep string, width int) string {
	var b strings.Builder
	used := 0
	for i, part := range parts {
		w := lipgloss.Width(part)
		if i > 0 {
			w += lipgloss.Width(sep)
		}
		if used+w > width {
			break
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(part)
		used += w
	}
	return b.String()
}

// paintTheme sets the terminal's own background and text colours when the
// theme was made for the other kind of background (light chosen on a dark
// terminal): the styles colour text, not the cells between it, so without this
// dark text lands on a dark background. Bubble Tea restores the terminal's
// colours when the theme matches again or the program ends.
func (m Model) paintTheme(v *tea.View) {
	p := m.styles.Palette
	if p.Mono || p.Dark == m.isDark {
		return
	}
	v.BackgroundColor, v.ForegroundColor = p.Background, p.Text
}
