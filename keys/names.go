// Package keys is routeplay's BYOK key store: keys live in the OS keyring
// (Secret Service, macOS Keychain, Windows Credential Manager), environment
// variables override them, and a non-secret index remembers which names were
// stored and how they last validated. Keys are never written to a plain file.
package keys

import (
	"fmt"
	"regexp"
	"strings"
)

// Service is the keyring service every routeplay key is stored under.
const Service = "routeplay"

// KnownNames are the providers routeplay has presets for, in display order.
var KnownNames = []string{
	"openrouter", "openai", "anthropic", "gemini", "groq",
	"mistral", "deepseek", "xai", "together", "fireworks",
}

// Gemini's SDKs read GEMINI_API_KEY first and fall back to GOOGLE_API_KEY.
var extraEnvVars = map[string][]string{
	"gemini": {"GOOGLE_API_KEY"},
}

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// ValidName reports whether name can be used as a key name.
func ValidName(name string) bool { return namePattern.MatchString(name) }

// CheckName returns a usage error for a name that cannot be a key name.
func CheckName(name string) error {
	if ValidName(name) {
		return nil
	}
	return fmt.Errorf("%w: %q: use 1-64 characters a-z, 0-9, '_' or '-', starting with a letter or digit (for example \"openrouter\" or \"my-vllm\")",
		ErrInvalidName, printable(name))
}

// EnvVars lists the environment variables that hold the key for name, in
// the order they are consulted. Custom names map to NAME_API_KEY with '-'
// turned into '_'.
func EnvVars(name string) []string {
	primary := strings.ToUpper(strings.ReplaceAll(name, "-", "_")) + "_API_KEY"
	return append([]string{primary}, extraEnvVars[name]...)
}

// envHint renders EnvVars for a message: "GEMINI_API_KEY (or GOOGLE_API_KEY)".
func envHint(name string) string {
	vars := EnvVars(name)
	if len(vars) == 1 {
		return vars[0]
	}
	return vars[0] + " (or " + strings.Join(vars[1:], ", ") + ")"
}

// printable keeps a user-supplied name safe to echo: it drops control
// characters and caps the length.
func printable(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			continue
		}
		b.WriteRune(r)
		if b.Len() >= 80 {
			b.WriteString("…")
			break
		}
	}
	return b.String()
}
