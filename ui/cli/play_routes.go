package cli

import (
	"context"
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/ui"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// withRoutePicker wires the playground's route picker and key manager: the
// Session's key store, the catalog (OpenRouter's live list when its key is
// there) and the config file the picker saves routes to.
func withRoutePicker(cmd *cobra.Command, s *cmdenv.Session, o ui.Options) ui.Options {
	o.Keys = s.Keys
	o.Catalog = func(ctx context.Context) (*catalog.Catalog, error) {
		var warn strings.Builder
		cat := cmdenv.LoadCatalog(ctx, s.Deps, s.Keys, cmdenv.RedactingWriter{W: &warn, R: s.Keys.Redactor()})
		if w := strings.TrimSpace(warn.String()); w != "" {
			return cat, errors.New(strings.TrimPrefix(w, "routeplay: warning: "))
		}
		return cat, nil
	}
	if path, err := cmdenv.ConfigPath(s.Deps, cmd); err == nil {
		o.ConfigPath = path
	}
	return o
}
