package keymanager

import "charm.land/bubbles/v2/key"

type keyMap struct {
	Up, Down, Set, Delete, Validate, Reload, Close key.Binding
	Save, Cancel, Confirm, Deny                    key.Binding
	SessionUse, SessionDrop                        key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Set:         key.NewBinding(key.WithKeys("enter", "a"), key.WithHelp("enter", "set")),
		Delete:      key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "delete")),
		Validate:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "validate")),
		Reload:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Close:       key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "close")),
		Save:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Confirm:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "delete")),
		Deny:        key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "keep")),
		SessionUse:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "use for this session")),
		SessionDrop: key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "discard")),
	}
}

// helpKeys shows the bindings of the current mode only.
type helpKeys []key.Binding

func (h helpKeys) ShortHelp() []key.Binding  { return h }
func (h helpKeys) FullHelp() [][]key.Binding { return [][]key.Binding{h} }

func (k keyMap) forMode(m mode) helpKeys {
	switch m {
	case modeEntering:
		return helpKeys{k.Save, k.Cancel}
	case modeConfirmDelete:
		return helpKeys{k.Confirm, k.Deny}
	case modeSessionOffer:
		return helpKeys{k.SessionUse, k.SessionDrop}
	default:
		return helpKeys{k.Up, k.Down, k.Set, k.Validate, k.Delete, k.Reload, k.Close}
	}
}
