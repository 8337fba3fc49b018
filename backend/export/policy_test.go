package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

func TestExportHasOneDataPolicyLinePerRoute(t *testing.T) {
	or := &backend.Result{Route: backend.Route{Name: "or", Kind: backend.KindOpenRouter,
		OpenRouter: &backend.OpenRouterOptions{Provider: map[string]any{"zdr": true}}}, ServedBy: "Alpha"}
	direct := &backend.Result{Route: backend.Route{Name: "direct", Kind: backend.KindOpenAI}}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, Export{Prompt: "hi", Results: []*backend.Result{or, direct}, Fees: config.DefaultFees()}, nil); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	_, section, ok := strings.Cut(md, "## Data policy\n\n")
	if !ok {
		t.Fatalf("no data policy section:\n%s", md)
	}
	lines := strings.Split(strings.TrimSpace(strings.Split(section, "\n\n")[0]), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "- **or**: OpenRouter: data_collection allow, zdr on") ||
		!strings.Contains(lines[0], "served by Alpha") || !strings.HasPrefix(lines[1], "- **direct**: openai: training: not used") {
		t.Fatalf("lines %q", lines)
	}
}
