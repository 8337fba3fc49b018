package historycmd

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/stats"
)

// historyRunDoc is one listed run: where it came from, then the `ask --json` route object.
type historyRunDoc struct {
	ID        int64     `json:"id"`
	SessionID *int64    `json:"session_id"`
	TurnID    *int64    `json:"turn_id"`
	BenchID   *int64    `json:"bench_id"`
	Source    string    `json:"source"`
	StartedAt time.Time `json:"started_at"`
	Prompt    string    `json:"prompt"`
	System    string    `json:"system"`
	// Settings are the route's parameters and OpenRouter preferences as it
	// ran, in short form; "" for its provider's defaults (and older runs).
	Settings string `json:"settings"`
	// ITLMs is the inter-token latency of a bench run (percentiles of the
	// gaps between its streamed chunks); null for other runs and older ones.
	ITLMs *bench.ITL `json:"itl_ms"`
	backend.RouteReport
}

func historyRunDocs(rows []history.RunRow) []historyRunDoc {
	out := make([]historyRunDoc, 0, len(rows))
	for _, r := range rows {
		out = append(out, historyRunDoc{ID: r.ID, SessionID: histID(int64(r.SessionID)), TurnID: histID(int64(r.TurnID)),
			BenchID: histID(int64(r.BenchID)), Source: string(r.Source), StartedAt: r.StartedAt.UTC(),
			Prompt: safetext.Sanitize(r.Prompt), System: safetext.Sanitize(r.System), Settings: safetext.Sanitize(r.Settings),
			ITLMs: historyITL(r.ITL), RouteReport: r.Report})
	}
	return out
}

func historyITL(g *history.GapSummary) *bench.ITL {
	if g == nil {
		return nil
	}
	return &bench.ITL{P50: g.P50Ms, P95: g.P95Ms, P99: g.P99Ms, Gaps: g.Gaps}
}

func histID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// writeHistoryRuns lists the runs; total is how many the filter selects
// before --limit. width is the terminal's (0 when piped): the ROUTE and
// PROMPT columns take what room it leaves, so long route names show whole.
func writeHistoryRuns(w io.Writer, rows []history.RunRow, total, width int) {
	if len(rows) == 0 {
		fmt.Fprintln(w, "no runs in this period (widen it with --since 30d, or --since \"\" for all)")
		return
	}
	// Settings sit beside the route: runs of one route differ by them.
	table := [][]string{{"WHEN", "ROUTE", "SETTINGS", "FIRST TOKEN", "TOTAL", "TOK/S", "TOKENS", "COST", "SERVED BY", "RESULT", "PROMPT"}}
	for _, r := range rows {
		rep := r.Report
		table = append(table, []string{r.StartedAt.Local().Format("2006-01-02 15:04"),
			histCell(rep.Route, 200), histSettings(r.Settings), figure.MsPtr(rep.TimingMs.FirstToken), figure.MsPtr(rep.TimingMs.Total),
			histRate(rep), figure.Estimate(figure.Tokens(rep.Usage.OutputTokens), histTokensEstimated(rep)), histCost(rep), histCell(histStr(rep.ServedBy), 20),
			histResult(rep), histCell(history.Title(r.Prompt), 200)})
	}
	routeMax, promptMax := histWidths(table, width)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, row := range table {
		if i > 0 {
			row[1], row[10] = histCell(row[1], routeMax), histCell(row[10], promptMax)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
	if total > len(rows) {
		fmt.Fprintf(w, "\n%s of %s, newest first (--limit 0 shows all)\n", strconv.Itoa(len(rows)), figure.Count(total, "run"))
	}
}

// histWidths shares a terminal's width between the ROUTE and PROMPT
// columns, the route first; piped, both keep 40 characters.
func histWidths(table [][]string, width int) (route, prompt int) {
	if width <= 0 {
		return 40, 40
	}
	cols := make([]int, len(table[0]))
	for _, row := range table {
		for i, c := range row {
			cols[i] = max(cols[i], len([]rune(c)))
		}
	}
	fixed := 2 * (len(cols) - 1)
	for i, c := range cols {
		if i != 1 && i != 10 {
			fixed += c
		}
	}
	room := width - fixed
	route = max(12, min(cols[1], room-12))
	prompt = max(12, min(cols[10], room-route))
	return route, prompt
}

// histSettings is a run's settings cell; "–", like any absent figure, when
// it ran on its provider's defaults or was recorded before settings were kept.
func histSettings(s string) string {
	if s == "" {
		return "–"
	}
	return histCell(s, 40)
}

func histResult(rep backend.RouteReport) string {
	switch {
	case rep.Error == nil && rep.Simulated:
		return "ok (simulated)"
	case rep.Error == nil:
		return "ok"
	case rep.Error.Status != nil:
		return fmt.Sprintf("%s %d", rep.Error.Kind, *rep.Error.Status)
	default:
		return rep.Error.Kind
	}
}

// historyStatsDoc is the `history stats --json` document.
type historyStatsDoc struct {
	Since *time.Time `json:"since"`
	history.Stats
}

func writeHistoryStats(w io.Writer, st history.Stats, period string) {
	if period == "" {
		period = "all time"
	} else {
		period = "the last " + period
	}
	if st.Runs == 0 {
		fmt.Fprintf(w, "no runs in %s\n", period)
		return
	}
	fmt.Fprintf(w, "%d runs in %s\n\n", st.Runs, period)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	// A route that ran with several settings has a row per settings.
	fmt.Fprintln(tw, "ROUTE\tMODEL\tSETTINGS\tRUNS\tERRORS\tFIRST TOKEN p50\tp95\tTOK/S p50\tCOST")
	for _, rs := range st.Routes {
		name := rs.Route
		if rs.Simulated {
			name += " (simulated)"
		}
		ftP50, ftP95, tps := "–", "–", "–"
		if s := rs.FirstTokenMs; s != nil {
			ftP50, ftP95 = figure.Ms(s.P50), figure.Ms(s.P95)
		}
		if s := rs.TokensPerS; s != nil {
			tps = figure.PerSecond(s.P50, false)
		}
		cost := "–"
		if rs.CostUSD != nil {
			cost = figure.USD(*rs.CostUSD)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", histCell(name, 48), histCell(rs.Model, 32),
			histSettings(rs.Settings), rs.Runs, histErrors(rs), ftP50, ftP95, tps, cost)
	}
	tw.Flush()
	if len(st.Pairs) == 0 {
		return
	}
	fmt.Fprintln(w, "\nOpenRouter vs direct over the same period (gateway minus direct):")
	for _, p := range st.Pairs {
		fmt.Fprintf(w, "  %s vs %s: first token p50 %s, p95 %s; tokens/s p50 %s; error rate %s; mean cost %s\n",
			histPairSide(p.Gateway, p.GatewaySettings), histPairSide(p.Direct, p.DirectSettings),
			histSigned(p.FirstTokenP50Ms, figure.SignedMs), histSigned(p.FirstTokenP95Ms, figure.SignedMs),
			histSigned(p.TokensPerSP50, figure.SignedPerSecond), figure.SignedPoints(100*p.ErrorRate), histSigned(p.MeanCostUSD, figure.SignedUSD))
		fmt.Fprintln(w, "    "+histPairVerdict(p))
	}
}

// histPairSide names one side of a pair, with its settings when it had
// any: a route that ran with several settings is in several pairs.
func histPairSide(route, settings string) string {
	if settings == "" {
		return histCell(route, 48)
	}
	return histCell(route, 48) + " (" + histCell(settings, 40) + ")"
}

// histSigned writes a difference, or n/a when a side had no figure.
func histSigned(v *float64, signed func(float64) string) string {
	if v == nil {
		return "n/a"
	}
	return signed(*v)
}

// histRate, histCost and histTokensEstimated read a stored run's figures
// as the screens print them, "~" on estimates.
func histRate(rep backend.RouteReport) string {
	if rep.TokensPerS == nil {
		return figure.None
	}
	return figure.PerSecond(*rep.TokensPerS, histTokensEstimated(rep))
}

func histCost(rep backend.RouteReport) string {
	if rep.CostUSD == nil {
		return figure.None
	}
	return figure.Cost(*rep.CostUSD, rep.CostSource != nil && *rep.CostSource == string(backend.CostEstimated))
}

func histTokensEstimated(rep backend.RouteReport) bool {
	return rep.Usage.Source == string(backend.UsageEstimated)
}

func histStr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// histCell makes stored text safe for a table cell: sanitised, one line, bounded.
func histCell(s string, max int) string {
	s = strings.Join(strings.Fields(safetext.Sanitize(s)), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}

// historyTrendDoc is one day of `history stats --by-day --json`.
type historyTrendDoc struct {
	Route        string         `json:"route"`
	Day          string         `json:"day"`
	Runs         int            `json:"runs"`
	Errors       int            `json:"errors"`
	FirstTokenMs *stats.Summary `json:"first_token_ms"`
	TokensPerS   *stats.Summary `json:"tokens_per_s"`
}

func historyTrendDocs(route string, pts []history.TrendPoint) []historyTrendDoc {
	out := make([]historyTrendDoc, 0, len(pts))
	for _, p := range pts {
		out = append(out, historyTrendDoc{Route: route, Day: dayLabel(p.Start), Runs: p.Runs,
			Errors: p.Errors, FirstTokenMs: p.FirstTokenMs, TokensPerS: p.TokensPerS})
	}
	return out
}

func writeHistoryTrend(w io.Writer, route string, pts []history.TrendPoint) {
	if len(pts) == 0 {
		fmt.Fprintf(w, "no runs of %s in this period\n", histCell(route, 60))
		return
	}
	fmt.Fprintf(w, "%s, day by day\n\n", histCell(route, 60))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DAY\tRUNS\tERRORS\tFIRST TOKEN p50\tp95\tTOK/S p50")
	for _, p := range pts {
		ftP50, ftP95, tps := "–", "–", "–"
		if s := p.FirstTokenMs; s != nil {
			ftP50, ftP95 = figure.Ms(s.P50), figure.Ms(s.P95)
		}
		if s := p.TokensPerS; s != nil {
			tps = figure.PerSecond(s.P50, false)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\n", dayLabel(p.Start), p.Runs, p.Errors, ftP50, ftP95, tps)
	}
	tw.Flush()
}

// dayLabel names a day bucket by its middle, so a bucket that a daylight
// saving change shifted by an hour still carries its own date.
func dayLabel(start time.Time) string { return start.Add(12 * time.Hour).Local().Format("2006-01-02") }
