package pane

import (
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func testRoutes() []backend.Route {
	return []backend.Route{{Name: "or-gpt", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini", KeyName: "openrouter"}}
}

func text(at int, s string) backend.Event {
	return backend.Event{Kind: backend.EventText, At: time.Duration(at) * time.Millisecond, Text: s}
}

func done(at int) backend.Event {
	return backend.Event{Kind: backend.EventDone, At: time.Duration(at) * time.Millisecond, Finish: "stop"}
}

func TestDatedModelIsNotAFallback(t *testing.T) {
	if modelSwapped("openai/gpt-4o", "openai/gpt-4o-2024-08-06") || !modelSwapped("openai/gpt-4o", "anthropic/claude-3.5-sonnet") {
		t.Fatal("modelSwapped misjudges a dated version or a swap")
	}
}

func TestAShortPromptIsEchoedWhole(t *testing.T) {
	if got := promptEcho("a\nb\nc"); got != "a\nb\nc" {
		t.Fatalf("echo %q", got)
	}
}
