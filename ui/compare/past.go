package compare

import (
	"fmt"

	"github.com/routeplay/routeplay/backend"
)

// PastRoute is one route's figures across past sessions, one point per
// period (a day), oldest first: what the history database remembers.
type PastRoute struct {
	Route  string
	Points []PastPoint
}

// PastPoint is one period's medians; NaN where the period had no figure.
type PastPoint struct {
	FirstTokenMs float64
	TokensPerS   float64
	Runs, Errors int
}

// SetPast gives the view the routes' past figures (err: why they could not
// be read), shown under the session scope.
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
	for _, r := range m.past {
		x := series{name: backend.Sanitize(r.Route)}
		for _, p := range r.Points {
			x.firstToken = append(x.firstToken, p.FirstTokenMs)
			x.tps = append(x.tps, p.TokensPerS)
		}
		if len(r.Points) > 0 {
			all = append(all, x)
		}
	}
	if len(all) == 0 {
		return m.hintLines(fmt.Sprintf("No runs of these routes in the last %d days of history.", m.pastDays))
	}
	ftLo, ftHi := span(all, func(x series) []float64 { return x.firstToken })
	tpLo, tpHi := span(all, func(x series) []float64 { return x.tps })
	s := m.styles
	var lines []string
	for i, x := range all {
		runs, errs := 0, 0
		for _, p := range m.past[i].Points {
			runs, errs = runs+p.Runs, errs+p.Errors
		}
		line := padRight(fit(x.name, 16), 16) + " " + s.label.Render("1st ") + s.value.Render(sparkline(x.firstToken, ftLo, ftHi)) +
			fmt.Sprintf(" %7s", latest(x.firstToken, fmtMs)) + s.label.Render("  tok/s ") +
			s.value.Render(sparkline(x.tps, tpLo, tpHi)) + fmt.Sprintf(" %7s", latest(x.tps, fmtTPS)) +
			s.label.Render(fmt.Sprintf("  %d runs, %d failed", runs, errs))
		lines = append(lines, fit(line, m.width))
	}
	note := fmt.Sprintf("one mark per day over the last %d days (daily medians from the history); "+
		"taller is slower for 1st, faster for tok/s", m.pastDays)
	return append(lines, m.hintLines(note)...)
}
