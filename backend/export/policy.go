package export

import (
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
)

// RoutePolicy is one route's data policy line in a JSON report.
type RoutePolicy struct {
	Route  string `json:"route"`
	Policy string `json:"policy"`
}

// PublishedEndpoint is, in a JSON report, what OpenRouter published of
// the endpoint that served a route, labelled apart from what was measured.
type PublishedEndpoint struct {
	Route    string           `json:"route"`
	ServedBy string           `json:"served_by"`
	Source   string           `json:"source"`
	Endpoint catalog.Endpoint `json:"endpoint"`
}

// dataPolicies is one policy line per route. served names the provider
// that served each route, when known; providers gives its policy link.
func dataPolicies(routes []backend.Route, served map[string]string, providers []catalog.ProviderInfo) []RoutePolicy {
	out := make([]RoutePolicy, 0, len(routes))
	for _, rt := range routes {
		out = append(out, RoutePolicy{Route: rt.Name, Policy: catalog.PolicyLine(rt, served[rt.Name], providers)})
	}
	return out
}

// writeDataPolicy lists, one line per route, what applies to the data sent on it.
func writeDataPolicy(b *strings.Builder, policies []RoutePolicy) {
	if len(policies) == 0 {
		return
	}
	b.WriteString("\n## Data policy\n\n")
	for _, p := range policies {
		b.WriteString("- **" + MarkdownCell(p.Route) + "**: " + MarkdownCell(p.Policy) + "\n")
	}
}

// publishedOf pairs each result with the published figures of the
// endpoint that served it, in result order; routes without any are left out.
func publishedOf(results []*backend.Result, published map[string]catalog.Endpoint) []PublishedEndpoint {
	var out []PublishedEndpoint
	for _, r := range results {
		if e, ok := published[r.Route.Name]; ok && r.ServedBy != "" {
			out = append(out, PublishedEndpoint{Route: r.Route.Name, ServedBy: r.ServedBy, Source: catalog.PublishedLabel, Endpoint: e})
		}
	}
	return out
}

// writePublished lists, per OpenRouter route, the serving endpoint's
// published figures and this run's measured ones, each labelled.
func writePublished(b *strings.Builder, results []*backend.Result, published map[string]catalog.Endpoint) {
	eps := publishedOf(results, published)
	if len(eps) == 0 {
		return
	}
	b.WriteString("\n## Endpoints that served\n\n")
	for i, p := range eps {
		line := "- **" + MarkdownCell(p.Route) + "** served by " + MarkdownCell(p.ServedBy)
		if figs := catalog.PublishedFigures(p.Endpoint); len(figs) > 0 {
			line += "; " + catalog.PublishedLabel + ": " + MarkdownCell(strings.Join(figs, " · "))
		}
		for _, r := range results {
			if r.Route.Name == eps[i].Route {
				if mine := catalog.MeasuredFigures(r); len(mine) > 0 {
					line += "; " + catalog.MeasuredLabel + ": " + MarkdownCell(strings.Join(mine, " · "))
				}
			}
		}
		b.WriteString(line + "\n")
	}
}

// servedByRoute maps each result's route to the provider that served it.
func servedByRoute(results []*backend.Result) map[string]string {
	out := map[string]string{}
	for _, r := range results {
		if r != nil && r.ServedBy != "" {
			out[r.Route.Name] = r.ServedBy
		}
	}
	return out
}
