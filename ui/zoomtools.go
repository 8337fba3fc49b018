package ui

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
)

// paneFind is a search inside the zoomed pane: "/" types the query, enter
// runs it, n and N move between the lines that match, esc ends it.
type paneFind struct {
	typing bool
	query  string
	hits   []int // lines that match
	cur    int
}

// answerOpenMsg carries an answer written to a file for $EDITOR.
type answerOpenMsg struct {
	path string
	args []string
	err  error
}

// answerClosedMsg says the pager or editor ended.
type answerClosedMsg struct {
	path string // a file to remove
	err  error
}

// onZoomKey handles the zoomed pane's own keys: find, copy and open.
func (m *Model) onZoomKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if !m.zoomed || m.focus >= len(m.panes) {
		return nil, false
	}
	if m.find.typing {
		return m.findTyping(msg), true
	}
	k, empty := m.keys, m.input.Value() == ""
	switch s := msg.String(); {
	case key.Matches(msg, k.Find) && empty:
		m.setFind(paneFind{typing: true})
		m.status = "/"
	case len(m.find.hits) > 0 && empty && (s == "n" || s == "N"):
		m.findStep(map[bool]int{true: 1, false: -1}[s == "n"])
	case m.find.query != "" && s == "esc":
		m.setFind(paneFind{})
		m.status = ""
	case key.Matches(msg, k.Copy):
		return m.copyAnswer(), true
	case key.Matches(msg, k.Open):
		return m.openAnswer(false), true
	case key.Matches(msg, k.Edit):
		return m.openAnswer(true), true
	default:
		return nil, false
	}
	return m.armFrame(), true
}

func (m *Model) setFind(f paneFind) {
	m.find = f
	mark := ""
	if !f.typing {
		mark = f.query
	}
	m.panes[m.focus].SetMark(mark)
}

func (m *Model) findTyping(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		m.setFind(paneFind{})
		m.status = ""
	case "enter":
		m.runFind()
	case "backspace":
		if r := []rune(m.find.query); len(r) > 0 {
			m.find.query = string(r[:len(r)-1])
		}
		m.status = "/" + safetext.Sanitize(m.find.query)
	default:
		if msg.Text != "" {
			m.find.query += msg.Text
			m.status = "/" + safetext.Sanitize(m.find.query)
		}
	}
	return m.armFrame()
}

// runFind finds the query's lines and shows the first at or below the top
// of the window.
func (m *Model) runFind() {
	f := paneFind{query: m.find.query}
	p := &m.panes[m.focus]
	if strings.TrimSpace(f.query) == "" {
		m.setFind(paneFind{})
		m.status = ""
		return
	}
	top := p.Offset()
	q := strings.ToLower(f.query)
	for i, line := range p.FindLines() {
		if strings.Contains(strings.ToLower(line), q) {
			f.hits = append(f.hits, i)
		}
	}
	m.setFind(f)
	if len(f.hits) == 0 {
		m.status = fmt.Sprintf("No match for %q in %s.", safetext.Sanitize(f.query), p.Name())
		return
	}
	for i, line := range f.hits {
		if line >= top {
			m.find.cur = i
			break
		}
	}
	m.findStep(0)
}

func (m *Model) findStep(d int) {
	n := len(m.find.hits)
	m.find.cur = ((m.find.cur+d)%n + n) % n
	m.panes[m.focus].ScrollToLine(m.find.hits[m.find.cur])
	m.status = fmt.Sprintf("%q: match %d of %d · n next · N previous · esc ends the search",
		safetext.Sanitize(m.find.query), m.find.cur+1, n)
}

// copyAnswer puts the zoomed pane's answer on the terminal's clipboard
// (OSC 52). Whether the terminal took it cannot be known, so the message
// says where else to get it.
func (m *Model) copyAnswer() tea.Cmd {
	p := &m.panes[m.focus]
	text := p.Answer()
	if text == "" {
		m.status = "Nothing to copy: " + p.Name() + " has no answer yet."
		return nil
	}
	m.status = fmt.Sprintf("Copied %s of %s's answer to the clipboard (OSC 52). Not there? Your terminal blocks it: alt+o opens it in a pager.",
		figure.Count(strings.Count(text, "\n")+1, "line"), p.Name())
	return tea.SetClipboard(text)
}

// openAnswer shows the zoomed pane's answer in $PAGER (less -R when unset)
// or, with edit, in $VISUAL/$EDITOR (vi when unset), suspending the TUI.
func (m *Model) openAnswer(edit bool) tea.Cmd {
	p := &m.panes[m.focus]
	text := p.Answer()
	if text == "" {
		m.status = "Nothing to open: " + p.Name() + " has no answer yet."
		return nil
	}
	if !edit {
		args := commandFromEnv([]string{"less", "-R"}, "PAGER")
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Stdin = strings.NewReader(text)
		return tea.ExecProcess(cmd, func(err error) tea.Msg { return answerClosedMsg{err: err} })
	}
	args := commandFromEnv([]string{"vi"}, "VISUAL", "EDITOR")
	return func() tea.Msg {
		f, err := os.CreateTemp("", "routeplay-answer-*.md")
		if err != nil {
			return answerOpenMsg{err: err}
		}
		_, err = f.WriteString(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return answerOpenMsg{path: f.Name(), args: args, err: err}
	}
}

// onAnswerMsg runs the editor on the written file, and cleans up after it.
func (m *Model) onAnswerMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case answerOpenMsg:
		if msg.err != nil {
			os.Remove(msg.path)
			m.status = "Could not open the answer: " + safetext.Sanitize(msg.err.Error())
			return nil
		}
		cmd := exec.Command(msg.args[0], append(msg.args[1:], msg.path)...)
		return tea.ExecProcess(cmd, func(err error) tea.Msg { return answerClosedMsg{path: msg.path, err: err} })
	case answerClosedMsg:
		if msg.path != "" {
			os.Remove(msg.path) // the copy was only for reading; an edit does not change the answer
		}
		if msg.err != nil {
			m.status = "The pager or editor failed: " + safetext.Sanitize(msg.err.Error())
		}
	}
	return nil
}

// commandFromEnv is the first set variable's command line, or def.
func commandFromEnv(def []string, vars ...string) []string {
	for _, v := range vars {
		if args := strings.Fields(os.Getenv(v)); len(args) > 0 {
			return args
		}
	}
	return def
}
