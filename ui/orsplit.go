package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/ui/pane"
)

// maxSplitPanes caps the panes a split may leave in the playground: past
// it a pane is too narrow to read, and every prompt costs one call per pane.
const maxSplitPanes = 8

// splitRecord is what a split replaced, so the same key puts it back.
type splitRecord struct {
	pane  pane.Pane // the route's pane as it was, with its turns
	at    int       // where it stood
	names []string  // the provider routes put in its place
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
	case m.splitOf(p.Route().Name) != "":
		m.unsplit(m.splitOf(p.Route().Name))
		return m.armFrame(), true
	case p.Route().Simulated && p.Route().Kind == backend.KindOpenRouter:
		m.status = p.Name() + " is simulated: a split reads OpenRouter's live list of providers. Add a key (ctrl+k) and an OpenRouter route (ctrl+p) to split one."
		return nil, true
	case !livesOnOpenRouter(p.Route()):
		m.status = p.Name() + " is not a live OpenRouter route: only OpenRouter routes split by provider."
		return nil, true
	case m.anyStreaming():
		m.status = "A turn is running: split when it ends (esc cancels it)."
		return nil, true
	case m.or.fetching[p.Route().Model]: // read for the details: split when they are in
		m.or.splitAfter[p.Route().Model] = p.Route().Name
		m.status = "Reading the providers of " + p.Model() + " from OpenRouter…"
		return nil, true
	}
	if set, ok := m.or.fresh(p.Route().Model, m.clock()); ok {
		m.finishSplit(p.Route().Name, endpointsMsg{Model: p.Route().Model, Endpoints: set.endpoints, Providers: set.providers})
		return m.armFrame(), true
	}
	m.or.fetching[p.Route().Model] = true
	m.status = "Reading the providers of " + p.Model() + " from OpenRouter…"
	return fetchEndpoints(m.ctx, m.opts.Keys, m.or.client, p.Route(), p.Route().Name), true
}

// splitOf names the split route name belongs to, as one of its provider
// routes; "" when it belongs to none.
func (m *Model) splitOf(name string) string {
	for orig, rec := range m.or.splits {
		if slices.Contains(rec.names, name) {
			return orig
		}
	}
	return ""
}

// finishSplit replaces the named route's pane by one pane per provider.
// Nothing is saved: the picker's or the settings' save writes them.
func (m *Model) finishSplit(name string, msg endpointsMsg) {
	i, ok := m.index[name]
	switch {
	case !ok:
		m.status = "Not split: " + backend.Sanitize(name) + " is no longer in this session."
		return
	case msg.Err != nil:
		m.status = "Not split: " + backend.Sanitize(msg.Err.Error())
		return
	case m.panes[i].Streaming():
		m.status = "A turn is running: split when it ends (esc cancels it)."
		return
	}
	orig := m.panes[i]
	var routes []backend.Route
	for _, rt := range catalog.SplitByProvider(orig.Route(), msg.Endpoints, msg.Providers) {
		if _, taken := m.index[rt.Name]; !taken {
			routes = append(routes, rt)
		}
	}
	room := maxSplitPanes - (len(m.panes) - 1)
	switch {
	case len(routes) == 0:
		m.status = "Not split: OpenRouter lists no provider for " + orig.Model() + "."
		return
	case room < 2:
		m.status = fmt.Sprintf("Not split: at most %d panes; ctrl+p drops some routes first.", maxSplitPanes)
		return
	}
	left := max(0, len(routes)-room)
	routes = routes[:len(routes)-left]
	rec := splitRecord{pane: orig, at: i}
	added := make([]pane.Pane, 0, len(routes))
	for _, rt := range routes {
		hint := ""
		if m.opts.KeyHint != nil {
			hint = m.opts.KeyHint(rt)
		}
		added = append(added, m.newPane(rt, hint))
		rec.names = append(rec.names, rt.Name)
	}
	m.panes = slices.Concat(m.panes[:i:i], added, m.panes[i+1:])
	m.or.splits[name] = rec
	m.reindex(i)
	m.status = splitStatus(orig.Name(), len(added), left)
	if warn := catalog.SplitWarnings(orig.Route(), msg.Endpoints); len(warn) > 0 {
		m.screens.showNotice(backend.Sanitize("Split " + orig.Name() + ": some providers may not get the same request\n\n" +
			strings.Join(warn, "\n") + "\n\nwhich " + orig.Name() + " sends. OpenRouter may drop a parameter a provider " +
			"does not list, so that provider's figures would measure another request."))
	}
}

func splitStatus(name string, added, left int) string {
	s := fmt.Sprintf("Split %s into %s", name, figure.CountOf(added, "provider route", "provider routes"))
	if left > 0 {
		s += fmt.Sprintf(" (%s left out: at most %d panes)", figure.Count(left, "provider"), maxSplitPanes)
	}
	return s + ", pinned, no fallbacks. alt+p on one puts it back; saved only if you save."
}

// unsplit drops a split's provider routes and puts the route back where it stood.
func (m *Model) unsplit(orig string) {
	rec := m.or.splits[orig]
	delete(m.or.splits, orig)
	kept := m.panes[:0:0]
	for i := range m.panes {
		if slices.Contains(rec.names, m.panes[i].Route().Name) {
			m.panes[i].Cancel()
			continue
		}
		kept = append(kept, m.panes[i])
	}
	at := min(rec.at, len(kept))
	if _, taken := m.index[orig]; !taken { // a route of that name added since stays
		rec.pane.Invalidate()
		kept = slices.Insert(kept, at, rec.pane)
	}
	m.panes = kept
	m.reindex(at)
	m.status = fmt.Sprintf("%s is back; its %s are dropped.", rec.pane.Name(),
		figure.CountOf(len(rec.names), "provider route", "provider routes"))
}

// reindex rebuilds the name index after panes moved and focuses pane focus.
func (m *Model) reindex(focus int) {
	clear(m.index)
	for j := range m.panes {
		m.index[m.panes[j].Route().Name] = j
	}
	m.focus = min(max(focus, 0), max(0, len(m.panes)-1))
	m.zoomed = m.zoomed && len(m.panes) > 1
	m.afterRouteChange()
}
