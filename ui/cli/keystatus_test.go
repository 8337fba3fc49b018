package cli

import (
	"context"
	"testing"
)

func TestKeysAtStartNameTheKeysPresent(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, map[string]string{"OPENAI_API_KEY": "sk-test-1234567890abcdef"})
	ks := kt.keyStore()
	have := keysAtStart(context.Background(), &session{keys: ks})
	if have == nil || !have["openai"] || have["anthropic"] {
		t.Fatalf("keys at start: %v", have)
	}
	if keysAtStart(context.Background(), &session{keys: ks, demo: true}) != nil {
		t.Fatal("the demo says nothing about keys")
	}
}
