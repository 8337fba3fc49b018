package picker

import "charm.land/bubbles/v2/key"

// keyMap holds the picker's bindings; the help line is built from it.
// Letters are left to the search box, so every action is a control key.
type keyMap struct {
	Up, Down, PageUp, PageDown key.Binding
	Add, AddBoth               key.Binding
	SwitchList, Remove, Edit   key.Binding
	Save, Close                key.Binding
}

func defaultKeyMap() keyMap {
	return keyMap{
		Up:         key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "up")),
		Down:       key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "down")),
		PageUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Add:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "add")),
		AddBoth:    key.NewBinding(key.WithKeys("ctrl+b"), key.WithHelp("ctrl+b", "add OpenRouter+direct")),
		SwitchList: key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "switch list")),
		Remove:     key.NewBinding(key.WithKeys("delete", "backspace", "x", "ctrl+x"), key.WithHelp("del/x", "remove route")),
		Edit:       key.NewBinding(key.WithKeys("enter", "e"), key.WithHelp("enter", "route settings")),
		Save:       key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Close:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
}

// forList enables the bindings of the focused list: letters and backspace
// edit the search unless the session list has focus.
func (k *keyMap) forList(l list) {
	k.Add.SetEnabled(l == listCatalog)
	k.AddBoth.SetEnabled(l == listCatalog)
	k.Remove.SetEnabled(l == listSession)
	k.Edit.SetEnabled(l == listSession)
	if l == listSession {
		k.SwitchList.SetHelp("tab", "search")
	} else {
		k.SwitchList.SetHelp("tab", "routes")
	}
}

// ShortHelp lists the bindings that apply in the current list.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Add, k.AddBoth, k.Edit, k.Remove, k.SwitchList, k.Save, k.Close}
}

// FullHelp is the same bindings grouped.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, k.ShortHelp()}
}
