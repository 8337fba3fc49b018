package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/atomicfile"
)

// OpenRouterModelsMaxAge is how long a fetched OpenRouter model list is
// used before it is fetched again: at most once a day.
const OpenRouterModelsMaxAge = 24 * time.Hour

// maxModelListBytes bounds the model list read from the network or cache.
const maxModelListBytes = 16 << 20

// openRouterModelsFile is the cache file's name inside the cache dir.
const openRouterModelsFile = "openrouter-models.json"

// DefaultCacheDir is $XDG_CACHE_HOME/routeplay.
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "routeplay"), nil
}

// orModel is the part of an OpenRouter model-list entry routeplay reads.
type orModel struct {
	ID                  string    `json:"id"`
	Name                string    `json:"name"`
	ContextLength       int64     `json:"context_length"`
	Pricing             orPricing `json:"pricing"`
	SupportedParameters []string  `json:"supported_parameters"`
}

// orPricing is OpenRouter's price block, in USD per token as strings; the
// model list and the endpoints list share it.
type orPricing struct {
	Prompt     string `json:"prompt"`
	Completion string `json:"completion"`
	CacheRead  string `json:"input_cache_read"`
	CacheWrite string `json:"input_cache_write"`
}

// FetchOpenRouterModels reads OpenRouter's live model list (GET
// {baseURL}/models) with the given key. Prices are converted from USD per
// token to USD per million tokens. Errors never contain the key.
func FetchOpenRouterModels(ctx context.Context, client *http.Client, baseURL, key string) ([]CatalogEntry, error) {
	body, err := getJSON(ctx, client, baseURL, "/models", key,
		jsonGet{what: "openrouter models", body: "list", limit: maxModelListBytes})
	if err != nil {
		return nil, err
	}
	return parseOpenRouterModels(body)
}

func prefixed(msg string) string {
	if msg == "" {
		return ""
	}
	return ": " + msg
}

func parseOpenRouterModels(body []byte) ([]CatalogEntry, error) {
	var doc struct {
		Data []orModel `json:"data"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, errors.New("openrouter models: the answer is not the JSON model list")
	}
	out := make([]CatalogEntry, 0, len(doc.Data))
	for _, m := range doc.Data {
		// Ids become request fields and screen text: keep only plain, sane ones.
		id := plainLine(m.ID, "", 200)
		if id == "" || id != m.ID {
			continue
		}
		e := CatalogEntry{Provider: backend.KindOpenRouter, ProviderName: "OpenRouter", Model: id,
			Name: plainLine(m.Name, "", 120), ContextWindow: max(m.ContextLength, 0), Live: true,
			CanReason: slices.Contains(m.SupportedParameters, "reasoning") ||
				slices.Contains(m.SupportedParameters, "include_reasoning")}
		in, okIn := perMillion(m.Pricing.Prompt)
		outP, okOut := perMillion(m.Pricing.Completion)
		if okIn && okOut {
			read, _ := perMillion(m.Pricing.CacheRead)
			write, _ := perMillion(m.Pricing.CacheWrite)
			e.Price = &backend.Price{Input: in, Output: outP, CacheRead: read, CacheWrite: write}
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, errors.New("openrouter models: the list is empty")
	}
	return out, nil
}

// perMillion converts OpenRouter's per-token price string; negative values
// mean "variable" (the auto router) and count as unknown, as do NaN and
// infinities, which would poison every cost sum and cannot be JSON-encoded.
func perMillion(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	v *= 1e6
	if err != nil || !(v >= 0) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// CatalogOptions say where LoadCatalog may look for OpenRouter's live list.
type CatalogOptions struct {
	Client  *http.Client
	BaseURL string // OpenRouter's API base; empty means the preset's
	// Key is an OpenRouter key; without one only the embedded catalog is used.
	Key string
	// CacheDir holds the cached list; empty means DefaultCacheDir.
	CacheDir string
	Now      func() time.Time
}

// modelCache is the on-disk form of a fetched model list.
type modelCache struct {
	FetchedAt time.Time      `json:"fetched_at"`
	Models    []CatalogEntry `json:"models"`
}

// LoadCatalog returns the embedded catalog with OpenRouter's live model
// list in place of its embedded OpenRouter entries when a key is given:
// from the disk cache while it is under a day old, else fetched and cached.
// When the fetch fails it falls back to the stale cache, then to the
// embedded catalog. The catalog is never nil; the error explains a
// fallback (a warning, not a failure).
func LoadCatalog(ctx context.Context, o CatalogOptions) (*Catalog, error) {
	base := EmbeddedCatalog()
	if o.Key == "" {
		return base, nil
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	path, pathErr := modelCachePath(o.CacheDir)
	cached, cacheErr := readModelCache(path, pathErr)
	if cacheErr == nil && now().Sub(cached.FetchedAt) < OpenRouterModelsMaxAge && !cached.FetchedAt.After(now()) {
		return base.WithOpenRouter(cached.Models, "cache"), nil
	}
	baseURL := o.BaseURL
	if baseURL == "" {
		p, _ := backend.LookupPreset(backend.KindOpenRouter)
		baseURL = p.BaseURL
	}
	live, err := FetchOpenRouterModels(ctx, o.Client, baseURL, o.Key)
	if err != nil {
		if cacheErr == nil {
			return base.WithOpenRouter(cached.Models, "stale cache"), err
		}
		return base, err
	}
	cat := base.WithOpenRouter(live, "live")
	if pathErr == nil {
		if werr := writeModelCache(path, modelCache{FetchedAt: now(), Models: live}); werr != nil {
			return cat, werr
		}
	}
	return cat, nil
}

func modelCachePath(dir string) (string, error) {
	if dir == "" {
		d, err := DefaultCacheDir()
		if err != nil {
			return "", fmt.Errorf("model cache: %w", err)
		}
		dir = d
	}
	return filepath.Join(dir, openRouterModelsFile), nil
}

func readModelCache(path string, pathErr error) (modelCache, error) {
	var mc modelCache
	if pathErr != nil {
		return mc, pathErr
	}
	f, err := os.Open(path)
	if err != nil {
		return mc, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxModelListBytes+1))
	if err != nil {
		return mc, err
	}
	if err := json.Unmarshal(data, &mc); err != nil || len(mc.Models) == 0 {
		return modelCache{}, fmt.Errorf("model cache %s is unreadable; it will be fetched again", path)
	}
	for i := range mc.Models {
		mc.Models[i].Provider, mc.Models[i].Live = backend.KindOpenRouter, true
	}
	return mc, nil
}

// writeModelCache replaces the cache file atomically, private to the user.
func writeModelCache(path string, mc modelCache) error {
	data, err := json.Marshal(mc)
	if err != nil {
		return fmt.Errorf("model cache: %w", err)
	}
	if err := atomicfile.WriteBytes(path, data, atomicfile.Options{Links: atomicfile.FollowLinks, MkdirAll: true}); err != nil {
		return fmt.Errorf("model cache: %w", err)
	}
	return nil
}
