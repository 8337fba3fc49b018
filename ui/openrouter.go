package ui

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/compare"
	"github.com/routeplay/routeplay/ui/orprov"
	"github.com/routeplay/routeplay/ui/pane"
)

// The wiring of ui/orprov: which message and key reach it, and what the
// panes become after a split.

// onEndpoints keeps a fetch and, when it was asked for a split, splits.
func (m *Model) onEndpoints(msg orprov.EndpointsMsg) tea.Cmd {
	split := m.or.Keep(msg, m.clock())
	m.syncProvenance()
	if split != "" {
		m.finishSplit(split, msg)
	}
	return m.armFrame()
}

// afterTurn, once every route has answered, reads the endpoints of the
// OpenRouter routes that served and hands the compare view each route's
// data policy, once: the view renders its whole content for it.
func (m *Model) afterTurn(wasStreaming bool) tea.Cmd {
	if !wasStreaming || m.anyStreaming() {
		return nil
	}
	cmds := m.or.FetchServed(m.ctx, m.opts.Keys, m.panes, m.clock())
	m.syncProvenance()
	return tea.Batch(cmds...)
}

// syncProvenance hands the compare view what is known of every route.
func (m *Model) syncProvenance() {
	all := m.or.All(m.panes)
	m.compareView = edited(m.compareView, func(c *compare.Model) { c.SetProvenance(all) })
}

// detailRows is how many rows the zoomed pane's details take in an area areaH high.
func (m Model) detailRows(areaH int) int {
	if m.focus >= len(m.panes) {
		return 0
	}
	return orprov.DetailRows(m.panes[m.focus].Route(), areaH)
}

// onSplitKey splits the focused OpenRouter route into one route per
// provider, or, on a route a split made, puts the original route back.
func (m *Model) onSplitKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if !key.Matches(msg, m.keys.Split) {
		return nil, false
	}
	p := m.focused()
	switch {
	case p == nil:
		m.status = "No route to split: ctrl+p adds one."
		return nil, true
	case m.or.SplitOf(p.Route().Name) != "":
		m.unsplit(m.or.SplitOf(p.Route().Name))
		return m.armFrame(), true
	case p.Route().Simulated && p.Route().Kind == backend.KindOpenRouter:
		m.status = p.Name() + " is simulated: a split reads OpenRouter's live list of providers. Add a key (ctrl+k) and an OpenRouter route (ctrl+p) to split one."
		return nil, true
	case !catalog.LiveOpenRouter(p.Route()):
		m.status = p.Name() + " is not a live OpenRouter route: only OpenRouter routes split by provider."
		return nil, true
	case m.anyStreaming():
		m.status = "A turn is running: split when it ends (esc cancels it)."
		return nil, true
	case m.or.Fetching(p.Route().Model): // read for the details: split when they are in
		m.or.SplitAfter(p.Route())
		m.status = "Reading the providers of " + p.Model() + " from OpenRouter…"
		return nil, true
	}
	if set, ok := m.or.Fresh(p.Route().Model, m.clock()); ok {
		m.finishSplit(p.Route().Name, orprov.EndpointsMsg{Model: p.Route().Model, Endpoints: set.Endpoints, Providers: set.Providers})
		return m.armFrame(), true
	}
	m.status = "Reading the providers of " + p.Model() + " from OpenRouter…"
	return m.or.Fetch(m.ctx, m.opts.Keys, p.Route(), p.Route().Name), true
}

// finishSplit replaces the named route's pane by one pane per provider.
// Nothing is saved: the picker's or the settings' save writes them.
func (m *Model) finishSplit(name string, msg orprov.EndpointsMsg) {
	i, ok := m.index[name]
	switch {
	case !ok:
		m.status = "Not split: " + safetext.Sanitize(name) + " is no longer in this session."
		return
	case msg.Err != nil:
		m.status = "Not split: " + safetext.Sanitize(msg.Err.Error())
		return
	case m.panes[i].Streaming():
		m.status = "A turn is running: split when it ends (esc cancels it)."
		return
	}
	orig := m.panes[i]
	taken := func(n string) bool { _, t := m.index[n]; return t }
	routes, left, why := orprov.SplitRoutes(orig.Route(), orig.Model(), msg, taken, len(m.panes)-1)
	if why != "" {
		m.status = why
		return
	}
	sp := orprov.Split{Pane: orig, At: i}
	added := make([]pane.Pane, 0, len(routes))
	for _, rt := range routes {
		added = append(added, m.newPane(rt))
		sp.Names = append(sp.Names, rt.Name)
	}
	m.panes = slices.Concat(m.panes[:i:i], added, m.panes[i+1:])
	m.or.Record(name, sp)
	m.reindex(i)
	m.status = orprov.SplitStatus(orig.Name(), len(added), left)
	if notice := orprov.SplitNotice(orig.Route(), orig.Name(), msg); notice != "" {
		m.screens.showNotice(notice)
	}
}

// unsplit drops a split's provider routes and puts the route back where it stood.
func (m *Model) unsplit(orig string) {
	sp := m.or.Take(orig)
	kept := m.panes[:0:0]
	for i := range m.panes {
		if slices.Contains(sp.Names, m.panes[i].Route().Name) {
			m.panes[i].Cancel()
			continue
		}
		kept = append(kept, m.panes[i])
	}
	at := min(sp.At, len(kept))
	if _, taken := m.index[orig]; !taken { // a route of that name added since stays
		sp.Pane.Invalidate()
		kept = slices.Insert(kept, at, sp.Pane)
	}
	m.panes = kept
	m.reindex(at)
	m.status = fmt.Sprintf("%s is back; its %s are dropped.", sp.Pane.Name(),
		figure.CountOf(len(sp.Names), "provider route", "provider routes"))
}
