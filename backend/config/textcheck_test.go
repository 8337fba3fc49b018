package config

import (
	"fmt"
	"strings"
	"testing"
)

// Probe: route names and models with ESC, BEL, U+202E and invisible marks
// reached ask's output; they are refused at load, naming the field and the
// character, never echoing it.
func TestConfigRefusesHiddenCharactersInNames(t *testing.T) {
	for _, bad := range []string{"\x1b[2J", "\a", "\u202e", "\u200b", "\u200f", "\u2060", "\ufeff", "\u061c", "\U000E0041"} {
		for _, field := range []string{"name", "model"} {
			text := fmt.Sprintf("[[routes]]\nprovider = \"openai\"\nmodel = \"gpt-4o\"\n%s = %s\n", field, tomlQuote("x"+bad+"y"))
			text = strings.Replace(text, "model = \"gpt-4o\"\n", "", strings.Count(text, "model =")-1)
			_, err := ParseConfig("c.toml", []byte(text))
			if err == nil {
				t.Errorf("%s %q accepted", field, bad)
				continue
			}
			if msg := err.Error(); !strings.Contains(msg, field+":") || strings.Contains(msg, bad) || !strings.Contains(msg, "U+") {
				t.Errorf("%s %q: error %q", field, bad, msg)
			}
		}
	}
	if _, err := ParseRouteSpec("openai:gpt\u202e-4o"); err == nil || strings.Contains(err.Error(), "\u202e") {
		t.Errorf("route spec: %v", err)
	}
}

// Probe: a key pasted into key = by mistake was echoed in errors, exports
// and history. It is refused at load without being printed.
func TestConfigRefusesAKeyValueWithoutPrintingIt(t *testing.T) {
	for _, secret := range []string{"sk-or-v1-0123456789abcdef0123456789abcdef", "sk-ant-api03-AbCdEf0123456789xyz",
		"AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv", "Xk3Lm9Qr7Tz2Wv5Yb8Nc4Pd6Hf1Jg0Ks"} {
		for _, field := range []string{"key", "name"} {
			text := fmt.Sprintf("[[routes]]\nprovider = \"openai\"\nmodel = \"gpt-4o\"\n%s = %q\n", field, secret)
			_, err := ParseConfig("c.toml", []byte(text))
			if err == nil || !strings.Contains(err.Error(), "looks like a key value") || strings.Contains(err.Error(), secret[4:12]) {
				t.Errorf("%s = %s…: error %v", field, secret[:4], err)
			}
		}
	}
	for _, name := range []string{"openrouter", "my-proxy", "together", "openai-compatible:meta-llama/Llama-3.3-70B-Instruct-Turbo"} {
		text := fmt.Sprintf("[[routes]]\nprovider = \"openai\"\nmodel = \"gpt-4o\"\nname = %q\nkey = %q\n", name, "my-proxy")
		if _, err := ParseConfig("c.toml", []byte(text)); err != nil {
			t.Errorf("name %q refused: %v", name, err)
		}
	}
}

// tomlQuote writes s as a TOML basic string, escaping every rune outside
// printable ASCII.
func tomlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f && r != '"' && r != '\\':
			b.WriteRune(r)
		case r > 0xffff:
			fmt.Fprintf(&b, "\\U%08X", r)
		default:
			fmt.Fprintf(&b, "\\u%04X", r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
