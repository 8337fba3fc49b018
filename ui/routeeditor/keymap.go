package routeeditor

import (
	"charm.land/bubbles/v2/key"

	"github.com/routeplay/routeplay/ui/scroll"
)

// keyMap holds the editor's bindings; the help line is built from them.
type keyMap struct {
	scroll.KeyMap                   // the list's cursor, and the request body when it fills the screen
	Edit, Prev, Next, Unset, Revert key.Binding
	Body, Save, Close, Back         key.Binding
	Set, Cancel, Newline            key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		KeyMap: scroll.KeyMap{
			Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
			Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
			PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
			PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
			Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first")),
			Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "last")),
		},
		Edit:    key.NewBinding(key.WithKeys("enter", "e"), key.WithHelp("enter", "edit")),
		Prev:    key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←", "previous choice")),
		Next:    key.NewBinding(key.WithKeys("right", "l", "space"), key.WithHelp("→/space", "next choice")),
		Unset:   key.NewBinding(key.WithKeys("delete", "backspace", "d"), key.WithHelp("del", "unset")),
		Revert:  key.NewBinding(key.WithKeys("ctrl+z", "u"), key.WithHelp("u", "undo all")),
		Body:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "request body")),
		Save:    key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save to config")),
		Close:   key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "close")),
		Back:    key.NewBinding(key.WithKeys("p", "esc"), key.WithHelp("p/esc", "back to the settings")),
		Set:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "set")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Newline: key.NewBinding(key.WithKeys("alt+enter", "ctrl+j"), key.WithHelp("alt+enter", "new line")),
	}
}

// helpKeys shows the bindings that apply right now.
type helpKeys []key.Binding

func (h helpKeys) ShortHelp() []key.Binding  { return h }
func (h helpKeys) FullHelp() [][]key.Binding { return [][]key.Binding{h} }

// forState picks the bindings of the current mode and the selected kind.
func (k keyMap) forState(editing, multiline, choice, bodyFull bool) helpKeys {
	switch {
	case bodyFull:
		return helpKeys{k.Up, k.Down, k.PageDown, k.Back, k.Save}
	case editing && multiline:
		return helpKeys{k.Set, k.Newline, k.Cancel}
	case editing:
		return helpKeys{k.Set, k.Cancel}
	case choice:
		return helpKeys{k.Up, k.Down, k.Next, k.Prev, k.Unset, k.Revert, k.Body, k.Save, k.Close}
	}
	return helpKeys{k.Up, k.Down, k.Edit, k.Unset, k.Revert, k.Body, k.Save, k.Close}
}
