package history

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/preset"
	"github.com/routeplay/routeplay/backend/stats"
	"github.com/routeplay/routeplay/backend/verdict"
)

// RouteStats summarises one route's runs over a period. A route is a name
// with the model it ran and the settings it ran with: a name that pointed at
// another model, or ran with other settings, is another row, so runs made
// with sort=price are never averaged with runs made with sort=latency.
type RouteStats struct {
	Route     string `json:"route"`
	Provider  string `json:"provider"`
	Model     string `json:"model"`
	Simulated bool   `json:"simulated"`
	// Settings are the route's parameters and OpenRouter preferences in
	// short form; empty for its provider's defaults (and runs recorded
	// before settings were kept).
	Settings string `json:"settings"`
	Runs     int    `json:"runs"`
	// Errors counts failed runs; runs the user canceled, and runs that never
	// reached the provider (no key), are neither errors nor successes, and
	// are left out of ErrorRate.
	Errors    int     `json:"errors"`
	Canceled  int     `json:"canceled"`
	NoKey     int     `json:"no_key"`
	ErrorRate float64 `json:"error_rate"`
	// FirstTokenMs and TokensPerS summarise the runs that measured them; nil when none did.
	FirstTokenMs *stats.Summary `json:"first_token_ms"`
	TokensPerS   *stats.Summary `json:"tokens_per_s"`
	// CostUSD is the sum of the recorded costs over CostedRuns runs; null
	// when no run has a known cost (unknown stays unknown, never $0).
	CostUSD    *float64 `json:"cost_usd"`
	CostedRuns int      `json:"costed_runs"`
	// firstTokens are the samples behind FirstTokenMs, for the pairs' verdicts.
	firstTokens []float64
}

// PairStats is what the OpenRouter route of a pair adds (positive) or saves
// (negative) over the period against its direct route to the same model.
// A route that ran with several settings pairs once per settings, each
// combination named by both sides' settings.
type PairStats struct {
	Gateway         string `json:"gateway"`
	GatewaySettings string `json:"gateway_settings"`
	Direct          string `json:"direct"`
	DirectSettings  string `json:"direct_settings"`
	Model           string `json:"model"`
	// Differences of the two routes' figures, gateway minus direct; nil
	// when either route lacks the figure.
	FirstTokenP50Ms *float64 `json:"first_token_p50_ms"`
	FirstTokenP95Ms *float64 `json:"first_token_p95_ms"`
	TokensPerSP50   *float64 `json:"tokens_per_s_p50"`
	ErrorRate       float64  `json:"error_rate"`
	// MeanCostUSD compares the mean recorded cost per costed run.
	MeanCostUSD *float64 `json:"mean_cost_usd"`
	// FirstTokenCI95 is the 95% bootstrap interval of FirstTokenP50Ms,
	// null below verdict.MinRuns successful runs a side; Verdict judges it
	// (gateway as a, direct as b).
	FirstTokenCI95 *[2]float64        `json:"first_token_ci95"`
	Verdict        verdict.Outcome    `json:"verdict"`
	FirstToken     verdict.Difference `json:"-"`
}

// Stats is the summary of a period.
type Stats struct {
	Runs   int          `json:"runs"`
	Routes []RouteStats `json:"routes"`
	Pairs  []PairStats  `json:"pairs"`
}

// statsQuery aggregates in SQLite, one row per route and settings, so a
// large period costs one pass over the runs_stats index and no per-run
// round trips. Canceled runs and runs without a key count as runs only;
// failed runs add no timings. A cost outside 0..backend.MaxReportedCostUSD
// (recorded before provider costs were checked) is left out: one 1e308 would
// make every sum +Inf.
var statsQuery = `SELECT route, kind, model, simulated, settings, count(*),
	count(*) FILTER (WHERE error_kind = 'canceled'),
	count(*) FILTER (WHERE error_kind = 'no_key'),
	count(*) FILTER (WHERE error_kind IS NOT NULL AND error_kind NOT IN ('canceled', 'no_key')),
	sum(cost_usd) FILTER (WHERE error_kind IS NOT 'canceled' AND ` + believableCost + `),
	count(cost_usd) FILTER (WHERE error_kind IS NOT 'canceled' AND ` + believableCost + `),
	coalesce(group_concat(first_token_ms) FILTER (WHERE error_kind IS NULL), ''),
	coalesce(group_concat(tokens_per_s) FILTER (WHERE error_kind IS NULL), '')
	FROM runs r INDEXED BY runs_stats`

// believableCost is backend.ValidCost in SQL, with the same bound.
var believableCost = "cost_usd BETWEEN 0 AND " + strconv.Itoa(backend.MaxReportedCostUSD)

// statsGroup follows runs_stats' leading columns, so the groups come off the
// index in order and need no sort; statsOrder then sorts the few groups by
// name and model, settings last (none first).
const (
	statsGroup = ` GROUP BY route, kind, model, simulated, settings`
	statsOrder = ` ORDER BY route, model, kind, simulated, settings`
)

// Stats summarises the runs the filter selects, per route. It reads only the
// runs_stats index, never the answers, so it stays fast on a large history.
func (db *DB) Stats(ctx context.Context, f Filter) (Stats, error) {
	where, args := f.where()
	rows, err := db.sql.QueryContext(ctx, statsQuery+where+statsGroup+statsOrder, args...)
	if err != nil {
		return Stats{}, classify(db.path, "reading runs", err)
	}
	defer rows.Close()
	var st Stats
	for rows.Next() {
		var rs RouteStats
		var firstTokens, tps string
		var cost sql.NullFloat64
		if err := rows.Scan(&rs.Route, &rs.Provider, &rs.Model, &rs.Simulated, &rs.Settings, &rs.Runs, &rs.Canceled,
			&rs.NoKey, &rs.Errors, &cost, &rs.CostedRuns, &firstTokens, &tps); err != nil {
			return Stats{}, classify(db.path, "reading runs", err)
		}
		rs.CostUSD = num(cost)
		if err := rs.summarise(firstTokens, tps); err != nil {
			return Stats{}, classify(db.path, "reading runs", err)
		}
		st.Runs += rs.Runs
		st.Routes = append(st.Routes, rs)
	}
	if err := rows.Err(); err != nil {
		return Stats{}, classify(db.path, "reading runs", err)
	}
	st.Pairs = pairStats(st.Routes)
	return st, nil
}

// summarise fills the rates and summaries from the comma-separated samples.
func (rs *RouteStats) summarise(firstTokens, tps string) error {
	if n := rs.Runs - rs.Canceled - rs.NoKey; n > 0 {
		rs.ErrorRate = float64(rs.Errors) / float64(n)
	}
	var err error
	if rs.firstTokens, err = parseFloats(firstTokens); err != nil {
		return err
	}
	rates, err := parseFloats(tps)
	if err != nil {
		return err
	}
	rs.FirstTokenMs, rs.TokensPerS = summary(rs.firstTokens), summary(rates)
	return nil
}

// summary is stats.Summarize as a pointer: nil for no samples.
func summary(xs []float64) *stats.Summary {
	if s, ok := stats.Summarize(xs); ok {
		return &s
	}
	return nil
}

func parseFloats(list string) ([]float64, error) {
	if list == "" {
		return nil, nil
	}
	xs := make([]float64, 0, strings.Count(list, ",")+1)
	for len(list) > 0 {
		item, rest, _ := strings.Cut(list, ",")
		v, err := strconv.ParseFloat(item, 64)
		if err != nil {
			return nil, fmt.Errorf("stored sample %q: %w", item, err)
		}
		xs, list = append(xs, v), rest
	}
	return xs, nil
}

// pairStats pairs gateway routes (OpenRouter, Portkey, ...) with direct routes to the same model,
// the way the live compare view does (backend.PairRoutes). Rows, not names,
// are paired: each settings of the gateway meets each settings of the
// direct route, since which of them should be compared is the user's
// question, not one this can answer.
func pairStats(routes []RouteStats) []PairStats {
	rts := make([]backend.Route, len(routes))
	for i, rs := range routes {
		rts[i] = backend.Route{Name: rs.Route, Kind: backend.Kind(rs.Provider), Model: rs.Model, Simulated: rs.Simulated,
			Gateway: preset.GatewayOfKind(backend.Kind(rs.Provider))}
	}
	var out []PairStats
	for _, p := range catalog.PairRoutes(rts) {
		g, d := routes[p.Gateway], routes[p.Direct]
		ps := PairStats{Gateway: g.Route, GatewaySettings: g.Settings, Direct: d.Route, DirectSettings: d.Settings,
			Model: p.Model, ErrorRate: g.ErrorRate - d.ErrorRate}
		if g.FirstTokenMs != nil && d.FirstTokenMs != nil {
			ps.FirstTokenP50Ms = diff(g.FirstTokenMs.P50, d.FirstTokenMs.P50)
			ps.FirstTokenP95Ms = diff(g.FirstTokenMs.P95, d.FirstTokenMs.P95)
		}
		ps.FirstToken = verdict.Compare(g.firstTokens, d.firstTokens)
		ps.Verdict = ps.FirstToken.Outcome()
		if ps.FirstToken.Enough {
			ps.FirstTokenCI95 = &[2]float64{backend.Round(ps.FirstToken.CI95[0], 3), backend.Round(ps.FirstToken.CI95[1], 3)}
		}
		if g.TokensPerS != nil && d.TokensPerS != nil {
			ps.TokensPerSP50 = diff(g.TokensPerS.P50, d.TokensPerS.P50)
		}
		if g.CostUSD != nil && d.CostUSD != nil && g.CostedRuns > 0 && d.CostedRuns > 0 {
			ps.MeanCostUSD = diff(*g.CostUSD/float64(g.CostedRuns), *d.CostUSD/float64(d.CostedRuns))
		}
		out = append(out, ps)
	}
	return out
}

func diff(a, b float64) *float64 {
	v := a - b
	return &v
}
