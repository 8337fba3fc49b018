package cli

import (
	"slices"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui"
	"github.com/spf13/cobra"
)

// playFlags are the root command's flags: `routeplay` alone opens the playground.
type playFlags struct {
	routeFlags
	theme string
}

func attachPlayground(root *cobra.Command, stdio IO) {
	var f playFlags
	f.add(root)
	root.Flags().StringVar(&f.theme, "theme", "", "colour theme: "+themeNames()+" (default: from the config, else auto)")
	root.Args = cobra.NoArgs
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := validateTimeouts(&f.routeFlags); err != nil {
			return err
		}
		if !stdio.OutTTY || !stdio.InTTY {
			return usageError("the playground needs a terminal; for scripts use `routeplay ask`")
		}
		s, err := openSession(cmd, &f.routeFlags)
		if err != nil {
			return err
		}
		theme := f.theme
		if theme == "" && s.cfg != nil {
			theme = s.cfg.Defaults.Theme
		}
		if err := validTheme(theme); err != nil {
			return err
		}
		fees := s.fees()
		return ui.Run(cmd.Context(), ui.Options{
			Engine: s.engine, Routes: s.routes, System: s.system, Theme: theme, Demo: s.demo,
			KeyHint: keyHint, Fees: &fees,
		})
	}
}

func themeNames() string { return strings.Join(themes.Names(), ", ") }

func validTheme(name string) error {
	if name == "" || slices.Contains(themes.Names(), name) {
		return nil
	}
	return usageError("unknown theme %q (known: %s)", name, themeNames())
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
