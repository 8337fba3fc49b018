package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/demo"
)

// TestSplitAnOpenRouterRouteByProvider splits the OpenRouter route of a
// loopback fake with alt+p, sends one prompt, and reads the serving
// endpoint's published figures under the zoomed pane; alt+p puts it back.
func TestSplitAnOpenRouterRouteByProvider(t *testing.T) {
	t.Parallel()
	requireTmux(t)
	fake, srv := demo.Start(func(r demo.Request) demo.Script {
		sc := demo.Script{Text: "Hello from the fake."}
		if p, ok := r.Body["provider"].(map[string]any); ok {
			if only, ok := p["only"].([]any); ok && len(only) == 1 {
				slug, _ := only[0].(string)
				sc.ServedProvider = strings.ToUpper(slug[:1]) + slug[1:] // OpenRouter names the provider, not its slug
			}
		}
		return sc
	})
	defer srv.Close()
	s := startWithConfig(t, srv.URL)
	s.waitFor("the two panes", 10*time.Second, contains("healthy"))
	s.keys("M-2")
	s.keys("M-p")
	s.waitFor("the provider routes", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "healthy@alpha") && strings.Contains(scr, "healthy@gamma")
	})
	s.keys("-l", "Say hello")
	s.keys("Enter")
	s.waitFor("every route to end", 20*time.Second, func(scr string) bool { return strings.Count(scr, "✓ done") == 4 })
	var pinned []string
	for _, r := range fake.Requests() {
		if p, ok := r.Body["provider"].(map[string]any); ok && p["allow_fallbacks"] == false {
			pinned = append(pinned, p["only"].([]any)[0].(string))
		}
	}
	slices.Sort(pinned)
	if strings.Join(pinned, ",") != "alpha,beta,gamma" {
		t.Fatalf("pinned requests: %v", pinned)
	}
	s.keys("M-2")
	s.keys("C-o")
	s.waitFor("the published figures of Alpha", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "published (OpenRouter, 30 min): uptime 99.5%") &&
			strings.Contains(scr, "served by Alpha, policy https://alpha.example/privacy")
	})
	s.keys("C-o")
	s.keys("M-p")
	s.waitFor("the route back", 10*time.Second, func(scr string) bool {
		return strings.Contains(scr, "healthy is back") && !strings.Contains(scr, "healthy@beta")
	})
	s.keys("C-c") // nothing streams: one press quits
	s.waitFor("exit", 10*time.Second, contains("ROUTEPLAY-EXIT=0"))
}
