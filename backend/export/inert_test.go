package export

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// live matches Markdown that a viewer would turn into a link or an image:
// an unescaped bracket, a scheme, www. or an e-mail address, raw HTML.
var live = regexp.MustCompile(`(^|[^\\])[\[\]]|https?://|www\.evil|\w@evil|<a |<img`)

// Probe: untrusted fields (provider names, errors) rendered as live
// Markdown links and images in .md exports.
func TestExportMarkdownStaysInert(t *testing.T) {
	const link = "[click here](https://evil.example/x) ![pixel](https://evil.example/p.png)"
	const more = " see https://evil.example, www.evil.example, a@evil.example, <a href=\"x\">y</a> <img src=x>"
	srv, ts := demo.Start(func(r demo.Request) demo.Script {
		if r.Model == "bad" {
			return demo.Script{Status: 400, ErrorMessage: "oops " + link + more}
		}
		return demo.Script{Text: "ok", ServedProvider: link, ServedModel: "m" + more}
	})
	t.Cleanup(func() { srv.Close(); ts.Close() })
	routes := []backend.Route{testkit.FakeRoute(t, "gw", backend.KindOpenRouter, ts.URL+"/api/v1", "openai/gpt-4o-mini"),
		testkit.FakeRoute(t, "broken", backend.KindOpenAI, ts.URL+"/v1", "bad")}
	results := newTestEngine(backend.Timeouts{}).RunAll(context.Background(), routes, testkit.Ask("hi"), nil)
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, Export{Prompt: "hi", Results: results, Fees: config.DefaultFees()}, nil); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, line := range strings.Split(buf.String(), "\n") {
		if !strings.Contains(line, "evil") {
			continue
		}
		seen++
		if m := live.FindString(line); m != "" {
			t.Errorf("live Markdown %q in %q", m, line)
		}
	}
	if seen < 2 {
		t.Fatalf("the hostile fields are missing:\n%s", buf.String())
	}
}
