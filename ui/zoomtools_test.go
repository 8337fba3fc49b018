package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// findMark is how a pane marks a search's matches.
var findMark = lipgloss.NewStyle().Reverse(true)

func zoomedOn(t *testing.T, pane int) Model {
	t.Helper()
	m := finished(t, threeRoutes(), 120, 40)
	m.focus = pane
	return update(m, press('o', tea.ModCtrl), frameMsg{})
}

func TestFindInTheZoomedPane(t *testing.T) {
	m := zoomedOn(t, 1) // openai: "cwnd" on two lines
	m = update(m, tea.KeyPressMsg{Code: '/', Text: "/"})
	m = typeText(m, "CWND")
	if m.input.Value() != "" || m.status != "/CWND" {
		t.Fatalf("the query went to the prompt box: input %q status %q", m.input.Value(), m.status)
	}
	m = update(m, enter(), frameMsg{})
	requireContains(t, screen(m), `"CWND": match 1 of 2 · n next · N previous · esc ends the search`)
	if !strings.Contains(m.View().Content, findMark.Render("cwnd")) {
		t.Fatalf("the match is not marked:\n%s", m.View().Content)
	}
	m = update(m, tea.KeyPressMsg{Code: 'n', Text: "n"}, frameMsg{})
	requireContains(t, screen(m), "match 2 of 2")
	m = update(m, tea.KeyPressMsg{Code: 'n', Text: "n"}, frameMsg{})
	requireContains(t, screen(m), "match 1 of 2")
	m = update(m, tea.KeyPressMsg{Code: 'N', Text: "N"}, frameMsg{})
	requireContains(t, screen(m), "match 2 of 2")
	if m.input.Value() != "" {
		t.Fatalf("n/N were typed: %q", m.input.Value())
	}
	m = update(m, press(tea.KeyEscape, 0), frameMsg{})
	if m.find.query != "" || m.panes[1].Mark() != "" || strings.Contains(m.View().Content, findMark.Render("cwnd")) {
		t.Fatal("esc did not end the search")
	}
	m = update(m, tea.KeyPressMsg{Code: '/', Text: "/"})
	m = update(typeText(m, "nowhere"), enter())
	requireContains(t, screen(m), `No match for "nowhere" in openai.`)
}

func TestSlashTypesACommandWhenNotZoomed(t *testing.T) {
	m := finished(t, threeRoutes(), 120, 40)
	m = typeText(m, "/clear")
	if m.input.Value() != "/clear" {
		t.Fatalf("input %q", m.input.Value())
	}
}

func TestCopyTheZoomedAnswer(t *testing.T) {
	m := zoomedOn(t, 2)
	next, cmd := m.Update(press('y', tea.ModAlt))
	m = next.(Model)
	if cmd == nil {
		t.Fatal("no clipboard command")
	}
	var got tea.Msg
	for _, msg := range cmdMsgs(cmd) {
		if fmt.Sprintf("%T", msg) == "tea.setClipboardMsg" {
			got = msg
		}
	}
	if fmt.Sprint(got) != clAnswer {
		t.Fatalf("clipboard got %q, want the answer", got)
	}
	requireContains(t, screen(m), "Copied 1 line of claude's answer to the clipboard (OSC 52).")
}

func TestOpenTheZoomedAnswerInTheEditor(t *testing.T) {
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "my-editor --wait")
	m := zoomedOn(t, 2)
	next, cmd := m.Update(press('e', tea.ModAlt))
	m = next.(Model)
	var open answerOpenMsg
	for _, msg := range cmdMsgs(cmd) {
		if msg, ok := msg.(answerOpenMsg); ok {
			open = msg
		}
	}
	if open.err != nil || strings.Join(open.args, " ") != "my-editor --wait" {
		t.Fatalf("open = %+v", open)
	}
	data, err := os.ReadFile(open.path)
	if err != nil || string(data) != clAnswer {
		t.Fatalf("file holds %q, %v", data, err)
	}
	if fi, _ := os.Stat(open.path); fi.Mode().Perm() != 0o600 {
		t.Errorf("answer file mode %v", fi.Mode().Perm())
	}
	if next, cmd = m.Update(open); cmd == nil {
		t.Fatal("the editor is not run")
	}
	m = update(next.(Model), answerClosedMsg{path: open.path})
	if _, err := os.Stat(open.path); !os.IsNotExist(err) {
		t.Errorf("the answer's file is left in %s", filepath.Dir(open.path))
	}
}

// cmdMsgs runs cmd, and the commands of its batches, once each.
func cmdMsgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, cmdMsgs(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}
