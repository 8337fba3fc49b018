package backend

import (
	"strconv"
	"strings"
)

// NotSent reports whether a failure is not the route's: the request never
// reached the provider (no key) or the user stopped it. Such runs are shown
// for what they are and left out of error rates, or a missing key would
// read as a route that fails every time.
func NotSent(kind ErrorKind) bool { return kind == ErrNoKey || kind == ErrCanceled }

// NotSentKinds are the kinds NotSent holds, in the order they are shown.
var NotSentKinds = []ErrorKind{ErrNoKey, ErrCanceled}

// NotSentText says how many runs were not sent and why: "2 not sent (no
// key)", "1 canceled"; empty when there were none.
func NotSentText(counts map[string]int) string {
	var parts []string
	if n := counts[string(ErrNoKey)]; n > 0 {
		parts = append(parts, strconv.Itoa(n)+" not sent (no key)")
	}
	if n := counts[string(ErrCanceled)]; n > 0 {
		parts = append(parts, strconv.Itoa(n)+" canceled")
	}
	return strings.Join(parts, ", ")
}
