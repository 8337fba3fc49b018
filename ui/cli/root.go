// Package cli builds routeplay's command tree from an explicit list: the
// playground (the root command), ask, verify and selftest live here; bench,
// history, keys/routes/init in their own packages; what they all share
// (Deps, exit codes, the session of routes) in cmdenv.
package cli

import (
	"github.com/routeplay/routeplay/ui/cli/benchcmd"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/routeplay/routeplay/ui/cli/historycmd"
	"github.com/routeplay/routeplay/ui/cli/keyscmd"
	"github.com/spf13/cobra"
)

// NewRoot builds the command tree on d.
func NewRoot(d *cmdenv.Deps) *cobra.Command {
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
		return &cmdenv.ExitError{Code: cmdenv.ExitUsage, Err: err}
	})
	root.PersistentFlags().String("config", "", "config file (default $XDG_CONFIG_HOME/routeplay/config.toml)")
	for _, add := range commands {
		root.AddCommand(add(d))
	}
	attachPlayground(root, d)
	return root
}

// commands lists every subcommand (help sorts them by name). A new
// command is a constructor, in this package or its own, added here.
var commands = []func(*cmdenv.Deps) *cobra.Command{
	newAskCmd,
	benchcmd.New,
	keyscmd.NewKeys,
	keyscmd.NewRoutes,
	keyscmd.NewInit,
	historycmd.New,
	newSelftestCmd,
	newVerifyCmd,
}

// Execute runs the CLI on d (DefaultDeps in production) and returns the exit code.
func Execute(args []string, d *cmdenv.Deps) int {
	root := NewRoot(d)
	root.SetArgs(args)
	return cmdenv.ExitCode(d.IO, root.Execute())
}
