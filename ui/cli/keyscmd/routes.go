package keyscmd

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/demo/simulated"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/spf13/cobra"
)

// NewRoutes builds `routeplay routes` on deps.
func NewRoutes(deps *cmdenv.Deps) *cobra.Command {
	stdio := deps.IO
	var asJSON, catalog bool
	var limit int
	var endpoints string
	cmd := &cobra.Command{
		Use:   "routes [--json] [--catalog [QUERY...] | --endpoints ROUTE]",
		Short: "List the routes with their key status, prices, context and fallbacks",
		Long: `List the configured routes (hidden fallback routes included): provider and model,
whether the route's key is set (environment or OS keyring), the catalog price per
million input/output tokens, the context window, reasoning support, OpenRouter
routing preferences in short form, the fallback chain, and parameters the model
or wire format will reject.

With no routes configured it lists the routes routeplay would use instead: one
per provider whose key is set, else the simulated demo routes. It says which.
Key values are never read for this listing beyond what "keys list" shows.

With --catalog it searches the model catalog instead: every model of every
provider routeplay knows, with prices, context and reasoning support. QUERY
words match fuzzily ("claude haiku", "gpt 4o"). With an OpenRouter key, its live
model list replaces the built-in OpenRouter entries; it is cached for a day in
$XDG_CACHE_HOME/routeplay and the built-in list is used when offline.

With --endpoints ROUTE (an OpenRouter route) it lists the providers OpenRouter
routes that model to, with the figures OpenRouter publishes (uptime, latency
and throughput over 30 minutes, quantization, price, parameters, implicit
caching, policy link) beside your own recorded runs per serving provider, and
how to pin one provider.`,
		Example: `  routeplay routes
  routeplay routes --json | jq '.routes[].key.status'
  routeplay routes --catalog claude haiku
  routeplay routes --endpoints or-gpt`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 && !catalog {
				return cmdenv.UsageError("routes takes no arguments (search the catalog with --catalog QUERY)")
			}
			ks, err := deps.KeyStore(keys.DefaultTimeout)
			if err != nil {
				return cmdenv.UsageError("%v", err)
			}
			if endpoints != "" && catalog {
				return cmdenv.UsageError("--endpoints and --catalog do not go together")
			}
			if endpoints != "" {
				return runEndpoints(cmd, deps, ks, endpoints, asJSON)
			}
			if catalog {
				return runCatalog(cmd.Context(), deps, ks, catalogQuery(args), limit, asJSON)
			}
			cfg, err := cmdenv.LoadConfig(deps, cmd)
			if err != nil {
				return err
			}
			listing := buildRouteListing(cmd.Context(), cfg, ks)
			fillFromLiveCatalog(cmd.Context(), deps, &listing, ks, cmdenv.RedactingWriter{W: stdio.Err, R: ks.Redactor()})
			out := cmdenv.RedactingWriter{W: stdio.Out, R: ks.Redactor()}
			if asJSON {
				if err := cmdenv.WriteJSON(out, listing); err != nil {
					return cmdenv.Failure(err)
				}
				return nil
			}
			writeRoutesText(out, listing)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the listing as JSON")
	cmd.Flags().BoolVar(&catalog, "catalog", false, "search the model catalog instead of listing routes")
	cmd.Flags().StringVar(&endpoints, "endpoints", "", "list the OpenRouter endpoints of this route's model beside your own runs")
	cmd.Flags().IntVar(&limit, "limit", defaultCatalogLimit, "with --catalog: show at most this many models (0: all)")
	return cmd
}

// Where a listing's routes came from.
const (
	routesFromConfig   = "config"
	routesFromDefaults = "defaults"
	routesFromDemo     = "demo"
)

// RouteListing is the `routes --json` document.
type RouteListing struct {
	Source string      `json:"source"` // config, defaults or demo
	Config *string     `json:"config"` // the config file, when one was read
	Routes []routeInfo `json:"routes"`
}

type routeInfo struct {
	Name            string                     `json:"name"`
	Provider        string                     `json:"provider"`
	Model           string                     `json:"model"`
	BaseURL         string                     `json:"base_url"`
	Hidden          bool                       `json:"hidden"`
	Simulated       bool                       `json:"simulated"`
	Key             keyStatus                  `json:"key"`
	Price           *routePrice                `json:"price_per_million"`
	ContextWindow   *int64                     `json:"context_window"`
	Reasoning       *bool                      `json:"reasoning"`
	ReasoningLevels []string                   `json:"reasoning_levels,omitempty"`
	OpenRouter      *backend.OpenRouterOptions `json:"openrouter,omitempty"`
	OpenRouterShort string                     `json:"openrouter_summary,omitempty"`
	Fallback        []string                   `json:"fallback"`
	FallbackOn      []string                   `json:"fallback_on"`
	Params          backend.Params             `json:"params"`
	Warnings        []string                   `json:"warnings"`
	Headers         []routeHeader              `json:"headers,omitempty"`
	Gateway         string                     `json:"gateway,omitempty"`
	Upstream        string                     `json:"upstream,omitempty"`
	// DataPolicy is what applies to data sent on this route, in one line.
	DataPolicy string `json:"data_policy"`
}

type keyStatus struct {
	Name   string `json:"name,omitempty"`
	Status string `json:"status"` // env, keyring, missing, unreadable, not_needed, simulated
	EnvVar string `json:"env_var,omitempty"`
}

type routePrice struct {
	Input  float64 `json:"input"`
	Output float64 `json:"output"`
	Source string  `json:"source"` // catalog, openrouter (its live list), config or demo
}

// listedRoutes picks what to list, as openSession would pick what to run.
func listedRoutes(ctx context.Context, cfg *config.Config, ks *keys.Store) ([]backend.Route, string) {
	if cfg != nil && len(cfg.Routes) > 0 {
		var rts []backend.Route
		for _, rc := range cfg.Routes {
			if rt, err := rc.Route(); err == nil {
				rts = append(rts, rt)
			}
		}
		return rts, routesFromConfig
	}
	have := cmdenv.AvailableKeys(ctx, ks)
	if rts := catalog.DefaultRoutes(func(name string) bool { return have[name] }); len(rts) > 0 {
		return rts, routesFromDefaults
	}
	return simulated.DemoRoutes(), routesFromDemo
}

func buildRouteListing(ctx context.Context, cfg *config.Config, ks *keys.Store) RouteListing {
	rts, source := listedRoutes(ctx, cfg, ks)
	l := RouteListing{Source: source, Routes: make([]routeInfo, 0, len(rts))}
	if cfg != nil {
		l.Config = &cfg.Path
	}
	var names []string
	for _, rt := range rts {
		if rt.KeyName != "" && !rt.Simulated {
			names = append(names, rt.KeyName)
		}
		names = append(names, headerKeyNames(rt)...)
	}
	infos := map[string]keys.KeyInfo{}
	if list, err := ks.List(ctx, names...); err == nil {
		for _, k := range list {
			infos[k.Name] = k
		}
	}
	for _, rt := range rts {
		l.Routes = append(l.Routes, describeRoute(rt, infos))
	}
	return l
}

func describeRoute(rt backend.Route, infos map[string]keys.KeyInfo) routeInfo {
	ri := routeInfo{Name: rt.Name, Provider: string(rt.Kind), Model: rt.Model, BaseURL: rt.BaseURL,
		Hidden: rt.Hidden, Simulated: rt.Simulated, Key: routeKeyStatus(rt, infos),
		OpenRouter: rt.OpenRouter, OpenRouterShort: config.DescribeOpenRouter(rt.OpenRouter),
		Fallback: nonNil(rt.Fallback), Params: rt.Params, Warnings: nonNil(config.CheckParams(rt)),
		Headers: describeHeaders(rt, infos), Gateway: rt.Gateway, DataPolicy: catalog.PolicyLine(rt, "", nil)}
	if rt.UpstreamKind != "" {
		ri.Upstream = string(rt.UpstreamKind) + ":" + rt.UpstreamModel
	}
	for _, k := range rt.FallbackOn {
		ri.FallbackOn = append(ri.FallbackOn, string(k))
	}
	if len(rt.Fallback) > 0 && len(ri.FallbackOn) == 0 {
		for _, k := range engine.DefaultFallbackOn {
			ri.FallbackOn = append(ri.FallbackOn, string(k))
		}
	}
	ri.FallbackOn = nonNil(ri.FallbackOn)
	if p, ok := backend.RoutePrice(rt, rt.Model); ok {
		src := "catalog"
		switch {
		case rt.Simulated:
			src = "demo" // the demo providers' own simulated price
		case rt.Price != nil:
			src = "config"
		}
		ri.Price = &routePrice{Input: p.Input, Output: p.Output, Source: src}
	}
	if e, ok := catalog.RouteEntry(rt); ok {
		reason := e.CanReason
		ri.Reasoning, ri.ReasoningLevels = &reason, e.ReasoningLevels
		if e.ContextWindow > 0 {
			cw := e.ContextWindow
			ri.ContextWindow = &cw
		}
	}
	return ri
}

func routeKeyStatus(rt backend.Route, infos map[string]keys.KeyInfo) keyStatus {
	switch {
	case rt.Simulated:
		return keyStatus{Status: "simulated"}
	case rt.KeyName == "":
		return keyStatus{Status: "not_needed"}
	}
	ks := keyStatus{Name: rt.KeyName, Status: keys.SourceMissing}
	if k, ok := infos[rt.KeyName]; ok {
		ks.Status, ks.EnvVar = k.Source, k.EnvVar
		if k.Err != nil {
			ks.Status = "unreadable"
		}
	}
	return ks
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeRoutesText(w io.Writer, l RouteListing) {
	switch l.Source {
	case routesFromConfig:
		fmt.Fprintf(w, "Routes in %s\n\n", clean(*l.Config))
	case routesFromDefaults:
		fmt.Fprintf(w, "No routes configured%s: these default routes run, one per provider with a key.\n\n", configNote(l))
	default:
		fmt.Fprintf(w, "No routes configured%s and no keys set: the simulated demo routes run.\n\n", configNote(l))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ROUTE\tPROVIDER\tMODEL\tKEY\t$/M IN\t$/M OUT\tCONTEXT\tREASONING")
	for _, r := range l.Routes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", clean(r.Name), clean(r.Provider), clean(r.Model),
			keyText(r.Key), priceText(r.Price, true), priceText(r.Price, false), contextText(r.ContextWindow), reasoningText(r.Reasoning))
	}
	tw.Flush()
	writeRouteNotes(w, l.Routes)
	writeMissingKeys(w, l.Routes)
}

func configNote(l RouteListing) string {
	if l.Config == nil {
		return " (no config file; \"routeplay init\" writes an example)"
	}
	return " in " + clean(*l.Config)
}

// writeRouteNotes prints what does not fit a column: parameters, OpenRouter
// preferences, fallbacks, hidden routes, parameter warnings.
func writeRouteNotes(w io.Writer, routes []routeInfo) {
	var notes []string
	for _, r := range routes {
		name := clean(r.Name)
		if short := config.DescribeParams(r.Params); short != "" {
			notes = append(notes, fmt.Sprintf("%s: params %s", name, clean(short)))
		}
		if r.OpenRouterShort != "" {
			notes = append(notes, fmt.Sprintf("%s: openrouter %s", name, clean(r.OpenRouterShort)))
		}
		if len(r.Fallback) > 0 {
			notes = append(notes, fmt.Sprintf("%s: falls back to %s on %s", name,
				clean(strings.Join(r.Fallback, " → ")), strings.Join(r.FallbackOn, ", ")))
		}
		if g := gatewayNote(r); g != "" {
			notes = append(notes, g)
		}
		if h := headersNote(r); h != "" {
			notes = append(notes, h)
		}
		notes = append(notes, fmt.Sprintf("%s: data policy %s", name, clean(r.DataPolicy)))
		if r.Hidden {
			notes = append(notes, fmt.Sprintf("%s: hidden (no pane; runs only as a fallback)", name))
		}
		if r.Price != nil && r.Price.Source == "config" {
			notes = append(notes, fmt.Sprintf("%s: price from the config, not the catalog", name))
		}
		for _, warn := range r.Warnings {
			notes = append(notes, "warning: "+clean(warn))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range notes {
			fmt.Fprintln(w, n)
		}
	}
}

func writeMissingKeys(w io.Writer, routes []routeInfo) {
	seen := map[string]bool{}
	var missing []string
	for _, r := range routes {
		if r.Key.Status == keys.SourceMissing && !seen[r.Key.Name] {
			seen[r.Key.Name] = true
			missing = append(missing, r.Key.Name)
		}
		for _, h := range r.Headers {
			if h.Key != nil && h.Key.Status == keys.SourceMissing && !seen[h.Key.Name] {
				seen[h.Key.Name] = true
				missing = append(missing, h.Key.Name)
			}
		}
	}
	if len(missing) == 0 {
		return
	}
	fmt.Fprintln(w)
	for _, name := range missing {
		fmt.Fprintf(w, "key %s is missing: routeplay keys set %s (or set %s)\n", clean(name), clean(name),
			strings.Join(keys.EnvVars(name), " or "))
	}
}

func clean(s string) string { return safetext.Sanitize(s) }

func keyText(k keyStatus) string {
	switch k.Status {
	case keys.SourceEnv:
		return "env " + k.EnvVar
	case "not_needed":
		return "not needed"
	case "simulated":
		return "simulated"
	}
	return clean(k.Status)
}

func priceText(p *routePrice, input bool) string {
	if p == nil {
		return "-"
	}
	v := p.Output
	if input {
		v = p.Input
	}
	if cents := v * 100; cents == float64(int64(cents)) {
		return strconv.FormatFloat(v, 'f', 2, 64) // "0.60", not "0.6"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func contextText(cw *int64) string {
	switch {
	case cw == nil:
		return "-"
	case *cw >= 1_000_000 && *cw%1_000_000 == 0:
		return fmt.Sprintf("%dM", *cw/1_000_000)
	case *cw >= 1000:
		return fmt.Sprintf("%dK", *cw/1000)
	}
	return strconv.FormatInt(*cw, 10)
}

func reasoningText(r *bool) string {
	switch {
	case r == nil:
		return "-"
	case *r:
		return "yes"
	}
	return "no"
}
