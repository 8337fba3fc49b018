package historyview

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui/scroll"
)

// keyMap holds the screen's bindings. Letters are left to the filter
// while the list shows; ContinueShown ("c") works only on an open session.
type keyMap struct {
	scroll.KeyMap
	Open, Continue, ContinueShown, Close key.Binding
}

func defaultKeyMap() keyMap {
	return keyMap{
		KeyMap: scroll.KeyMap{
			Up:       key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")),
			Down:     key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down")),
			PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
			PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
			Top:      key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top")),
			Bottom:   key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "bottom")),
		},
		Open:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Continue:      key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "continue")),
		ContinueShown: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "continue")),
		Close:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}

// listHint and detailHint are the screen's own key lines.
const (
	listHint   = "↑↓ select · enter open · ctrl+o continue · esc clear filter/close"
	detailHint = "↑↓ pgup pgdn scroll · c continue this chat · esc back to the list"
)

// inputStyles dress the filter in the theme's colours.
func inputStyles(s *themes.Styles) textinput.Styles {
	st := textinput.DefaultStyles(s.Palette.Dark)
	state := textinput.StyleState{Text: s.Text, Placeholder: s.Hint, Suggestion: s.Hint, Prompt: s.Prompt}
	if s.Palette.Mono {
		plain := lipgloss.NewStyle()
		state = textinput.StyleState{Text: plain, Placeholder: plain.Faint(true), Suggestion: plain.Faint(true), Prompt: plain.Bold(true)}
	}
	st.Focused, st.Blurred = state, state
	st.Cursor.Color = s.Palette.Accent
	st.Cursor.Blink = false // a blinking cursor would redraw the screen forever
	return st
}
