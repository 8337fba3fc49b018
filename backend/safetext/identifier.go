package safetext

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
// a name: a provider key prefix followed by a long tail, or a long unbroken
// run of letters and digits mixed the way generated secrets are (20 or more
// with both cases, 32 or more otherwise). Names such as "openrouter",
// "my-proxy" or "DeepSeek-R1-Distill-Llama-70B" never are: their words are
// short.
func LooksLikeSecret(s string) bool {
	for _, p := range keyPrefixes {
		if strings.HasPrefix(s, p) && len(s) >= len(p)+16 {
			return true
		}
	}
	isSep := func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }
	for _, word := range strings.FieldsFunc(s, isSep) {
		if secretShaped(word) {
			return true
		}
	}
	return false
}

// secretShaped judges one run of ASCII letters and digits.
func secretShaped(w string) bool {
	if len(w) < 20 {
		return false
	}
	var upper, lower, digit int
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= 'A' && c <= 'Z':
			upper++
		case c >= 'a' && c <= 'z':
			lower++
		default:
			digit++
		}
	}
	if digit < 2 || upper+lower < 2 {
		return false
	}
	return upper > 0 && lower > 0 || len(w) >= 32
}
