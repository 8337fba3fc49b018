package compare

import (
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cells"
)

// Provenance is where a route's latest run went and what applies to its
// data: the provider that served it, that endpoint's figures as OpenRouter
// publishes them, and the data policy. Published figures stay apart from
// measured ones and carry catalog.PublishedLabel wherever they are shown.
type Provenance struct {
	Route     string
	Served    string   // the provider that served; "" when not known
	Published []string // catalog.PublishedFigures of the serving endpoint; nil: none
	// Note says why there are no published figures of an OpenRouter
	// route ("reading OpenRouter's endpoints…", an error); "" for others.
	Note   string
	Policy string // catalog.PolicyLine
}

// SetProvenance replaces what the view knows of the routes' endpoints and
// data policy.
func (m *Model) SetProvenance(p []Provenance) {
	m.provenance = p
	m.rerender()
}

// provenanceLines is the "Endpoints and data policy" section of a turn:
// per route, what OpenRouter publishes of the endpoint that served next to
// what this run measured, and the data policy.
func (m Model) provenanceLines(t turnRecord) []string {
	s := m.styles
	var out []string
	for _, r := range t.results {
		p, ok := m.provenanceOf(r.Route.Name)
		if !ok {
			continue
		}
		head := s.value.Render(safetext.Sanitize(r.Route.Name))
		if p.Served != "" {
			head += s.label.Render(" · served by ") + s.value.Render(safetext.Sanitize(p.Served))
		}
		out = append(out, head)
		if len(p.Published) > 0 {
			out = append(out, m.labelled(catalog.PublishedLabel, strings.Join(p.Published, " · "))...)
		} else if p.Note != "" {
			out = append(out, m.labelled(catalog.PublishedLabel, p.Note)...)
		}
		if r.Route.Kind == backend.KindOpenRouter || len(p.Published) > 0 {
			if mine := catalog.MeasuredFigures(r); len(mine) > 0 {
				out = append(out, m.labelled(catalog.MeasuredLabel, strings.Join(mine, " · "))...)
			}
		}
		out = append(out, m.labelled("data policy", p.Policy)...)
	}
	return out
}

func (m Model) provenanceOf(route string) (Provenance, bool) {
	for _, p := range m.provenance {
		if p.Route == route {
			return p, true
		}
	}
	return Provenance{}, false
}

// labelled is "  label: text" wrapped to the view's width, text cleaned.
func (m Model) labelled(label, text string) []string {
	s := m.styles
	lines := strings.Split(cells.Wrap("  "+label+": "+safetext.Sanitize(text), m.width-4), "\n")
	for i, l := range lines {
		if i == 0 {
			lines[i] = s.label.Render("  "+label+":") + s.value.Render(strings.TrimPrefix(l, "  "+label+":"))
			continue
		}
		lines[i] = s.value.Render("    " + l)
	}
	return lines
}
