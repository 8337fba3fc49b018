package keyscmd

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/backend/stats"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/spf13/cobra"
)

// measuredWindow is how far back `routes --endpoints` reads your own runs.
const measuredWindow = 30 * 24 * time.Hour

// EndpointsListing is the `routes --endpoints ROUTE --json` document.
type EndpointsListing struct {
	Route      string          `json:"route"`
	Model      string          `json:"model"`
	DataPolicy string          `json:"data_policy"`
	Endpoints  []endpointEntry `json:"endpoints"`
	// Unmatched are your runs served by a provider the list does not name.
	Unmatched []measured `json:"unmatched"`
	PinHint   string     `json:"pin_hint"`
	Notes     []string   `json:"notes"`
}

type endpointEntry struct {
	catalog.Endpoint
	PolicyLink string   `json:"policy_link,omitempty"`
	Measured   measured `json:"measured"`
	// Unsupported are parameters the route sends that this endpoint does
	// not list: OpenRouter may drop them, or skip the endpoint with
	// require_parameters.
	Unsupported []string `json:"unsupported_parameters"`
}

// measured is what you recorded for a route per serving provider over
// measuredWindow: successful runs only; nil figures were never measured.
type measured struct {
	ServedBy        string   `json:"served_by,omitempty"`
	Runs            int      `json:"runs"`
	FirstTokenP50Ms *float64 `json:"first_token_p50_ms"`
	TokensPerSP50   *float64 `json:"tokens_per_s_p50"`
}

func runEndpoints(cmd *cobra.Command, deps *cmdenv.Deps, ks *keys.Store, name string, asJSON bool) error {
	stdio := deps.IO
	ctx := cmd.Context()
	cfg, err := cmdenv.LoadConfig(deps, cmd)
	if err != nil {
		return err
	}
	rts, _ := listedRoutes(ctx, cfg, ks)
	var rt *backend.Route
	for i := range rts {
		if rts[i].Name == name {
			rt = &rts[i]
		}
	}
	switch {
	case rt == nil:
		return cmdenv.UsageError("no route named %q (see \"routeplay routes\")", clean(name))
	case !catalog.LiveOpenRouter(*rt):
		return cmdenv.UsageError("route %q is not a live OpenRouter route: only OpenRouter publishes its endpoints", clean(name))
	}
	l, err := buildEndpoints(ctx, deps, ks, *rt)
	if err != nil {
		return cmdenv.Failure(err)
	}
	out := cmdenv.RedactingWriter{W: stdio.Out, R: ks.Redactor()}
	if asJSON {
		if err := cmdenv.WriteJSON(out, l); err != nil {
			return cmdenv.IOFailure(err)
		}
		return nil
	}
	writeEndpointsText(out, l)
	return nil
}

func buildEndpoints(ctx context.Context, deps *cmdenv.Deps, ks *keys.Store, rt backend.Route) (EndpointsListing, error) {
	key, _, err := ks.Key(ctx, rt.KeyName)
	if err != nil {
		key = "" // the endpoints list is public; a key only helps with rate limits
	}
	client := deps.Client(catalog.EndpointsTimeout)
	eps, provs, err, provErr := catalog.ReadEndpoints(ctx, client, rt, key)
	if err != nil {
		return EndpointsListing{}, err
	}
	l := EndpointsListing{Route: rt.Name, Model: rt.Model, Endpoints: []endpointEntry{}, Unmatched: []measured{}, Notes: []string{}}
	if provErr != nil {
		l.Notes = append(l.Notes, "no policy links: "+provErr.Error())
	}
	mine, err := measuredByProvider(ctx, deps, rt.Name)
	if err != nil {
		l.Notes = append(l.Notes, "no measurements: "+clean(err.Error()))
	}
	mostServed, mostRuns := "", 0
	for _, m := range mine {
		if m.Runs > mostRuns || (m.Runs == mostRuns && m.ServedBy < mostServed) {
			mostServed, mostRuns = m.ServedBy, m.Runs
		}
	}
	for _, e := range eps {
		ee := endpointEntry{Endpoint: e, Measured: measured{ServedBy: e.Provider}, Unsupported: nonNil(e.Unsupported(rt))}
		if p, ok := catalog.ProviderByName(provs, e.Provider); ok {
			ee.PolicyLink = p.Privacy
		}
		for k, m := range mine {
			if strings.EqualFold(k, e.Provider) {
				ee.Measured = m
				delete(mine, k)
			}
		}
		l.Endpoints = append(l.Endpoints, ee)
	}
	for _, m := range mine {
		l.Unmatched = append(l.Unmatched, m)
	}
	slices.SortFunc(l.Unmatched, func(a, b measured) int { return strings.Compare(a.ServedBy, b.ServedBy) })
	// The policy line names the provider that served most of your runs.
	l.DataPolicy = catalog.PolicyLine(rt, mostServed, provs)
	if len(l.Endpoints) > 0 {
		p := l.Endpoints[0].Provider
		l.PinHint = fmt.Sprintf(`pin one provider in the route's config: [routes.openrouter] provider = { order = ["%s"], allow_fallbacks = false } (or only = ["%s"])`, p, p)
	}
	return l, nil
}

// measuredByProvider groups the route's successful recent runs by the
// provider that served them.
func measuredByProvider(ctx context.Context, deps *cmdenv.Deps, route string) (map[string]measured, error) {
	db, err := deps.OpenHistory(ctx)
	if err != nil {
		return map[string]measured{}, err
	}
	defer db.Close()
	runs, err := db.Runs(ctx, history.Filter{Route: route, Since: deps.Now().Add(-measuredWindow), Limit: 5000})
	if err != nil {
		return map[string]measured{}, err
	}
	firsts, rates := map[string][]float64{}, map[string][]float64{}
	out := map[string]measured{}
	for _, r := range runs {
		rep := r.Report
		if rep.Error != nil || rep.ServedBy == nil || *rep.ServedBy == "" {
			continue
		}
		by := clean(*rep.ServedBy)
		m := out[by]
		m.ServedBy, m.Runs = by, m.Runs+1
		out[by] = m
		if rep.TimingMs.FirstToken != nil {
			firsts[by] = append(firsts[by], *rep.TimingMs.FirstToken)
		}
		if rep.TokensPerS != nil {
			rates[by] = append(rates[by], *rep.TokensPerS)
		}
	}
	for by, m := range out {
		m.FirstTokenP50Ms, m.TokensPerSP50 = median(firsts[by]), median(rates[by])
		out[by] = m
	}
	return out, nil
}

func median(xs []float64) *float64 {
	s, ok := stats.Summarize(xs)
	if !ok {
		return nil
	}
	return &s.P50
}

func writeEndpointsText(w io.Writer, l EndpointsListing) {
	fmt.Fprintf(w, "OpenRouter endpoints of %s (route %s): published figures over 30 min, yours over %d days\n\n",
		clean(l.Model), clean(l.Route), int(measuredWindow/(24*time.Hour)))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVIDER\tQUANT\tCONTEXT\t$/M IN\t$/M OUT\tUP 30M\tUP 1D\tLATENCY P50\tP90\tTOK/S P50\t│ YOUR RUNS\tFIRST TOKEN P50\tTOK/S P50")
	for _, e := range l.Endpoints {
		var price *routePrice
		if e.Price != nil {
			price = &routePrice{Input: e.Price.Input, Output: e.Price.Output}
		}
		in, outP := priceText(price, true), priceText(price, false)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t│ %d\t%s\t%s\n", clean(e.Provider), orNA(clean(e.Quantization)),
			contextOf(e.ContextLength), in, outP, uptimeText(e.Uptime30m), uptimeText(e.Uptime1d), figure.MsPtr(e.LatencyMs.P50),
			figure.MsPtr(e.LatencyMs.P90), rate(e.TokensPerSecond.P50), e.Measured.Runs,
			figure.MsPtr(e.Measured.FirstTokenP50Ms), rate(e.Measured.TokensPerSP50))
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, e := range l.Endpoints {
		caching := "unknown"
		if e.ImplicitCaching != nil {
			caching = map[bool]string{true: "yes", false: "no"}[*e.ImplicitCaching]
		}
		fmt.Fprintf(w, "%s: implicit caching %s; parameters %s; policy %s\n", clean(e.Provider), caching,
			orNA(clean(strings.Join(e.SupportedParameters, ", "))), orNA(e.PolicyLink))
		if len(e.Unsupported) > 0 {
			fmt.Fprintf(w, "warning: %s does not list %s, which route %s sends\n", clean(e.Provider),
				strings.Join(e.Unsupported, ", "), clean(l.Route))
		}
	}
	for _, m := range l.Unmatched {
		fmt.Fprintf(w, "served by %s (not in the list): %s, first token p50 %s\n", clean(m.ServedBy),
			figure.Count(m.Runs, "run"), figure.MsPtr(m.FirstTokenP50Ms))
	}
	fmt.Fprintln(w, "data policy: "+clean(l.DataPolicy))
	if l.PinHint != "" {
		fmt.Fprintln(w, clean(l.PinHint))
	}
	for _, n := range l.Notes {
		fmt.Fprintln(w, "note: "+clean(n))
	}
}

func orNA(s string) string {
	if s == "" {
		return "n/a"
	}
	return s
}

func uptimeText(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return figure.Percent(*v)
}

func rate(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return figure.PerSecond(*v, false)
}

func contextOf(n int64) string {
	if n <= 0 {
		return "n/a"
	}
	return contextText(&n)
}
