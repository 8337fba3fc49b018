package ui

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

func TestSendWarnsAboutParametersTheRouteWillNotSend(t *testing.T) {
	opts := threeRoutes()
	temp := 1.5
	for i := range opts.Routes {
		if opts.Routes[i].Name == "claude" {
			opts.Routes[i].Wire = backend.WireAnthropic
			opts.Routes[i].Params.Temperature = &temp
			opts.Routes[i].Params.ReasoningEffort = "high"
		}
	}
	m, _ := sent(t, opts, 120, 40)
	if !strings.Contains(m.status, "Warning: claude: reasoning_effort is not sent on the Anthropic wire") ||
		!strings.Contains(m.status, "+1 more") {
		t.Fatalf("status = %q", m.status)
	}
	clean, _ := sent(t, threeRoutes(), 120, 40)
	if clean.status != "" {
		t.Fatalf("a route without odd parameters warned: %q", clean.status)
	}
}
