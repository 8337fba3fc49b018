package compare

import (
	"fmt"

	"charm.land/lipgloss/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/ui/cells"
)

// PastRoute is one route's figures across past sessions, one point per
// period (a day), oldest first: what the history database remembers. A
// route that ran with several settings comes as one PastRoute per settings,
// so runs with sort=price and with sort=latency are never mixed.
type PastRoute struct {
	Route string
	// Settings are the runs' parameters and OpenRouter preferences in short
	// form; empty for the provider's defaults (and runs recorded before
	// settings were kept).
	Settings string
	Points   []PastPoint
}

// PastPoint is one period's medians; NaN where the period had no figure.
type PastPoint struct {
	FirstTokenMs float64
	TokensPerS   float64
	Runs, Errors int
}

// SetPast gives the view the routes' past figures (err: why they could not
// be read), shown under the session scope, a row each in the order given:
// every settings of a route is shown, labelled with them.
func (m *Model) SetPast(routes []PastRoute, days int, err error) {
	m.past, m.pastDays, m.pastErr = routes, days, err
	m.rerender()
}

// pastLines draws each route's past as two sparklines on scales shared by
// the routes, with the runs and errors behind them.
func (m Model) pastLines() []string {
	if m.pastErr != nil {
		return m.hintLines("The history could not be read: " + backend.Sanitize(m.pastErr.Error()))
	}
	var all []series
	var rows []PastRoute // the routes drawn, all[i] being rows[i]
	nameW := 16
	for _, r := range m.past {
		if len(r.Points) == 0 {
			continue
		}
		x := series{name: backend.Sanitize(r.Route)}
		for _, p := range r.Points {
			x.firstToken = append(x.firstToken, p.FirstTokenMs)
			x.tps = append(x.tps, p.TokensPerS)
		}
		all, rows = append(all, x), append(rows, r)
		name, set := pastLabel(r)
		nameW = max(nameW, lipgloss.Width(name+set))
	}
	if len(all) == 0 {
		return m.hintLines(fmt.Sprintf("No runs of these routes in the last %d days of history.", m.pastDays))
	}
	nameW = min(nameW, max(16, m.width/3))
	ftLo, ftHi := span(all, func(x series) []float64 { return x.firstToken })
	tpLo, tpHi := span(all, func(x series) []float64 { return x.tps })
	s := m.styles
	var lines []string
	for i, x := range all {
		runs, errs := 0, 0
		for _, p := range rows[i].Points {
			runs, errs = runs+p.Runs, errs+p.Errors
		}
		line := m.pastName(rows[i], nameW) + " " + s.label.Render("1st ") + s.value.Render(sparkline(x.firstToken, ftLo, ftHi)) +
			fmt.Sprintf(" %7s", latest(x.firstToken, figure.Ms)) + s.label.Render("  tok/s ") +
			s.value.Render(sparkline(x.tps, tpLo, tpHi)) + fmt.Sprintf(" %7s", latest(x.tps, fmtTPS)) +
			s.label.Render(fmt.Sprintf("  %s, %d failed", figure.Count(runs, "run"), errs))
		lines = append(lines, cells.Fit(line, m.width))
	}
	note := fmt.Sprintf("one mark per day over the last %d days (daily medians from the history); "+
		"taller is slower for 1st, faster for tok/s", m.pastDays)
	return append(lines, m.hintLines(note)...)
}

// pastName names a row in w cells: the route, then its settings, dimmed,
// when it ran with any. The name is cut before the settings, which are what
// tell one route's rows apart.
func (m Model) pastName(r PastRoute, w int) string {
	name, set := pastLabel(r)
	if set == "" {
		return cells.Pad(name, w)
	}
	name = cells.Fit(name, max(8, w-lipgloss.Width(set)))
	return cells.Pad(name+m.styles.label.Render(set), w)
}

// pastLabel is a row's route name and its settings part, plain text.
func pastLabel(r PastRoute) (name, set string) {
	if r.Settings != "" {
		set = " · " + backend.Sanitize(r.Settings)
	}
	return backend.Sanitize(r.Route), set
}
