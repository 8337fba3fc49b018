package compare

import (
	"charm.land/bubbles/v2/key"

	"github.com/routeplay/routeplay/ui/scroll"
)

// keyMap holds the view's own bindings; the root handles the key that
// opens and closes it.
type keyMap struct {
	scroll.KeyMap
	Scope key.Binding
	// Pair picks the next two answers for the word diff; not a letter,
	// since typed letters go on to the prompt.
	Pair key.Binding
}

func defaultKeyMap() keyMap {
	return keyMap{
		Scope: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "this turn / whole session")),
		Pair:  key.NewBinding(key.WithKeys("alt+d"), key.WithHelp("alt+d", "next pair of answers to diff")),
		KeyMap: scroll.KeyMap{
			Up:       key.NewBinding(key.WithKeys("up", "alt+up"), key.WithHelp("↑", "scroll up")),
			Down:     key.NewBinding(key.WithKeys("down", "alt+down"), key.WithHelp("↓", "scroll down")),
			PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
			PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
			Top:      key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top")),
			Bottom:   key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "bottom")),
		},
	}
}
