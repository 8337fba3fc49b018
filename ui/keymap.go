package ui

import (
	"strconv"

	"charm.land/bubbles/v2/key"
)

// keyMap holds every binding of the playground; the help bar and the full
// help view are generated from it, so they cannot drift from behaviour.
type keyMap struct {
	Send, Newline            key.Binding
	HistoryPrev, HistoryNext key.Binding
	FocusNext, FocusPrev     key.Binding
	FocusN                   key.Binding // alt+1..alt+9, for help only; matched by focusIndex
	Zoom                     key.Binding
	Compare                  key.Binding
	History                  key.Binding
	ScrollUp, ScrollDown     key.Binding
	LineUp, LineDown         key.Binding
	SyncScroll               key.Binding
	Reasoning                key.Binding
	// Routes (ctrl+p) and Keys (ctrl+k) take those keys from the prompt
	// box, where they meant line up and delete to the end of the line.
	Routes, Keys             key.Binding
	Settings                 key.Binding
	CancelAll, CancelFocused key.Binding
	RetryFocused, RetryAll   key.Binding
	Theme                    key.Binding
	// Split turns the focused OpenRouter route into one route per provider.
	Split key.Binding
	// Find, Copy, Open and Edit work on the zoomed pane.
	// The help bar lists them while a pane is zoomed; the full help has
	// room for find only at 80×24.
	Find, Copy, Open, Edit key.Binding
	Help                   key.Binding
	Quit                   key.Binding
}

func defaultKeyMap() keyMap {
	return keyMap{
		Send:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send to all routes")),
		Newline:       key.NewBinding(key.WithKeys("alt+enter", "ctrl+j"), key.WithHelp("alt+enter/ctrl+j", "new line")),
		HistoryPrev:   key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "earlier prompt")),
		HistoryNext:   key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "later prompt")),
		FocusNext:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		FocusPrev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		FocusN:        key.NewBinding(key.WithKeys(focusKeys()...), key.WithHelp("alt+1…9", "focus pane N")),
		Zoom:          key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "zoom pane")),
		Compare:       key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", "compare")),
		History:       key.NewBinding(key.WithKeys("f4", "alt+h"), key.WithHelp("f4", "history")),
		ScrollUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "scroll up")),
		ScrollDown:    key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "scroll down")),
		LineUp:        key.NewBinding(key.WithKeys("alt+up"), key.WithHelp("alt+↑", "line up")),
		LineDown:      key.NewBinding(key.WithKeys("alt+down"), key.WithHelp("alt+↓", "line down")),
		SyncScroll:    key.NewBinding(key.WithKeys("alt+s"), key.WithHelp("alt+s", "sync scrolling")),
		Reasoning:     key.NewBinding(key.WithKeys("alt+t"), key.WithHelp("alt+t", "show/hide reasoning")),
		Routes:        key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "add/drop routes")),
		Keys:          key.NewBinding(key.WithKeys("ctrl+k"), key.WithHelp("ctrl+k", "API keys")),
		Settings:      key.NewBinding(key.WithKeys("f3"), key.WithHelp("f3", "route settings")),
		CancelAll:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel all")),
		CancelFocused: key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "cancel pane")),
		RetryFocused:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "retry pane")),
		RetryAll:      key.NewBinding(key.WithKeys("alt+r", "ctrl+shift+r"), key.WithHelp("alt+r", "retry all")),
		Theme:         key.NewBinding(key.WithKeys("f2"), key.WithHelp("f2", "next theme")),
		Split:         key.NewBinding(key.WithKeys("alt+p"), key.WithHelp("alt+p", "split route")),
		Find:          key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "find in zoom")),
		Copy:          key.NewBinding(key.WithKeys("alt+y"), key.WithHelp("alt+y", "copy answer")),
		Open:          key.NewBinding(key.WithKeys("alt+o"), key.WithHelp("alt+o", "pager")),
		Edit:          key.NewBinding(key.WithKeys("alt+e"), key.WithHelp("alt+e", "editor")),
		Help:          key.NewBinding(key.WithKeys("f1", "?"), key.WithHelp("?/f1", "help")),
		Quit:          key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "cancel, then quit")),
	}
}

func focusKeys() []string {
	keys := make([]string, 0, 9)
	for i := 1; i <= 9; i++ {
		keys = append(keys, "alt+"+strconv.Itoa(i))
	}
	return keys
}

// focusIndex returns the pane index an alt+N key asks for.
func focusIndex(keyString string) (int, bool) {
	if len(keyString) != 5 || keyString[:4] != "alt+" {
		return 0, false
	}
	n := int(keyString[4] - '0')
	if n < 1 || n > 9 {
		return 0, false
	}
	return n - 1, true
}

// ShortHelp is the always-visible help bar.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Send, k.Find, k.Copy, k.Open, k.Edit, k.Compare, k.History, k.FocusNext, k.Zoom,
		k.CancelAll, k.RetryFocused, k.Help, k.Quit}
}

// FullHelp is the help view, one column per group. It is the reference, so
// it lists every key, also those that do not apply at the moment (the help
// bar leaves them out), and says all that ctrl+c does: stop what streams,
// and quit when nothing does or on a second press.
func (k keyMap) FullHelp() [][]key.Binding {
	for _, b := range []*key.Binding{&k.CancelAll, &k.CancelFocused, &k.RetryFocused, &k.RetryAll,
		&k.FocusNext, &k.FocusPrev, &k.FocusN, &k.Zoom, &k.SyncScroll, &k.Find} {
		b.SetEnabled(true)
	}
	k.Quit.SetHelp("ctrl+c", "cancel, then quit")
	return [][]key.Binding{
		{k.Send, k.Newline, k.HistoryPrev, k.HistoryNext, k.Quit}, // beside the tallest group: no extra row at 80×24
		{k.FocusNext, k.FocusPrev, k.FocusN, k.Zoom, k.Compare, k.History},
		{k.ScrollUp, k.ScrollDown, k.LineUp, k.LineDown, k.SyncScroll, k.Reasoning},
		{k.CancelAll, k.CancelFocused, k.RetryFocused, k.RetryAll, k.Split},
		{k.Routes, k.Settings, k.Keys, k.Theme, k.Help, k.Find},
	}
}
