package cmdenv

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/keys"
)

// catalogFetchTimeout bounds the live model-list fetch; the embedded
// catalog answers when it runs out.
const catalogFetchTimeout = 15 * time.Second

// LoadCatalog is the embedded catalog, with OpenRouter's live list when an
// OpenRouter key is available. A failed fetch is a warning on w, not an error.
func LoadCatalog(ctx context.Context, deps *Deps, ks *keys.Store, warn io.Writer) *catalog.Catalog {
	key, _, err := ks.Key(ctx, "openrouter")
	if err != nil {
		key = "" // no key: the embedded list only
	}
	client := deps.Client(catalogFetchTimeout)
	ctx, cancel := context.WithTimeout(ctx, catalogFetchTimeout)
	defer cancel()
	cat, err := catalog.LoadCatalog(ctx, catalog.CatalogOptions{Client: client, BaseURL: deps.CatalogURL, CacheDir: deps.CacheDir, Key: key})
	if err != nil {
		fmt.Fprintf(warn, "routeplay: warning: %v (using the %s model list)\n", err, cat.Source)
	}
	return cat
}
