package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/spf13/cobra"
)

// playFlags are the root command's flags: `routeplay` alone opens the playground.
type playFlags struct {
	cmdenv.RouteFlags
	theme  string
	volume int // requests a month for the compare view's cost projection
}

func attachPlayground(root *cobra.Command, deps *cmdenv.Deps) {
	stdio := deps.IO
	var f playFlags
	f.Add(root)
	root.Flags().StringVar(&f.theme, "theme", "", "colour theme: "+themeNames()+" (default: from the config, else auto)")
	root.Flags().IntVar(&f.volume, "volume", 0, "project each route's monthly cost at N requests a month in the compare view")
	root.Args = cobra.NoArgs
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := cmdenv.ValidateTimeouts(&f.RouteFlags); err != nil {
			return err
		}
		if f.volume < 0 {
			return cmdenv.UsageError("--volume must not be negative")
		}
		if !stdio.OutTTY || !stdio.InTTY {
			return cmdenv.UsageError("the playground needs a terminal; for scripts use `routeplay ask`")
		}
		s, err := cmdenv.OpenSession(deps, cmd, &f.RouteFlags)
		if err != nil {
			return err
		}
		theme := f.theme
		if theme == "" && s.Config != nil {
			theme = s.Config.Defaults.Theme
		}
		if err := validTheme(theme); err != nil {
			return err
		}
		fees := s.Fees()
		hist, closeHistory := playHistory(cmd.Context(), s, f.NoHistory)
		defer closeHistory(cmdenv.RedactingWriter{W: stdio.Err, R: s.Keys.Redactor()})
		return ui.Run(cmd.Context(), withRoutePicker(cmd, s, ui.Options{
			Engine: s.Engine, Routes: s.Routes, System: s.System, Theme: theme, Demo: s.Demo,
			KeyHint: keyHint, Fees: &fees, History: hist, KeysPresent: keysAtStart(cmd.Context(), s),
			Volume:       f.volume,
			Warnings:     s.KeyHostWarnings(),
			PrepareRoute: s.RunTools,
		}))
	}
}

// playHistory opens the history for the playground. A database that cannot
// be opened is told in the playground's status line, not on stderr, which
// the alternate screen would hide; the chat goes on without history. The
// returned func flushes what was queued once the playground has ended.
func playHistory(ctx context.Context, s *cmdenv.Session, off bool) (ui.HistoryOptions, func(io.Writer)) {
	nothing := func(io.Writer) {}
	hc := config.HistoryConfig{}
	if s.Config != nil {
		hc = s.Config.History
	}
	switch {
	case off:
		return ui.HistoryOptions{Off: "History is off for this run (--no-history)."}, nothing
	case !hc.On():
		return ui.HistoryOptions{Off: "History is off: the config's [history] table has enabled = false."}, nothing
	}
	db, err := s.Deps.OpenHistory(ctx)
	if err != nil {
		return ui.HistoryOptions{Problem: fmt.Sprintf("History unavailable (%v); this chat is not being kept.", err)}, nothing
	}
	errs := make(chan error, 1)
	rec := history.NewRecorder(db, history.RecorderOptions{Retention: hc.RetentionOrDefault(),
		Redact: s.Keys.Redactor().Redact,
		OnError: func(err error) {
			select {
			case errs <- err:
			default:
			}
		}})
	return ui.HistoryOptions{Store: db, Recorder: rec, Errors: errs}, func(warn io.Writer) {
		if err := rec.Close(); err != nil {
			fmt.Fprintf(warn, "routeplay: %v; part of this chat was not kept in history\n", err)
		}
		db.Close()
	}
}

func themeNames() string { return strings.Join(themes.Names(), ", ") }

func validTheme(name string) error {
	if name == "" || slices.Contains(themes.Names(), name) {
		return nil
	}
	return cmdenv.UsageError("unknown theme %q (known: %s)", name, themeNames())
}

// keysAtStart names the keys present for the playground to say which routes
// lack theirs; nil (nothing said) for the demo or when the index is unreadable.
func keysAtStart(ctx context.Context, s *cmdenv.Session) map[string]bool {
	if s.Demo {
		return nil
	}
	have, err := cmdenv.PresentKeys(ctx, s.Keys)
	if err != nil {
		return nil
	}
	return have
}

// keyHint tells the user how to give a route its key.
func keyHint(rt backend.Route) string {
	if rt.KeyName == "" {
		return ""
	}
	vars := keys.EnvVars(rt.KeyName)
	hint := "run `routeplay keys set " + rt.KeyName + "`"
	if len(vars) > 0 {
		hint += " or set " + vars[0]
	}
	return hint
}
