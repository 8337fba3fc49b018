package cli

import (
	"context"
	"testing"

	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

func TestKeysAtStartNameTheKeysPresent(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, map[string]string{"OPENAI_API_KEY": "sk-test-1234567890abcdef"})
	ks := kt.store()
	have := keysAtStart(context.Background(), &cmdenv.Session{Keys: ks})
	if have == nil || !have["openai"] || have["anthropic"] {
		t.Fatalf("keys at start: %v", have)
	}
	if keysAtStart(context.Background(), &cmdenv.Session{Keys: ks, Demo: true}) != nil {
		t.Fatal("the demo says nothing about keys")
	}
}
