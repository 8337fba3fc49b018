package themes

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles are every Lip Gloss style the UI draws with, built once per palette
// so that View never builds a style.
type Styles struct {
	Palette Palette

	// Panes.
	Pane, PaneFocus, PaneOff lipgloss.Style
	Title, Model, Served     lipgloss.Style
	Simulated                lipgloss.Style
	badges                   map[string]lipgloss.Style

	// Pane states.
	Waiting, Streaming, Done, Failed, Canceled, Off lipgloss.Style

	// Pane body.
	Prompt, PromptText, Text, Reasoning lipgloss.Style
	ErrorTitle, ErrorText, Hint         lipgloss.Style

	// Pane footer.
	MetricLabel, MetricValue lipgloss.Style

	// Screen chrome.
	Status, StatusMsg, Banner, Notice, NoticeTitle, TooSmall lipgloss.Style
	InputFrame                                               lipgloss.Style

	// Styles handed to bubbles.
	Help      help.Styles
	Textarea  textarea.Styles
	TextInput textinput.Styles
}

// New builds the styles of a palette.
func New(p Palette) *Styles {
	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s := &Styles{Palette: p}
	border := lipgloss.RoundedBorder()
	focusBorder := lipgloss.RoundedBorder()
	if p.Mono {
		focusBorder = lipgloss.ThickBorder() // without colour, weight marks focus
	}
	s.Pane = lipgloss.NewStyle().Border(border).BorderForeground(p.Border)
	s.PaneFocus = lipgloss.NewStyle().Border(focusBorder).BorderForeground(p.BorderFocus)
	s.PaneOff = lipgloss.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(p.Muted)

	s.Title = fg(p.Text).Bold(true)
	s.Model = fg(p.Muted)
	s.Served = fg(p.Accent)
	s.Simulated = fg(p.Warning).Bold(true)
	s.badges = map[string]lipgloss.Style{}
	for class, c := range p.Badges {
		s.badges[class] = fg(c).Bold(true)
	}

	s.Waiting = fg(p.Muted)
	s.Streaming = fg(p.Accent)
	s.Done = fg(p.Success)
	s.Failed = fg(p.Error).Bold(true)
	s.Canceled = fg(p.Warning)
	s.Off = fg(p.Muted).Faint(true)

	s.Prompt = fg(p.Accent).Bold(true)
	s.PromptText = fg(p.Text).Bold(true)
	s.Text = fg(p.Text)
	s.Reasoning = fg(p.Muted).Faint(true).Italic(true)
	s.ErrorTitle = fg(p.Error).Bold(true)
	s.ErrorText = fg(p.Text)
	s.Hint = fg(p.Muted).Italic(true)

	s.MetricLabel = fg(p.Muted)
	s.MetricValue = fg(p.Text)

	s.Status = fg(p.Muted)
	s.StatusMsg = fg(p.Accent)
	s.Banner = fg(p.Warning).Bold(true)
	s.Notice = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.Accent).Padding(0, 1)
	s.NoticeTitle = fg(p.Accent).Bold(true)
	s.TooSmall = fg(p.Warning).Bold(true)
	s.InputFrame = lipgloss.NewStyle().Border(lipgloss.NormalBorder(), true, false, false, false).
		BorderForeground(p.Border)

	s.Help = helpStyles(p)
	s.Textarea = textareaStyles(p)
	s.TextInput = textinputStyles(s)
	return s
}

// textinputStyles are the one-line inputs' styles: the body's colours and a
// steady cursor, so no blink ticks redraw the screen.
func textinputStyles(s *Styles) textinput.Styles {
	t := textinput.DefaultStyles(s.Palette.Dark)
	for _, st := range []*textinput.StyleState{&t.Focused, &t.Blurred} {
		st.Prompt, st.Text, st.Placeholder = s.Prompt, s.Text, s.Hint
	}
	t.Cursor.Blink = false
	t.Cursor.Color = s.Palette.Accent
	return t
}

// Badge is the style of a provider badge class.
func (s *Styles) Badge(class string) lipgloss.Style {
	if st, ok := s.badges[class]; ok {
		return st
	}
	return s.badges[BadgeOther]
}

func helpStyles(p Palette) help.Styles {
	h := help.DefaultStyles(p.Dark)
	if p.Mono {
		plain := lipgloss.NewStyle()
		return help.Styles{Ellipsis: plain, ShortKey: plain.Bold(true), ShortDesc: plain,
			ShortSeparator: plain, FullKey: plain.Bold(true), FullDesc: plain, FullSeparator: plain}
	}
	key := lipgloss.NewStyle().Foreground(p.Accent)
	desc := lipgloss.NewStyle().Foreground(p.Muted)
	sep := lipgloss.NewStyle().Foreground(p.Border)
	h.ShortKey, h.ShortDesc, h.ShortSeparator = key, desc, sep
	h.FullKey, h.FullDesc, h.FullSeparator = key, desc, sep
	h.Ellipsis = desc
	return h
}

func textareaStyles(p Palette) textarea.Styles {
	t := textarea.DefaultStyles(p.Dark)
	if p.Mono {
		plain := lipgloss.NewStyle()
		state := textarea.StyleState{Base: plain, Text: plain, LineNumber: plain, CursorLineNumber: plain,
			CursorLine: plain, EndOfBuffer: plain, Placeholder: plain.Faint(true), Prompt: plain.Bold(true),
			Selection: plain.Reverse(true)}
		t.Focused, t.Blurred = state, state
		return t
	}
	for _, st := range []*textarea.StyleState{&t.Focused, &t.Blurred} {
		st.Text = lipgloss.NewStyle().Foreground(p.Text)
		st.Placeholder = lipgloss.NewStyle().Foreground(p.Muted)
		st.Prompt = lipgloss.NewStyle().Foreground(p.Accent).Bold(true)
		st.CursorLine = lipgloss.NewStyle()
		st.EndOfBuffer = lipgloss.NewStyle().Foreground(p.Border)
	}
	t.Cursor.Color = p.Accent
	return t
}
