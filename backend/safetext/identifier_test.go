package safetext

import "testing"

func TestLooksLikeSecret(t *testing.T) {
	for s, want := range map[string]bool{
		"sk-or-v1-0123456789abcdef0123456789abcdef": true, "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv": true,
		"Xk3Lm9Qr7Tz2Wv5Yb8Nc4Pd6Hf1Jg0Ks": true, "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3": true,
		"openrouter": false, "my-proxy": false, "DeepSeek-R1-Distill-Llama-70B": false, "sk-mini": false,
		"claude-sonnet-4-5-20250929": false, "openai:gpt-4o-mini": false, "gpt4o20240806experimental": false,
		"meta-llama/Llama-3.3-70B-Instruct-Turbo": false,
	} {
		if got := LooksLikeSecret(s); got != want {
			t.Errorf("LooksLikeSecret(%q) = %v, want %v", s, got, want)
		}
	}
}
