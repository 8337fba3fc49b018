package catalog

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

func TestEmbeddedCatalogGroupsProviders(t *testing.T) {
	c := EmbeddedCatalog()
	provs := c.Providers()
	if len(provs) < 4 || provs[0] != backend.KindOpenRouter || provs[1] != backend.KindOpenAI {
		t.Fatalf("providers = %v", provs)
	}
	e, ok := c.Lookup(backend.KindOpenAI, "GPT-4o-mini")
	if !ok || e.Price == nil || e.Price.Input != 0.15 || e.Price.Output != 0.6 || e.ContextWindow != 128000 || e.CanReason {
		t.Fatalf("gpt-4o-mini = %+v", e)
	}
	if e, ok := c.Lookup(backend.KindOpenAI, "o3"); !ok || !e.CanReason || len(e.ReasoningLevels) == 0 {
		t.Fatalf("o3 = %+v", e)
	}
	if c.Source != "embedded" {
		t.Fatalf("source = %q", c.Source)
	}
}

func TestCatalogSearchRanksTightMatchesFirst(t *testing.T) {
	c := &Catalog{Entries: []CatalogEntry{
		{Provider: backend.KindOpenRouter, Model: "openai/gpt-4o-mini", Name: "OpenAI: GPT-4o-mini"},
		{Provider: backend.KindOpenAI, Model: "gpt-4o-mini", Name: "GPT-4o mini"},
		{Provider: backend.KindAnthropic, Model: "claude-3-5-haiku-latest", Name: "Claude 3.5 Haiku"},
		{Provider: backend.KindGemini, Model: "gemini-2.5-flash", Name: "Gemini 2.5 Flash"},
	}}
	got := c.Search("4o mini")
	if len(got) != 2 {
		t.Fatalf("4o mini = %+v", got)
	}
	if got := c.Search("openai 4o"); len(got) != 2 || got[0].Provider != backend.KindOpenAI {
		t.Fatalf("openai 4o ranks the direct route first: %+v", got)
	}
	if got := c.Search("hku"); len(got) != 1 || got[0].Provider != backend.KindAnthropic {
		t.Fatalf("subsequence hku = %+v", got)
	}
	if got := c.Search("flash gemini"); len(got) != 1 {
		t.Fatalf("word order must not matter: %+v", got)
	}
	if got := c.Search("zzz"); len(got) != 0 {
		t.Fatalf("zzz = %+v", got)
	}
	if got := c.Search("  "); len(got) != 4 {
		t.Fatalf("empty query = %d entries", len(got))
	}
}

func TestCatalogSearchFindsEmbeddedModels(t *testing.T) {
	got := EmbeddedCatalog().Search("anthropic haiku")
	if len(got) == 0 || got[0].Provider != backend.KindAnthropic || !strings.Contains(got[0].Model, "haiku") {
		t.Fatalf("anthropic haiku = %+v", got[:min(3, len(got))])
	}
}

const liveListKey = "sk-or-live-0123456789abcdef"

const liveList = `{"data":[
 {"id":"openai/gpt-4o-mini","name":"OpenAI: GPT-4o-mini","context_length":128000,
  "pricing":{"prompt":"0.00000015","completion":"0.0000006","input_cache_read":"0.000000075"},
  "supported_parameters":["temperature","top_p","stop"]},
 {"id":"deepseek/deepseek-r1","name":"DeepSeek: R1","context_length":64000,
  "pricing":{"prompt":"0.0000007","completion":"0.0000025","input_cache_read":"0.00000007","input_cache_write":"0.000000875"},"supported_parameters":["reasoning","include_reasoning"]},
 {"id":"openrouter/auto","name":"Auto Router","context_length":2000000,"pricing":{"prompt":"-1","completion":"-1"}},
 {"id":"evil/\u001b[31mred","name":"bad id"}
]}`

// modelListServer serves liveList to requests with the right key and counts them.
func modelListServer(t *testing.T, status int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/api/v1/models" || r.Header.Get("Authorization") != "Bearer "+liveListKey {
			http.Error(w, `{"error":{"message":"no"}}`, http.StatusUnauthorized)
			return
		}
		if status != http.StatusOK {
			http.Error(w, `{"error":{"message":"upstream sad, key `+liveListKey+`"}}`, status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(liveList))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestFetchOpenRouterModels(t *testing.T) {
	srv, _ := modelListServer(t, http.StatusOK)
	got, err := FetchOpenRouterModels(context.Background(), srv.Client(), srv.URL+"/api/v1", liveListKey)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("entries = %+v (the id with an escape sequence must be dropped)", got)
	}
	mini := got[0]
	if mini.Model != "openai/gpt-4o-mini" || mini.Price == nil || mini.Price.Input != 0.15 || mini.Price.Output != 0.6 ||
		mini.Price.CacheRead != 0.075 || mini.ContextWindow != 128000 || mini.CanReason || !mini.Live {
		t.Fatalf("gpt-4o-mini = %+v %+v", mini, mini.Price)
	}
	if !got[1].CanReason {
		t.Fatalf("r1 supports reasoning: %+v", got[1])
	}
	if p := got[1].Price; p == nil || math.Abs(p.CacheRead-0.07) > 1e-9 || math.Abs(p.CacheWrite-0.875) > 1e-9 {
		t.Fatalf("r1's cache prices (read 0.07, write 0.875 $/M): %+v", p)
	}
	if got[2].Price != nil {
		t.Fatalf("variable pricing must read as unknown: %+v", got[2].Price)
	}
}

func TestFetchOpenRouterModelsErrorsCarryNoKey(t *testing.T) {
	srv, _ := modelListServer(t, http.StatusBadGateway)
	_, err := FetchOpenRouterModels(context.Background(), srv.Client(), srv.URL+"/api/v1", liveListKey)
	if err == nil || !strings.Contains(err.Error(), "HTTP 502") || strings.Contains(err.Error(), liveListKey) {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadCatalogWithoutKeyIsEmbedded(t *testing.T) {
	srv, hits := modelListServer(t, http.StatusOK)
	c, err := LoadCatalog(context.Background(), CatalogOptions{Client: srv.Client(), BaseURL: srv.URL + "/api/v1", CacheDir: t.TempDir()})
	if err != nil || c.Source != "embedded" || hits.Load() != 0 {
		t.Fatalf("source %q, err %v, fetches %d", c.Source, err, hits.Load())
	}
}

func TestLoadCatalogCachesForADay(t *testing.T) {
	srv, hits := modelListServer(t, http.StatusOK)
	dir := filepath.Join(t.TempDir(), "cache", "routeplay")
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	opts := CatalogOptions{Client: srv.Client(), BaseURL: srv.URL + "/api/v1", Key: liveListKey, CacheDir: dir,
		Now: func() time.Time { return now }}

	c, err := LoadCatalog(context.Background(), opts)
	if err != nil || c.Source != "live" || hits.Load() != 1 {
		t.Fatalf("first load: source %q, err %v, fetches %d", c.Source, err, hits.Load())
	}
	if e, ok := c.Lookup(backend.KindOpenRouter, "deepseek/deepseek-r1"); !ok || !e.Live {
		t.Fatalf("live entry missing: %+v", e)
	}
	if _, ok := c.Lookup(backend.KindOpenAI, "gpt-4o-mini"); !ok {
		t.Fatal("direct providers keep their embedded entries")
	}
	checkPrivate(t, dir, filepath.Join(dir, openRouterModelsFile))

	now = now.Add(23 * time.Hour)
	if c, err := LoadCatalog(context.Background(), opts); err != nil || c.Source != "cache" || hits.Load() != 1 {
		t.Fatalf("within a day: source %q, err %v, fetches %d", c.Source, err, hits.Load())
	}
	now = now.Add(2 * time.Hour)
	if c, err := LoadCatalog(context.Background(), opts); err != nil || c.Source != "live" || hits.Load() != 2 {
		t.Fatalf("after a day: source %q, err %v, fetches %d", c.Source, err, hits.Load())
	}
}

func TestLoadCatalogOffline(t *testing.T) {
	srv, _ := modelListServer(t, http.StatusOK)
	dir := t.TempDir()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	opts := CatalogOptions{Client: srv.Client(), BaseURL: srv.URL + "/api/v1", Key: liveListKey, CacheDir: dir,
		Now: func() time.Time { return now }}
	if _, err := LoadCatalog(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	srv.Close() // offline from here on
	now = now.Add(48 * time.Hour)
	c, err := LoadCatalog(context.Background(), opts)
	if err == nil || c.Source != "stale cache" {
		t.Fatalf("offline with a stale cache: source %q, err %v", c.Source, err)
	}
	if _, ok := c.Lookup(backend.KindOpenRouter, "deepseek/deepseek-r1"); !ok {
		t.Fatal("the stale list should still be used")
	}
	opts.CacheDir = t.TempDir()
	c, err = LoadCatalog(context.Background(), opts)
	if err == nil || c.Source != "embedded" || len(c.Entries) == 0 || strings.Contains(err.Error(), liveListKey) {
		t.Fatalf("offline without a cache: source %q, err %v", c.Source, err)
	}
}

func TestLoadCatalogRefetchesACorruptCache(t *testing.T) {
	srv, hits := modelListServer(t, http.StatusOK)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, openRouterModelsFile), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := LoadCatalog(context.Background(), CatalogOptions{Client: srv.Client(), BaseURL: srv.URL + "/api/v1",
		Key: liveListKey, CacheDir: dir})
	if err != nil || c.Source != "live" || hits.Load() != 1 {
		t.Fatalf("source %q, err %v, fetches %d", c.Source, err, hits.Load())
	}
}

func checkPrivate(t *testing.T, dir, file string) {
	t.Helper()
	for path, want := range map[string]os.FileMode{dir: 0o700, file: 0o600} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s mode = %o, want %o", path, got, want)
		}
	}
}

func TestCatalogCounterparts(t *testing.T) {
	c := EmbeddedCatalog()
	direct, ok := c.Lookup(backend.KindOpenAI, "gpt-4o-mini")
	if !ok {
		t.Fatal("gpt-4o-mini missing")
	}
	var got []string
	for _, e := range c.Counterparts(direct) {
		got = append(got, string(e.Provider)+":"+e.Model)
	}
	if !slices.Contains(got, "openrouter:openai/gpt-4o-mini") || slices.Contains(got, "openrouter:openai/gpt-4o") {
		t.Fatalf("counterparts of openai:gpt-4o-mini = %v", got)
	}
	gw, _ := c.Lookup(backend.KindOpenRouter, "openai/gpt-4o-mini")
	back := c.Counterparts(gw)
	if len(back) == 0 || back[0].Provider == backend.KindOpenRouter {
		t.Fatalf("counterparts of the OpenRouter entry = %+v", back)
	}
	rt, err := back[0].Route()
	if err != nil || rt.Kind != back[0].Provider || rt.Model != back[0].Model {
		t.Fatalf("route = %+v, %v", rt, err)
	}
}

func BenchmarkCatalogSearch(b *testing.B) {
	c := EmbeddedCatalog()
	for _, q := range []string{"", "gpt", "claude haiku", "gmnflsh"} {
		b.Run(fmt.Sprintf("%q", q), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.Search(q)
			}
		})
	}
}
