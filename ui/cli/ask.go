package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	backendexport "github.com/routeplay/routeplay/backend/export"
	"github.com/routeplay/routeplay/backend/figure"
)

// maxPromptBytes bounds a prompt read from stdin.
const maxPromptBytes = 4 << 20

func newAskCmd(deps *Deps) *cobra.Command {
	stdio := deps.IO
	var f routeFlags
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
			if err := validateTimeouts(&f); err != nil {
				return err
			}
			format, err := checkExportPath(export)
			if err != nil {
				return err
			}
			prompt, err := readPrompt(args, stdio)
			if err != nil {
				return err
			}
			s, err := openSession(deps, cmd, &f)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), interruptSignals...)
			defer stop()
			warnParams(redactingWriter{w: stdio.Err, r: s.keys.Redactor()}, s.routes)
			s.warnKeyHosts(redactingWriter{w: stdio.Err, r: s.keys.Redactor()})
			hist := startHistory(ctx, deps, s.cfg, f.noHistory, s.keys.Redactor().Redact, stdio.Err)
			defer hist.close()
			started := time.Now()
			results := s.ask(ctx, prompt)
			hist.recordAsk(prompt, s.system, started, results)
			warnRejectedCosts(redactingWriter{w: stdio.Err, r: s.keys.Redactor()}, results)
			// Every byte goes through the redactor: no key value ever reaches the output.
			out := redactingWriter{w: stdio.Out, r: s.keys.Redactor()}
			if asJSON {
				if err := writeAskJSON(out, prompt, results); err != nil {
					return err
				}
			} else {
				writeAskText(out, results, stdio.OutTTY, s.demo)
			}
			if format != 0 {
				x := backendexport.Export{Prompt: prompt, Results: results, Fees: s.fees(), Splits: s.firstTokenSplits(ctx, results)}
				if err := writeExport(export, format, x, s); err != nil {
					return err
				}
			}
			for _, r := range results {
				if r.Err != nil {
					return &ExitError{Code: ExitRouteError}
				}
			}
			return nil
		},
	}
	f.add(cmd)
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
				backend.Sanitize(r.Route.Name), figure.USD(backend.MaxReportedCostUSD))
		}
	}
}

func (s *session) ask(ctx context.Context, prompt string) []*backend.Result {
	req := backend.Request{System: s.system, Messages: []backend.Message{{Role: backend.RoleUser, Content: prompt}}}
	return s.engine.RunAll(ctx, s.routes, req, nil)
}

// readPrompt takes the prompt from the arguments, or stdin when there are
// none (or the single argument "-").
func readPrompt(args []string, stdio IO) (string, error) {
	prompt := strings.Join(args, " ")
	if len(args) == 0 || prompt == "-" {
		if stdio.InTTY {
			return "", usageError("no prompt: give it as an argument or on stdin")
		}
		b, err := io.ReadAll(io.LimitReader(stdio.In, maxPromptBytes+1))
		if err != nil {
			return "", usageError("reading the prompt from stdin: %v", err)
		}
		if len(b) > maxPromptBytes {
			return "", usageError("prompt on stdin is larger than %d MiB", maxPromptBytes>>20)
		}
		prompt = string(b)
	}
	if strings.TrimSpace(prompt) == "" {
		return "", usageError("the prompt is empty")
	}
	return prompt, nil
}

// askReport is the exact `ask --json` document.
type askReport struct {
	Prompt string                `json:"prompt"`
	Routes []backend.RouteReport `json:"routes"`
}

func writeAskJSON(w io.Writer, prompt string, results []*backend.Result) error {
	rep := askReport{Prompt: backend.Sanitize(prompt), Routes: make([]backend.RouteReport, 0, len(results))}
	for _, r := range results {
		rep.Routes = append(rep.Routes, r.Report())
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}

// warnParams prints, before anything is sent, the parameters a route's
// model or wire format will reject or ignore.
func warnParams(w io.Writer, routes []backend.Route) {
	for _, rt := range routes {
		for _, warn := range config.CheckParams(rt) {
			fmt.Fprintln(w, "routeplay: warning:", backend.Sanitize(warn))
		}
	}
}
