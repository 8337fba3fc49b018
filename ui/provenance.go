package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/ui/cells"
	"github.com/routeplay/routeplay/ui/compare"
	"github.com/routeplay/routeplay/ui/pane"
)

// afterTurn, once every route has answered, hands the compare view each
// route's data policy and reads the endpoints that served.
func (m *Model) afterTurn(wasStreaming bool) tea.Cmd {
	if !wasStreaming || m.anyStreaming() {
		return nil
	}
	m.syncProvenance()
	return m.fetchPublished()
}

// fetchPublished reads the endpoints of every live OpenRouter route whose
// last run named the provider that served, unless they were read (or
// tried) in the last publishedFresh.
func (m *Model) fetchPublished() tea.Cmd {
	var cmds []tea.Cmd
	now := m.clock()
	for i := range m.panes {
		p := &m.panes[i]
		t := p.Last()
		if !livesOnOpenRouter(p.Route()) || t == nil || t.State() < pane.StateDone || t.Result().ServedBy == "" {
			continue
		}
		model := p.Route().Model
		if set, ok := m.or.published[model]; m.or.fetching[model] || ok && now.Sub(set.at) < publishedFresh {
			continue
		}
		m.or.fetching[model] = true
		cmds = append(cmds, fetchEndpoints(m.ctx, m.opts.Keys, m.or.client, p.Route(), ""))
	}
	if len(cmds) > 0 {
		m.syncProvenance()
	}
	return tea.Batch(cmds...)
}

// provenanceOf is what is known of where a pane's last run went.
func (m Model) provenanceOf(p *pane.Pane) compare.Provenance {
	pv := compare.Provenance{Route: p.Route().Name}
	if t := p.Last(); t != nil {
		pv.Served = t.Result().ServedBy
	}
	var provs []catalog.ProviderInfo
	if livesOnOpenRouter(p.Route()) {
		set, ok := m.or.published[p.Route().Model]
		switch {
		case m.or.fetching[p.Route().Model] && !ok:
			pv.Note = "reading OpenRouter's endpoints…"
		case ok && set.err != nil:
			pv.Note = "not read: " + set.err.Error()
		case ok:
			provs = set.providers
			if e, found := catalog.ServedEndpoint(set.endpoints, pv.Served); found {
				pv.Published = catalog.PublishedFigures(e)
			}
			if pv.Published == nil && pv.Served != "" {
				pv.Note = "none for " + pv.Served
			}
		}
	}
	pv.Policy = catalog.PolicyLine(p.Route(), pv.Served, provs)
	return pv
}

// syncProvenance hands the compare view what is known of every route.
func (m *Model) syncProvenance() {
	all := make([]compare.Provenance, 0, len(m.panes))
	for i := range m.panes {
		all = append(all, m.provenanceOf(&m.panes[i]))
	}
	m.compareView = edited(m.compareView, func(c *compare.Model) { c.SetProvenance(all) })
}

// policyRows is the most rows the data policy wraps to under a zoomed pane.
const policyRows = 2

// detailRows is how many rows the zoomed pane's details take: the data
// policy, and for an OpenRouter route the published and measured figures.
// None when the pane area is too short to spare them.
func (m Model) detailRows(areaH int) int {
	if m.focus >= len(m.panes) {
		return 0
	}
	n := policyRows
	if livesOnOpenRouter(m.panes[m.focus].Route()) {
		n += 2
	}
	if areaH-n < 8 {
		return 0
	}
	return n
}

// detailsView is the zoomed pane's details, one line each, cut to the width.
func (m Model) detailsView(rows int) string {
	if rows == 0 {
		return ""
	}
	p := &m.panes[m.focus]
	pv := m.provenanceOf(p)
	s := m.styles
	line := func(label, text string) string {
		return cells.Fit(s.Hint.Render(label+": ")+s.Status.Render(backend.Sanitize(text)), m.width)
	}
	var out []string
	if rows > policyRows {
		pub := pv.Note
		if len(pv.Published) > 0 {
			pub = strings.Join(pv.Published, " · ")
		}
		if pv.Served == "" && pub == "" {
			pub = "after a run, for the provider that served it"
		}
		mine := "n/a"
		if t := p.Last(); t != nil && t.State() >= pane.StateDone {
			if f := catalog.MeasuredFigures(t.Result()); len(f) > 0 {
				mine = strings.Join(f, " · ")
			}
		}
		out = append(out, line(catalog.PublishedLabel, pub), line(catalog.MeasuredLabel, mine))
	}
	policy := strings.Split(cells.Wrap("data policy: "+backend.Sanitize(pv.Policy), m.width), "\n")
	for i := range policyRows {
		l := ""
		if i < len(policy) {
			l = policy[i]
		}
		if i == policyRows-1 && len(policy) > policyRows {
			l = strings.Join(policy[i:], " ") // the rest, cut to the width
		}
		if i == 0 {
			l = s.Hint.Render("data policy:") + s.Status.Render(strings.TrimPrefix(l, "data policy:"))
		} else {
			l = s.Status.Render(l)
		}
		out = append(out, cells.Fit(l, m.width))
	}
	return strings.Join(out, "\n")
}

// publishedFor is, for an export, the published figures of the endpoint
// that served each OpenRouter result and OpenRouter's provider list, from
// what the session has read.
func (m Model) publishedFor(results []*backend.Result) (map[string]catalog.Endpoint, []catalog.ProviderInfo) {
	out := map[string]catalog.Endpoint{}
	var provs []catalog.ProviderInfo
	for _, r := range results {
		set, ok := m.or.published[r.Route.Model]
		if !livesOnOpenRouter(r.Route) || !ok || set.err != nil {
			continue
		}
		if provs == nil {
			provs = set.providers
		}
		if e, found := catalog.ServedEndpoint(set.endpoints, r.ServedBy); found {
			out[r.Route.Name] = e
		}
	}
	return out, provs
}
