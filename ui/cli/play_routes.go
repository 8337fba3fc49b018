package cli

import (
	"context"
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/ui"
)

// withRoutePicker wires the playground's route picker and key manager: the
// session's key store, the catalog (OpenRouter's live list when its key is
// there) and the config file the picker saves routes to.
func withRoutePicker(cmd *cobra.Command, s *session, o ui.Options) ui.Options {
	o.Keys = s.keys
	o.Catalog = func(ctx context.Context) (*catalog.Catalog, error) {
		var warn strings.Builder
		cat := loadCatalog(ctx, s.deps, s.keys, redactingWriter{w: &warn, r: s.keys.Redactor()})
		if w := strings.TrimSpace(warn.String()); w != "" {
			return cat, errors.New(strings.TrimPrefix(w, "routeplay: warning: "))
		}
		return cat, nil
	}
	if path, err := configPath(s.deps, cmd); err == nil {
		o.ConfigPath = path
	}
	return o
}
