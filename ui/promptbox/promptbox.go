// Package promptbox is the playground's prompt box: a multi-line textarea
// that recalls the prompts sent before.
package promptbox

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/themes"
)

// Input is the prompt box: a multi-line textarea with a recall history.
type Input struct {
	ta      textarea.Model
	history []string // sent prompts, oldest first
	recall  int      // index into history while recalling; len(history) = the draft
	draft   string   // what was typed before recalling started
}

// New builds the prompt box. Enter is left to the root (send); newline
// starts a new line; page keys scroll panes instead.
func New(styles *themes.Styles, newline key.Binding) Input {
	ta := textarea.New()
	ta.Placeholder = "Ask every route… (enter sends, alt+enter new line, /help for commands)"
	ta.Prompt = "› "
	ta.ShowLineNumbers = false
	ta.CharLimit = 0
	ta.MaxHeight = 0
	ta.KeyMap.InsertNewline = newline
	ta.KeyMap.PageUp = key.NewBinding(key.WithDisabled())
	ta.KeyMap.PageDown = key.NewBinding(key.WithDisabled())
	ta.SetStyles(styles.Textarea)
	ta.SetVirtualCursor(false) // the terminal's own cursor: no blinking redraws
	ta.Focus()
	return Input{ta: ta}
}

// SetSize sets the box's width and number of text rows.
func (in *Input) SetSize(w, rows int) {
	rows = max(1, rows)
	grew := rows > in.ta.Height()
	in.ta.SetWidth(max(1, w))
	in.ta.SetHeight(rows)
	if grew {
		in.refit()
	}
}

// refit scrolls the box so it is filled from the top down to the cursor.
// The textarea keeps its scroll offset when it grows, so a line typed into a
// one-row box left the first line above the view, and a paste left its last
// line on top of empty rows.
func (in *Input) refit() {
	row, col := in.ta.Line(), in.ta.Column()
	in.ta.MoveToBegin() // scrolls to the top
	// Each step moves down a wrapped row; the bound only guards the loop.
	for steps := in.ta.Length() + row; in.ta.Line() < row && steps > 0; steps-- {
		in.ta.CursorDown() // scrolls only as far as the cursor needs
	}
	in.ta.SetCursorColumn(col)
	in.ta.SetHeight(in.ta.Height()) // brings the cursor's wrapped row into view
}

// SetStyles applies a theme.
func (in *Input) SetStyles(s *themes.Styles) { in.ta.SetStyles(s.Textarea) }

// Value is the text typed so far.
func (in Input) Value() string { return in.ta.Value() }

// Update forwards a message to the textarea.
func (in Input) Update(msg tea.Msg) (Input, tea.Cmd) {
	var cmd tea.Cmd
	in.ta, cmd = in.ta.Update(msg)
	return in, cmd
}

// LineCount is the number of lines typed (not wrapped rows).
func (in Input) LineCount() int { return in.ta.LineCount() }

// View draws the textarea.
func (in Input) View() string { return in.ta.View() }

// Cursor is the textarea's cursor relative to the box.
func (in Input) Cursor() *tea.Cursor { return in.ta.Cursor() }

// AtFirstLine reports whether the cursor is on the first visual row, where
// up recalls an earlier prompt instead of moving the cursor.
func (in Input) AtFirstLine() bool {
	return in.ta.Line() == 0 && in.ta.LineInfo().RowOffset == 0
}

// AtLastLine reports whether the cursor is on the last visual row.
func (in Input) AtLastLine() bool {
	info := in.ta.LineInfo()
	return in.ta.Line() == in.ta.LineCount()-1 && info.RowOffset >= info.Height-1
}

// Submit records a sent prompt and empties the box.
func (in *Input) Submit() {
	v := in.ta.Value()
	if n := len(in.history); n == 0 || in.history[n-1] != v {
		in.history = append(in.history, v)
	}
	in.recall, in.draft = len(in.history), ""
	in.ta.Reset()
}

// Recall moves through earlier prompts (dir -1) or later ones (+1); past
// the newest it restores the draft. It reports whether it moved.
func (in *Input) Recall(dir int) bool {
	if in.recall > len(in.history) || in.recall < 0 {
		in.recall = len(in.history)
	}
	next := in.recall + dir
	if next < 0 || next > len(in.history) {
		return false
	}
	if in.recall == len(in.history) {
		in.draft = in.ta.Value() // keep what was being typed
	}
	in.recall = next
	if next == len(in.history) {
		in.ta.SetValue(in.draft)
	} else {
		in.ta.SetValue(in.history[next])
	}
	if dir < 0 {
		in.ta.MoveToBegin()
	} else {
		in.ta.MoveToEnd()
	}
	return true
}
