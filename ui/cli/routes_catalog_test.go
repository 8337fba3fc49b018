package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/routeplay/routeplay/ui/cli/keyscmd"
)

const catalogTestKey = "sk-or-v1-catalogtest-0123456789abcdef"

// liveModels serves an OpenRouter-shaped model list to the right key.
func liveModels(kt *keysTest) *atomic.Int32 {
	t := kt.t
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/api/v1/models" || r.Header.Get("Authorization") != "Bearer "+catalogTestKey {
			http.Error(w, `{"error":{"message":"unauthorized"}}`, http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte(`{"data":[{"id":"newlab/brand-new-model","name":"NewLab: Brand New","context_length":65536,
			"pricing":{"prompt":"0.000001","completion":"0.000002"},"supported_parameters":["reasoning"]}]}`))
	}))
	t.Cleanup(srv.Close)
	kt.deps.CatalogURL = srv.URL + "/api/v1"
	return &hits
}

func TestRoutesCatalogSearchesTheEmbeddedList(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	hits := liveModels(kt)
	out, errOut, code := kt.cli("routes", "--catalog", "claude", "haiku")
	if code != 0 || errOut != "" || hits.Load() != 0 {
		t.Fatalf("code %d stderr %q fetches %d", code, errOut, hits.Load())
	}
	for _, want := range []string{"embedded list; store an OpenRouter key", "anthropic:claude-haiku-4-5-20251001",
		"openrouter:anthropic/claude-haiku-4.5"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

func TestRoutesCatalogUsesTheLiveListWithAKey(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, map[string]string{"OPENROUTER_API_KEY": catalogTestKey})
	hits := liveModels(kt)
	out, errOut, code := kt.cli("routes", "--catalog", "brand", "new")
	if code != 0 || errOut != "" || hits.Load() != 1 {
		t.Fatalf("code %d stderr %q fetches %d", code, errOut, hits.Load())
	}
	if !strings.Contains(out, "live list, fetched now") ||
		!strings.Contains(out, "openrouter:newlab/brand-new-model  NewLab: Brand New  1.00    2.00     65K      yes") {
		t.Fatalf("output:\n%s", out)
	}
	out, _, _ = kt.cli("routes", "--catalog", "--json", "brand")
	var l keyscmd.CatalogListing
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatal(err)
	}
	if l.Source != "cache" || hits.Load() != 1 || len(l.Models) != 1 || !l.Models[0].Live {
		t.Fatalf("second run should use the cache: %+v, fetches %d", l, hits.Load())
	}
	if strings.Contains(out, catalogTestKey) {
		t.Fatal("the key reached the output")
	}
}

func TestRoutesCatalogOfflineFallsBackWithAWarning(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, map[string]string{"OPENROUTER_API_KEY": "sk-or-v1-wrong-0123456789abcdef"})
	liveModels(kt)
	out, errOut, code := kt.cli("routes", "--catalog", "--limit", "2", "gpt")
	if code != 0 || !strings.Contains(errOut, "HTTP 401") || !strings.Contains(errOut, "using the embedded model list") {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	if !strings.Contains(out, "more; narrow the search") {
		t.Fatalf("output:\n%s", out)
	}
}

func TestRoutesCompletesUnknownOpenRouterModelsFromTheLiveList(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, map[string]string{"OPENROUTER_API_KEY": catalogTestKey})
	hits := liveModels(kt)
	text := "[[routes]]\nname = \"fresh\"\nprovider = \"openrouter\"\nmodel = \"newlab/brand-new-model\"\n" +
		"[[routes]]\nname = \"known\"\nprovider = \"openrouter\"\nmodel = \"openai/gpt-4o-mini\"\n"
	path := writeConfig(t, text)
	out, errOut, code := kt.cli("routes", "--config", path, "--json")
	if code != 0 || errOut != "" || hits.Load() != 1 {
		t.Fatalf("code %d stderr %q fetches %d", code, errOut, hits.Load())
	}
	var l keyscmd.RouteListing
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatal(err)
	}
	fresh, known := l.Routes[0], l.Routes[1]
	if fresh.Price == nil || fresh.Price.Source != "openrouter" || fresh.Price.Output != 2 || fresh.ContextWindow == nil ||
		*fresh.ContextWindow != 65536 || fresh.Reasoning == nil || !*fresh.Reasoning {
		t.Fatalf("fresh = %+v", fresh)
	}
	if known.Price == nil || known.Price.Source != "catalog" {
		t.Fatalf("known = %+v", known)
	}
}

func TestRoutesDoesNotFetchWhenTheCatalogKnowsEveryRoute(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, map[string]string{"OPENROUTER_API_KEY": catalogTestKey})
	hits := liveModels(kt)
	path := filepath.Join(t.TempDir(), "config.toml")
	if _, _, code := kt.cli("init", "--config", path); code != 0 {
		t.Fatal("init failed")
	}
	if _, errOut, code := kt.cli("routes", "--config", path); code != 0 || hits.Load() != 0 {
		t.Fatalf("code %d stderr %q fetches %d", code, errOut, hits.Load())
	}
}
