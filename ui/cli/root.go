// Package cli holds routeplay's cobra commands and their plain-text output.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes shared by every command.
const (
	ExitOK         = 0
	ExitRouteError = 1 // the command ran, but at least one route failed
	ExitUsage      = 2 // bad flags, arguments or config
	ExitIO         = 3 // a file could not be written (--export, init)
)

// ExitError carries an exit code through cobra without printing twice.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}
func (e *ExitError) Unwrap() error { return e.Err }

// ioFailure is a file that could not be written: its own exit code, so a
// script can tell a full disk from a failed route.
func ioFailure(err error) error { return &ExitError{Code: ExitIO, Err: err} }

func usageError(format string, a ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, a...)}
}

// IO is where commands read and write, so tests can run them in memory.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	// InTTY/OutTTY say whether In/Out are terminals.
	InTTY, OutTTY bool
}

// NewRoot builds the command tree on d.
func NewRoot(d *Deps) *cobra.Command {
	stdio := d.IO
	root := &cobra.Command{
		Use:   "routeplay",
		Short: "Send one chat to several LLM routes at once and compare them honestly",
		Long: `routeplay sends one chat to several LLM routes at once — OpenRouter and the
providers directly — streams the answers side by side and measures every route:
time to first token, total time, tokens/s, tokens, cost and who actually served it.

Run it with no command to open the playground. With no key set it opens on
simulated demo routes, served in-process and clearly labelled.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdio.In)
	root.SetOut(stdio.Out)
	root.SetErr(stdio.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &ExitError{Code: ExitUsage, Err: err}
	})
	root.PersistentFlags().String("config", "", "config file (default $XDG_CONFIG_HOME/routeplay/config.toml)")
	for _, add := range commands {
		root.AddCommand(add(d))
	}
	attachPlayground(root, d)
	return root
}

// commands lists every subcommand (help sorts them by name). A new
// command is one file with its constructor, added here.
var commands = []func(*Deps) *cobra.Command{
	newAskCmd,
	newBenchCmd,
	newKeysCmd,
	newRoutesCmd,
	newInitCmd,
	newHistoryCmd,
	newSelftestCmd,
	newVerifyCmd,
}

// Execute runs the CLI on d (DefaultDeps in production) and returns the exit code.
func Execute(args []string, d *Deps) int {
	root := NewRoot(d)
	root.SetArgs(args)
	return exitCode(d.IO, root.Execute())
}

// exitCode prints a command's error once and gives its exit code.
func exitCode(stdio IO, err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintln(stdio.Err, "routeplay:", ee.Err)
		}
		return ee.Code
	}
	fmt.Fprintln(stdio.Err, "routeplay:", err)
	return ExitUsage
}

// StdIO returns the process's standard streams.
func StdIO() IO {
	return IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		InTTY: isTerminal(os.Stdin), OutTTY: isTerminal(os.Stdout)}
}
