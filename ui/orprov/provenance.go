package orprov

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui/cells"
	"github.com/routeplay/routeplay/ui/compare"
	"github.com/routeplay/routeplay/ui/pane"
)

// FetchServed reads the endpoints of every live OpenRouter route whose
// last run named the provider that served, unless they were read (or
// tried) in the last FreshFor.
func (s *State) FetchServed(ctx context.Context, ks *keys.Store, panes []pane.Pane, now time.Time) []tea.Cmd {
	var cmds []tea.Cmd
	for i := range panes {
		p := &panes[i]
		t := p.Last()
		if !catalog.LiveOpenRouter(p.Route()) || t == nil || t.State() < pane.StateDone || t.Result().ServedBy == "" {
			continue
		}
		model := p.Route().Model
		if set, ok := s.published[model]; s.fetching[model] || ok && now.Sub(set.At) < FreshFor {
			continue
		}
		cmds = append(cmds, s.Fetch(ctx, ks, p.Route(), ""))
	}
	return cmds
}

// Of is what is known of where a pane's last run went.
func (s *State) Of(p *pane.Pane) compare.Provenance {
	pv := compare.Provenance{Route: p.Route().Name}
	if t := p.Last(); t != nil {
		pv.Served = t.Result().ServedBy
	}
	var provs []catalog.ProviderInfo
	if catalog.LiveOpenRouter(p.Route()) {
		set, ok := s.published[p.Route().Model]
		switch {
		case s.fetching[p.Route().Model] && !ok:
			pv.Note = "reading OpenRouter's endpoints…"
		case ok && set.Err != nil:
			pv.Note = "not read: " + set.Err.Error()
		case ok:
			provs = set.Providers
			if e, found := catalog.ServedEndpoint(set.Endpoints, pv.Served); found {
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

// All is what is known of every pane, for the compare view.
func (s *State) All(panes []pane.Pane) []compare.Provenance {
	all := make([]compare.Provenance, 0, len(panes))
	for i := range panes {
		all = append(all, s.Of(&panes[i]))
	}
	return all
}

// policyRows is the most rows the data policy wraps to under a zoomed pane.
const policyRows = 2

// DetailRows is how many rows a zoomed pane's details take: the data
// policy, and for an OpenRouter route the published and measured figures.
// None when the pane area, areaH rows, is too short to spare them.
func DetailRows(rt backend.Route, areaH int) int {
	n := policyRows
	if catalog.LiveOpenRouter(rt) {
		n += 2
	}
	if areaH-n < 8 {
		return 0
	}
	return n
}

// detailsKey is everything a zoomed pane's details depend on: they are
// drawn every frame, and change only with a run's end, a read of the
// endpoints, the route's data settings, the size or the theme.
type detailsKey struct {
	gen            uint64
	rows, width    int
	styles         *themes.Styles
	route, model   string
	kind           backend.Kind
	simulated, zdr bool
	dataCollection string
	res            *backend.Result
	served         string
	done           bool
}

type detailsCache struct {
	key  detailsKey
	text string
	ok   bool
}

// Details is a zoomed pane's details, one line each, cut to width. They
// are built again only when something they show changed.
func (s *State) Details(st *themes.Styles, p *pane.Pane, rows, width int) string {
	if rows == 0 {
		return ""
	}
	rt := p.Route()
	k := detailsKey{gen: s.gen, rows: rows, width: width, styles: st, route: rt.Name, model: rt.Model,
		kind: rt.Kind, simulated: rt.Simulated}
	k.dataCollection, k.zdr = catalog.OpenRouterDataSettings(rt)
	if t := p.Last(); t != nil {
		k.res, k.served, k.done = t.Result(), t.Result().ServedBy, t.State() >= pane.StateDone
	}
	if c := &s.details; !c.ok || c.key != k {
		*c = detailsCache{key: k, text: s.buildDetails(st, p, rows, width), ok: true}
	}
	return s.details.text
}

// buildDetails builds a zoomed pane's details.
func (s *State) buildDetails(st *themes.Styles, p *pane.Pane, rows, width int) string {
	pv := s.Of(p)
	line := func(label, text string) string {
		return cells.Fit(st.Hint.Render(label+": ")+st.Status.Render(safetext.Sanitize(text)), width)
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
	policy := strings.Split(cells.Wrap("data policy: "+safetext.Sanitize(pv.Policy), width), "\n")
	for i := range policyRows {
		l := ""
		if i < len(policy) {
			l = policy[i]
		}
		if i == policyRows-1 && len(policy) > policyRows {
			l = strings.Join(policy[i:], " ") // the rest, cut to the width
		}
		if i == 0 {
			l = st.Hint.Render("data policy:") + st.Status.Render(strings.TrimPrefix(l, "data policy:"))
		} else {
			l = st.Status.Render(l)
		}
		out = append(out, cells.Fit(l, width))
	}
	return strings.Join(out, "\n")
}

// ForExport is, for an export, the published figures of the endpoint that
// served each OpenRouter result and OpenRouter's provider list, from what
// the session has read.
func (s *State) ForExport(results []*backend.Result) (map[string]catalog.Endpoint, []catalog.ProviderInfo) {
	out := map[string]catalog.Endpoint{}
	var provs []catalog.ProviderInfo
	for _, r := range results {
		set, ok := s.published[r.Route.Model]
		if !catalog.LiveOpenRouter(r.Route) || !ok || set.Err != nil {
			continue
		}
		if provs == nil {
			provs = set.Providers
		}
		if e, found := catalog.ServedEndpoint(set.Endpoints, r.ServedBy); found {
			out[r.Route.Name] = e
		}
	}
	return out, provs
}
