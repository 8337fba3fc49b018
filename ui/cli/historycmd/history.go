// Package historycmd is `routeplay history` and its stats, export and prune
// subcommands over the local history database.
package historycmd

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/spf13/cobra"
)

// historyFilter holds the flags shared by the history subcommands.
type historyFilter struct {
	route string
	since string
}

func (hf *historyFilter) add(cmd *cobra.Command, defaultSince string) {
	cmd.Flags().StringVar(&hf.route, "route", "", "only runs of this route (its name as listed)")
	cmd.Flags().StringVar(&hf.since, "since", defaultSince, `only runs this recent: "7d", "2w", "12h"; "" for all`)
}

func (hf *historyFilter) filter(now time.Time) (history.Filter, error) {
	f := history.Filter{Route: hf.route}
	if hf.since != "" {
		d, err := config.ParsePeriod(hf.since)
		if err != nil {
			return f, cmdenv.UsageError("--since: %v", err)
		}
		f.Since = now.Add(-d)
	}
	return f, nil
}

// New builds `routeplay history` and its subcommands on deps.
func New(deps *cmdenv.Deps) *cobra.Command {
	stdio := deps.IO
	var hf historyFilter
	var asJSON bool
	var limit int
	var search string
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List past runs kept in the local history database",
		Long: `Every ask keeps its prompt and each route's answer and measurements in a local
SQLite database ($XDG_DATA_HOME/routeplay/history.db). Keys are never stored.

Turn recording off with --no-history on a command, or for good with
  [history]
  enabled = false
in the config file. Runs older than the retention ("90d" unless [history]
retention says otherwise) are deleted; "routeplay history prune" does it now.`,
		Example: `  routeplay history --since 7d
  routeplay history --search "lisbon" --since ""
  routeplay history stats --since 30d
  routeplay history stats --route openrouter:openai/gpt-4o-mini --by-day
  routeplay history export --md > history.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := hf.filter(deps.Now())
			if err != nil {
				return err
			}
			if limit < 0 {
				return cmdenv.UsageError("--limit must not be negative")
			}
			f.Limit, f.Text = limit, search
			return withHistory(cmd.Context(), deps, func(db *history.DB) error {
				rows, err := db.Runs(cmd.Context(), f)
				if err != nil {
					return err
				}
				if asJSON {
					return cmdenv.WriteJSON(stdio.Out, historyRunDocs(rows))
				}
				total := len(rows)
				if f.Limit > 0 && len(rows) == f.Limit {
					if total, err = db.CountRuns(cmd.Context(), f); err != nil {
						return err
					}
				}
				var b strings.Builder
				writeHistoryRuns(&b, rows, total, outWidth(deps))
				if err := writePaged(deps, b.String()); err != nil {
					return cmdenv.Failure(fmt.Errorf("writing the history: %w", err))
				}
				return nil
			})
		},
	}
	hf.add(cmd, "7d")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the runs as JSON")
	cmd.Flags().IntVar(&limit, "limit", 50, "show at most this many runs, newest first (0: all)")
	cmd.Flags().StringVar(&search, "search", "", "only runs whose prompt or answer contains this text (any case)")
	cmd.AddCommand(newHistoryStatsCmd(deps), newHistoryExportCmd(deps), newHistoryPruneCmd(deps))
	return cmd
}

func newHistoryStatsCmd(deps *cmdenv.Deps) *cobra.Command {
	stdio := deps.IO
	var hf historyFilter
	var asJSON, byDay bool
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Per-route first-token time, tokens/s, error rate and cost over a period",
		Long: `Per route over the period: p50 and p95 time to first token, p50 tokens/s, the
error rate (runs you canceled are left out), and the summed recorded cost. A
route that ran with different settings (temperature, OpenRouter sort, ...) has
a row per settings. For each OpenRouter route with a direct route to the same
model, what the gateway added (+) or saved (-) over the same period, for every
combination of their settings.

With --route R --by-day, the same figures for that route day by day: its trend.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := hf.filter(deps.Now())
			if err != nil {
				return err
			}
			if byDay {
				return routeTrend(cmd.Context(), deps, f, asJSON)
			}
			return withHistory(cmd.Context(), deps, func(db *history.DB) error {
				st, err := db.Stats(cmd.Context(), f)
				if err != nil {
					return err
				}
				if asJSON {
					return cmdenv.WriteJSON(stdio.Out, historyStatsDoc{Since: filterSince(f), Stats: st})
				}
				writeHistoryStats(stdio.Out, st, hf.since)
				return nil
			})
		},
	}
	hf.add(cmd, "30d")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the statistics as JSON")
	cmd.Flags().BoolVar(&byDay, "by-day", false, "one line per day for the route given with --route")
	return cmd
}

// routeTrend prints one route's figures day by day.
func routeTrend(ctx context.Context, deps *cmdenv.Deps, f history.Filter, asJSON bool) error {
	w := deps.IO.Out
	if f.Route == "" {
		return cmdenv.UsageError("--by-day needs --route")
	}
	since := f.Since
	if since.IsZero() {
		since = time.Unix(0, 0)
	}
	// Buckets start at local midnight, so a "day" is the user's day.
	y, m, d := since.Local().Date()
	since = time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	return withHistory(ctx, deps, func(db *history.DB) error {
		pts, err := db.RouteTrend(ctx, f.Route, since, 24*time.Hour)
		if err != nil {
			return err
		}
		if asJSON {
			return cmdenv.WriteJSON(w, historyTrendDocs(f.Route, pts))
		}
		writeHistoryTrend(w, f.Route, pts)
		if len(pts) == 0 {
			return nil
		}
		// The trend mixes the route's settings; stats keep them apart.
		bySettings, err := db.RouteTrendBySettings(ctx, f.Route, since, 24*time.Hour)
		if err != nil {
			return err
		}
		if n := len(bySettings); n > 1 {
			fmt.Fprintf(w, "\nsettings varied in this period: %d distinct; see `routeplay history stats`\n", n)
		}
		return nil
	})
}

func newHistoryExportCmd(deps *cmdenv.Deps) *cobra.Command {
	stdio := deps.IO
	var hf historyFilter
	var asJSON, asMD bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write every kept session, prompt, answer and measurement as JSON or Markdown",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON && asMD {
				return cmdenv.UsageError("choose one of --json and --md")
			}
			f, err := hf.filter(deps.Now())
			if err != nil {
				return err
			}
			return withHistory(cmd.Context(), deps, func(db *history.DB) error {
				rows, err := db.Runs(cmd.Context(), f)
				if err != nil {
					return err
				}
				sessions := groupHistorySessions(rows)
				if asMD {
					return writeHistoryMarkdown(stdio.Out, sessions)
				}
				return cmdenv.WriteJSON(stdio.Out, historyExportDoc{ExportedAt: deps.Now().UTC(), Sessions: sessions})
			})
		},
	}
	hf.add(cmd, "")
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON (the default)")
	cmd.Flags().BoolVar(&asMD, "md", false, "write Markdown")
	return cmd
}

func newHistoryPruneCmd(deps *cmdenv.Deps) *cobra.Command {
	stdio := deps.IO
	var olderThan string
	cmd := &cobra.Command{
		Use:   "prune",
		Short: "Delete runs older than the retention now",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			keep := config.DefaultHistoryRetention
			if cmd.Flags().Changed("older-than") {
				d, err := config.ParsePeriod(olderThan)
				if err != nil {
					return cmdenv.UsageError("--older-than: %v", err)
				}
				keep = d
			} else if cfg, err := cmdenv.LoadConfig(deps, cmd); err != nil {
				return err
			} else if cfg != nil {
				keep = cfg.History.RetentionOrDefault()
			}
			return withHistory(cmd.Context(), deps, func(db *history.DB) error {
				n, err := db.Prune(cmd.Context(), deps.Now().Add(-keep))
				if err != nil {
					return err
				}
				fmt.Fprintf(stdio.Out, "deleted %d runs older than %s\n", n, fmtHistoryPeriod(keep))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&olderThan, "older-than", "90d", `delete runs older than this ("90d", "2w"); default: the configured retention`)
	return cmd
}

// withHistory opens the database, runs fn and closes it. A database that
// cannot be used is a failure of the command, worded by history.Error.
func withHistory(ctx context.Context, deps *cmdenv.Deps, fn func(*history.DB) error) error {
	db, err := deps.OpenHistory(ctx)
	if err != nil {
		return cmdenv.Failure(err)
	}
	defer db.Close()
	if err := fn(db); err != nil {
		return cmdenv.Failure(err)
	}
	return nil
}

func filterSince(f history.Filter) *time.Time {
	if f.Since.IsZero() {
		return nil
	}
	t := f.Since.UTC()
	return &t
}

func fmtHistoryPeriod(d time.Duration) string {
	if day := 24 * time.Hour; d >= day && d%day == 0 {
		return fmt.Sprintf("%dd", d/day)
	}
	return d.String()
}
