package backend

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckIdentifier refuses text that names something (a route, a model, a
// key name) when it holds a character that could hide or disguise it on
// screen: control characters (ESC, BEL, …), bidi controls (U+202E) and
// invisible format characters (U+200B–U+200F, U+2060, U+FEFF, U+061C, tag
// characters). Names are shown and stored as they are, so they must read
// as what they are. The error names the character, never the text.
func CheckIdentifier(s string) error {
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			return fmt.Errorf("is not valid UTF-8 (at byte %d)", i)
		case unicode.IsControl(r):
			return fmt.Errorf("holds control character %U (at byte %d)", r, i)
		case unicode.Is(unicode.Cf, r):
			return fmt.Errorf("holds invisible or direction-changing character %U (at byte %d)", r, i)
		}
	}
	return nil
}

// keyPrefixes start the keys of well-known providers (and of code hosts
// whose tokens end up in the wrong place just as often).
var keyPrefixes = []string{"sk-", "AIza", "gsk_", "xai-", "ghp_", "github_pat_", "hf_", "r8_", "pplx-", "nvapi-"}

// LooksLikeSecret reports whether s is shaped like a key value rather than
// a name: a provider key prefix followed by a long tail, or a long token of
// letters and digits mixed in the way generated secrets are. Key names such
// as "openrouter" or "my-proxy" never are.
func LooksLikeSecret(s string) bool {
	for _, p := range keyPrefixes {
		if strings.HasPrefix(s, p) && len(s) >= len(p)+16 {
			return true
		}
	}
	if len(s) < 24 || strings.ContainsAny(s, " ./:") {
		return false
	}
	var upper, lower, digit int
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			upper++
		case r >= 'a' && r <= 'z':
			lower++
		case r >= '0' && r <= '9':
			digit++
		case r == '-' || r == '_':
		default:
			return false
		}
	}
	return upper > 0 && lower > 0 && digit >= 2
}
