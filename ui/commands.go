package ui

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend/atomicfile"
	"github.com/routeplay/routeplay/backend/export"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui/promptbox"
)

// commandHelp documents the commands typed in the prompt box.
var commandHelp = [][2]string{
	{"/system TEXT", "set the system prompt; alone, show it"},
	{"/clear", "start a new chat"},
	{"/routes", "list the routes, on or off"},
	{"/toggle N|NAME", "turn a route off or on"},
	{"/theme [NAME]", "switch theme (" + strings.Join(themes.Names(), ", ") + ")"},
	{"/export FILE.md|FILE.json", "write the last turn as a report safe to share"},
	{"/result TEXT", "answer the focused pane's tool call"},
	{"/help", "keys and commands"},
}

// command runs a /command typed in the prompt box. The box is emptied only
// when the command worked, so a typo can be fixed instead of retyped.
func (m *Model) command(text string) tea.Cmd {
	name, arg, _ := strings.Cut(strings.TrimSpace(text), " ")
	arg = strings.TrimSpace(arg)
	var cmd tea.Cmd
	ok := true
	switch name {
	case "/system":
		m.systemCommand(arg)
	case "/clear":
		m.cancelAll()
		for i := range m.panes {
			m.panes[i].Clear()
		}
		m.hist.forget() // the next prompt starts a new session
		m.turns, m.status = 0, "New chat."
		cmd = m.armFrame()
	case "/routes":
		m.screens.showNotice(m.routeList())
	case "/toggle":
		ok = m.toggleCommand(arg)
		cmd = m.armFrame()
	case "/theme":
		ok, cmd = m.themeCommand(arg)
	case "/export":
		ok, cmd = m.exportCommand(arg)
	case "/result":
		ok, cmd = m.resultCommand(arg)
	case "/help":
		m.screens.push(overlayHelp)
	default:
		m.status = "Unknown command " + safetext.Sanitize(name) + ": /help lists them."
		ok = false
	}
	if ok {
		m.input = edited(m.input, (*promptbox.Input).Submit)
		m.layout()
	}
	return cmd
}

func (m *Model) systemCommand(arg string) {
	if arg == "" {
		shown := m.system
		if shown == "" {
			shown = "(none)"
		}
		m.screens.showNotice("System prompt\n\n" + safetext.Sanitize(shown))
		return
	}
	m.system = arg
	m.status = fmt.Sprintf("System prompt set (%d chars); it applies from the next turn.", len(arg))
}

func (m *Model) toggleCommand(arg string) bool {
	i, found := m.findRoute(arg)
	if !found {
		m.status = "No route " + safetext.Sanitize(arg) + ": /routes lists them."
		return false
	}
	p := &m.panes[i]
	p.SetEnabled(!p.Enabled())
	state := "off"
	if p.Enabled() {
		state = "on"
	}
	m.status = fmt.Sprintf("%s is %s for the next turn.", p.Name(), state)
	return true
}

func (m *Model) themeCommand(arg string) (bool, tea.Cmd) {
	if arg == "" {
		arg = themes.Next(m.palette().Name)
	}
	if _, ok := themes.Get(arg, m.isDark); !ok {
		m.status = "No theme " + safetext.Sanitize(arg) + "; choose one of " + strings.Join(themes.Names(), ", ") + "."
		return false, nil
	}
	m.themeName = strings.ToLower(arg)
	m.status = "Theme: " + m.themeName
	return true, m.applyTheme()
}

// findRoute finds a pane by its 1-based number or its route name.
func (m Model) findRoute(arg string) (int, bool) {
	if n, err := strconv.Atoi(arg); err == nil {
		return n - 1, n >= 1 && n <= len(m.panes)
	}
	for i := range m.panes {
		if strings.EqualFold(m.panes[i].Route().Name, arg) {
			return i, true
		}
	}
	return 0, false
}

func (m Model) routeList() string {
	var b strings.Builder
	b.WriteString("Routes (/toggle N turns one off or on)\n")
	for i := range m.panes {
		p := &m.panes[i]
		state := "on "
		if !p.Enabled() {
			state = "off"
		}
		sim := ""
		if p.Route().Simulated {
			sim = "  SIMULATED"
		}
		fmt.Fprintf(&b, "\n%d. [%s] %s  %s  %s%s", i+1, state, p.Name(),
			safetext.Sanitize(string(p.Route().Kind)), p.Model(), sim)
	}
	return b.String()
}

// exportedMsg reports the end of an /export.
type exportedMsg struct {
	Path string
	Err  error
}

// exportCommand writes the last turn as a report safe to share:
// "/export FILE.md" (Markdown) or "/export FILE.json" (the ask --json shape).
// The file is written by a command, never in Update.
func (m *Model) exportCommand(arg string) (bool, tea.Cmd) {
	ext := strings.ToLower(filepath.Ext(arg))
	if arg == "" || (ext != ".md" && ext != ".json") {
		m.status = "Usage: /export FILE.md or /export FILE.json"
		return false, nil
	}
	x, ok := m.lastTurnExport()
	if !ok {
		m.status = "Nothing to export yet: send a prompt and let it finish."
		return false, nil
	}
	redact := func(s string) string { return s }
	if m.opts.Keys != nil {
		redact = m.opts.Keys.Redactor().Redact
	}
	return true, func() tea.Msg { return exportedMsg{Path: arg, Err: writeReport(arg, ext == ".json", x, redact)} }
}

// lastTurnExport gathers every pane's last finished turn.
func (m *Model) lastTurnExport() (export.Export, bool) {
	x := export.Export{Fees: m.fees()}
	for i := range m.panes {
		t := m.panes[i].Last()
		if t == nil || !t.Result().Done() {
			continue
		}
		if x.Prompt == "" {
			x.Prompt = t.Prompt()
		}
		x.Results = append(x.Results, t.Result())
	}
	x.Published, x.Providers = m.or.ForExport(x.Results)
	return x, len(x.Results) > 0
}

// writeReport writes an export private to the user, whole or not at all,
// and never through a symbolic link.
func writeReport(path string, asJSON bool, x export.Export, redact func(string) string) error {
	return atomicfile.Write(path, atomicfile.Options{}, func(w io.Writer) error {
		if asJSON {
			return export.WriteJSON(w, x, redact)
		}
		return export.WriteMarkdown(w, x, redact)
	})
}

// exported shows how an /export ended.
func (m *Model) exported(msg exportedMsg) {
	if msg.Err != nil {
		m.status = safetext.Sanitize(fmt.Sprintf("Export failed: %v", msg.Err))
		return
	}
	m.status = "Exported the last turn to " + safetext.Sanitize(msg.Path)
}

// resultCommand answers the focused pane's pending tool calls with text,
// so a tool loop runs in that pane: the next request carries the calls and
// their result in the route's wire form.
func (m *Model) resultCommand(text string) (bool, tea.Cmd) {
	if m.focus < 0 || m.focus >= len(m.panes) {
		return false, nil
	}
	p := &m.panes[m.focus]
	switch {
	case text == "":
		m.status = "Type the tool's result after /result."
		return false, nil
	case p.Streaming():
		m.status = p.Name() + " is still answering."
		return false, nil
	case len(p.PendingCalls()) == 0:
		m.status = "The last answer in " + p.Name() + " made no tool call to answer."
		return false, nil
	}
	cmd := m.startToolResult(m.focus, text)
	m.status = "Sent the result to " + p.Name() + "."
	return true, tea.Batch(cmd, m.armFrame())
}
