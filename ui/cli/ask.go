package cli

import (
	"context"
	"fmt"
	"io"
	"os/signal"
	"time"

	"github.com/spf13/cobra"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	backendexport "github.com/routeplay/routeplay/backend/export"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

func newAskCmd(deps *cmdenv.Deps) *cobra.Command {
	stdio := deps.IO
	var f cmdenv.RouteFlags
	var asJSON bool
	var export string
	cmd := &cobra.Command{
		Use:   "ask [flags] PROMPT",
		Short: "Send one prompt to every route and print the answers and metrics",
		Long: `Send one prompt to every route at once, then print each route's answer and a
metrics table (or JSON with --json). PROMPT may also come on stdin ("-" or no argument).

Without --route every route in the config runs; with no config, one route per
provider whose key is set; with no key at all, the simulated demo routes.

Exit codes: 0 every route succeeded, 1 a route failed (output is still complete),
2 usage or config error, 3 the --export file could not be written.`,
		Example: `  routeplay ask --demo "Explain HTTP/2 in two sentences"
  routeplay ask --route openrouter:openai/gpt-4o-mini --route openai:gpt-4o-mini "Name a prime"
  echo "Summarise this" | routeplay ask --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdenv.ValidateTimeouts(&f); err != nil {
				return err
			}
			format, err := cmdenv.CheckExportPath(export)
			if err != nil {
				return err
			}
			prompt, err := cmdenv.ReadPrompt(args, stdio)
			if err != nil {
				return err
			}
			s, err := cmdenv.OpenSession(deps, cmd, &f)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), cmdenv.InterruptSignals()...)
			defer stop()
			// Every byte goes through the redactor: no key value ever reaches the output.
			errOut := cmdenv.RedactingWriter{W: stdio.Err, R: s.Keys.Redactor()}
			out := cmdenv.RedactingWriter{W: stdio.Out, R: s.Keys.Redactor()}
			warnParams(errOut, s.Routes)
			s.WarnKeyHosts(errOut)
			hist := cmdenv.StartHistory(ctx, deps, s.Config, f.NoHistory, s.Keys.Redactor().Redact, stdio.Err)
			defer hist.Close()
			started := time.Now()
			results := askAll(ctx, s, prompt)
			hist.RecordAsk(prompt, s.System, started, results)
			warnRejectedCosts(errOut, results)
			if asJSON {
				if err := writeAskJSON(out, prompt, results); err != nil {
					return err
				}
			} else {
				writeAskText(out, results, stdio.OutTTY, s.Demo)
			}
			if format != 0 {
				x := backendexport.Export{Prompt: prompt, Results: results, Fees: s.Fees(), Splits: s.FirstTokenSplits(ctx, results)}
				x.Published, x.Providers = s.PublishedEndpoints(ctx, results)
				if err := cmdenv.WriteExport(export, format, x, s); err != nil {
					return err
				}
			}
			for _, r := range results {
				if r.Err != nil {
					return &cmdenv.ExitError{Code: cmdenv.ExitRouteError}
				}
			}
			return nil
		},
	}
	f.Add(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the results as JSON")
	cmd.Flags().StringVar(&export, "export", "", "also write a report to FILE.md or FILE.json (keys redacted)")
	return cmd
}

// warnRejectedCosts says which routes reported a cost that cannot be right:
// it was ignored, so their cost comes from the catalog price, or is n/a.
func warnRejectedCosts(w io.Writer, results []*backend.Result) {
	for _, r := range results {
		if r.CostRejected() {
			fmt.Fprintf(w, "warning: %s: the provider reported a cost that cannot be right (not a number, negative or over %s); it was ignored\n",
				safetext.Sanitize(r.Route.Name), figure.USD(backend.MaxReportedCostUSD))
		}
	}
}

func askAll(ctx context.Context, s *cmdenv.Session, prompt string) []*backend.Result {
	req := backend.Request{System: s.System, Messages: []backend.Message{{Role: backend.RoleUser, Content: prompt}}}
	return s.Engine.RunAll(ctx, s.Routes, req, nil)
}

// askReport is the exact `ask --json` document.
type askReport struct {
	Prompt string                `json:"prompt"`
	Routes []backend.RouteReport `json:"routes"`
}

func writeAskJSON(w io.Writer, prompt string, results []*backend.Result) error {
	rep := askReport{Prompt: safetext.Sanitize(prompt), Routes: make([]backend.RouteReport, 0, len(results))}
	for _, r := range results {
		rep.Routes = append(rep.Routes, r.Report())
	}
	return cmdenv.WriteJSON(w, rep)
}

// warnParams prints, before anything is sent, the parameters a route's
// model or wire format will reject or ignore.
func warnParams(w io.Writer, routes []backend.Route) {
	for _, rt := range routes {
		for _, warn := range config.CheckParams(rt) {
			fmt.Fprintln(w, "routeplay: warning:", safetext.Sanitize(warn))
		}
	}
}
