package pane

import (
	"testing"

	"github.com/routeplay/routeplay/backend"
)

func TestGatewayFallbackIsWordedPerGateway(t *testing.T) {
	pk := backend.Route{Kind: "portkey", Gateway: "portkey", Model: "gpt-4o-mini"}
	for _, tc := range []struct {
		at             backend.Route
		served, target string
		want           string
	}{
		{pk, "gpt-4o", "config.targets[1]", "portkey fell back to gpt-4o"},
		{pk, "gpt-4o-mini-2024-07-18", "config.targets[1]", "portkey fell back to config.targets[1]"},
		{backend.Route{Kind: backend.KindOpenRouter, Model: "openai/gpt-4o"}, "anthropic/claude-3.5-sonnet", "", "OpenRouter fell back to anthropic/claude-3.5-sonnet"},
	} {
		if got := gatewayFellBack(tc.at, tc.served, tc.target); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}
