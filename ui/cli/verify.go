package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/atomicfile"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/suite"
	"github.com/routeplay/routeplay/backend/verify"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/spf13/cobra"
)

// verifyFlags are verify's own flags, beside the route flags.
type verifyFlags struct {
	suite, baseline, export string
	runs, concurrency       int
	asJSON                  bool
}

func newVerifyCmd(deps *cmdenv.Deps) *cobra.Command {
	var f cmdenv.RouteFlags
	var v verifyFlags
	cmd := &cobra.Command{
		Use:   "verify [flags]",
		Short: "Check whether routes return the same model's answers: tool calls, JSON, exact answers",
		Long: `Send a suite of cases to every route and score how faithfully each returns the
model's answers, against a baseline route (the first, or --baseline):

  tool-call trigger precision, recall and F1 (a sample is positive when the
  route ended with a tool call; the baseline's decision is the truth),
  schema accuracy (calls whose arguments follow the tool's schema ÷ calls),
  structured-output and exact-answer accuracy, agreement with the baseline,
  success rate, and the median first token and tokens/s.

A built-in suite of 40 cases ships in the binary; --suite FILE runs your own
(JSONL, one case per line; the README lists the fields).

Exit codes: 0 every run succeeded, 1 a run failed (the figures are still
complete), 2 usage or config error, 3 the --export file could not be written.`,
		Example: `  routeplay verify --demo
  routeplay verify --route openrouter:moonshotai/kimi-k2 --route groq:moonshotai/kimi-k2-instruct --runs 3
  routeplay verify --suite my-cases.jsonl --baseline official --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runVerify(cmd, deps, &f, &v)
		},
	}
	f.Add(cmd)
	fl := cmd.Flags()
	// The suite brings its own tools and schemas, and verify keeps no
	// history: these route flags do not apply.
	for _, name := range []string{"tools", "schema", "no-history"} {
		_ = fl.MarkHidden(name)
	}
	fl.StringVar(&v.suite, "suite", "", "run the cases of this JSONL file instead of the built-in suite")
	fl.StringVar(&v.baseline, "baseline", "", "the route the others are compared with (default the first)")
	fl.IntVar(&v.runs, "runs", 1, "send each case this many times")
	fl.IntVar(&v.concurrency, "concurrency", 4, "cases in flight at once (each goes to every route)")
	fl.BoolVar(&v.asJSON, "json", false, "print the figures as JSON")
	fl.StringVar(&v.export, "export", "", "also write the report to FILE.md or FILE.json (keys redacted)")
	return cmd
}

func runVerify(cmd *cobra.Command, deps *cmdenv.Deps, f *cmdenv.RouteFlags, v *verifyFlags) error {
	stdio := deps.IO
	if err := checkVerifyFlags(f, v); err != nil {
		return err
	}
	format, err := cmdenv.CheckExportPath(v.export)
	if err != nil {
		return err
	}
	st, err := loadSuite(v.suite)
	if err != nil {
		return err
	}
	s, err := cmdenv.OpenSession(deps, cmd, f)
	if err != nil {
		return err
	}
	base, err := baselineIndex(s.Routes, v.baseline)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), cmdenv.InterruptSignals()...)
	defer stop()
	errOut := cmdenv.RedactingWriter{W: stdio.Err, R: s.Keys.Redactor()}
	fmt.Fprintf(errOut, "verify: %s × %s on %s, baseline %s\n", figure.Count(len(st.Cases), "case"),
		figure.Count(max(1, v.runs), "run"), figure.Count(len(s.Routes), "route"), safetext.Sanitize(s.Routes[base].Name))
	run := func(ctx context.Context, routes []backend.Route, req backend.Request) []*backend.Result {
		return s.Engine.RunAll(ctx, routes, req, nil)
	}
	samples := verify.Run(ctx, st, s.Routes, verify.Options{Runs: v.runs, Concurrency: v.concurrency, System: s.System}, run)
	rep := verify.Score(st, s.Routes, base, v.runs, samples)
	if ctx.Err() != nil {
		fmt.Fprintf(errOut, "verify: interrupted after %d of %d case runs; the figures cover only those\n",
			len(samples), len(st.Cases)*max(1, v.runs))
	}
	out := cmdenv.RedactingWriter{W: stdio.Out, R: s.Keys.Redactor()}
	if v.asJSON {
		err = writeVerifyJSON(out, rep)
	} else {
		err = writeVerifyText(out, rep, s.Demo, stdio.OutTTY)
	}
	if err != nil {
		return err
	}
	if format != 0 {
		if err := exportVerify(v.export, format, rep, s); err != nil {
			return err
		}
	}
	for _, sm := range samples {
		for _, r := range sm.Results {
			if r.Err != nil {
				return &cmdenv.ExitError{Code: cmdenv.ExitRouteError}
			}
		}
	}
	return nil
}

func checkVerifyFlags(f *cmdenv.RouteFlags, v *verifyFlags) error {
	if err := cmdenv.ValidateTimeouts(f); err != nil {
		return err
	}
	if f.ToolsFile != "" || f.SchemaFile != "" {
		return cmdenv.UsageError("verify takes its tools and schemas from the suite; --tools and --schema do not apply")
	}
	if v.runs < 1 || v.runs > 100 {
		return cmdenv.UsageError("--runs must be between 1 and 100")
	}
	if v.concurrency < 1 || v.concurrency > 64 {
		return cmdenv.UsageError("--concurrency must be between 1 and 64")
	}
	return nil
}

// loadSuite reads --suite, or the built-in suite without it.
func loadSuite(path string) (*suite.Suite, error) {
	if path == "" {
		return suite.Builtin(), nil
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, cmdenv.UsageError("--suite: %v", err)
	}
	defer file.Close()
	st, err := suite.Parse(path, file)
	if err != nil {
		return nil, cmdenv.UsageError("--suite %s: %v", safetext.Sanitize(path), err)
	}
	return st, nil
}

// baselineIndex finds --baseline among the routes; the first by default.
func baselineIndex(routes []backend.Route, name string) (int, error) {
	if len(routes) == 0 {
		return 0, cmdenv.UsageError("no routes to verify")
	}
	if name == "" {
		return 0, nil
	}
	names := make([]string, len(routes))
	for i, rt := range routes {
		if rt.Name == name {
			return i, nil
		}
		names[i] = rt.Name
	}
	return 0, cmdenv.UsageError("--baseline %q is not among the routes (%s)", safetext.Sanitize(name), safetext.Sanitize(strings.Join(names, ", ")))
}

func writeVerifyJSON(w io.Writer, rep verify.Report) error { return cmdenv.WriteJSON(w, rep) }

// exportVerify writes the report through the key store's redactor, whole
// or not at all.
func exportVerify(path string, format cmdenv.ExportFormat, rep verify.Report, s *cmdenv.Session) error {
	r := s.Keys.Redactor()
	err := atomicfile.Write(path, atomicfile.Options{}, func(w io.Writer) error {
		rw := cmdenv.RedactingWriter{W: w, R: r}
		if format == cmdenv.ExportJSON {
			return writeVerifyJSON(rw, rep)
		}
		return writeVerifyMarkdown(rw, rep, s.Demo)
	})
	if err != nil {
		return cmdenv.IOFailure(fmt.Errorf("export %s: %w", path, err))
	}
	return nil
}
