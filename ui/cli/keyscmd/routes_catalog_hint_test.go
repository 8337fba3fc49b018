package keyscmd

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

func TestCatalogListingSaysDidYouMean(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	writeCatalogText(&b, CatalogListing{Query: "gtp-4o-mini", Source: "embedded", DidYouMean: "openai:gpt-4o-mini",
		Models: []catalog.CatalogEntry{}})
	if !strings.Contains(b.String(), `nothing matches "gtp-4o-mini"; did you mean openai:gpt-4o-mini?`) {
		t.Fatalf("got:\n%s", b.String())
	}
}

func TestMistypedDemoRouteSaysDidYouMean(t *testing.T) {
	t.Parallel()
	_, err := cmdenv.PickDemoRoutes([]string{"demo-opnai"})
	if err == nil || !strings.Contains(err.Error(), `no demo route "demo-opnai"; did you mean "demo-openai"?`) {
		t.Fatalf("error = %v", err)
	}
}

func TestMistypedModelIsNamedBeforeSending(t *testing.T) {
	t.Parallel()
	rts, err := config.ResolveRoutes(nil, []string{"openai:gpt-4o-mnii", "anthropic:claude-sonnet-4-5"})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	cmdenv.WarnUnlistedModels(&b, rts)
	want := "routeplay: warning: the model catalog has no openai model \"gpt-4o-mnii\"; did you mean openai:gpt-4o-mini?\n"
	if b.String() != want {
		t.Fatalf("got %q, want %q", b.String(), want)
	}
}
