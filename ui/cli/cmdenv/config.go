package cmdenv

import "github.com/spf13/cobra"

// ConfigPath is --config, else the default config path.
func ConfigPath(deps *Deps, cmd *cobra.Command) (string, error) {
	if p, _ := cmd.Flags().GetString("config"); p != "" {
		return p, nil
	}
	p, err := deps.DefaultConfigFile()
	if err != nil {
		return "", UsageError("no config directory (set XDG_CONFIG_HOME or use --config): %v", err)
	}
	return p, nil
}
