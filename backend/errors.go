package backend

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrorKind classifies why a route failed so callers can choose their wording.
type ErrorKind string

const (
	ErrAuth        ErrorKind = "auth"         // 401/403
	ErrPayment     ErrorKind = "payment"      // 402
	ErrRateLimited ErrorKind = "rate_limited" // 429
	ErrBadRequest  ErrorKind = "bad_request"  // 400/404/422
	ErrTimeout     ErrorKind = "timeout"      // no response in time, or stalled mid-stream
	ErrUpstream    ErrorKind = "upstream"     // 5xx
	ErrGateway     ErrorKind = "gateway"      // the gateway itself failed, not the provider behind it
	ErrStream      ErrorKind = "stream"       // malformed or truncated stream
	ErrNetwork     ErrorKind = "network"      // could not reach the server
	ErrCanceled    ErrorKind = "canceled"     // the user canceled
	ErrNoKey       ErrorKind = "no_key"       // no key configured for the route
	ErrTooLarge    ErrorKind = "too_large"    // the answer passed the route's byte limit
)

// DefaultMaxResponseBytes bounds the bytes one run decodes unless the
// config says otherwise (max_response_bytes): far above any real answer,
// far below what would exhaust memory.
const DefaultMaxResponseBytes int64 = 32 << 20

// RouteError is a route's failure: a kind, the HTTP status when there was
// one, and the provider's message with every known key redacted.
type RouteError struct {
	Kind       ErrorKind
	Status     int      // 0 when there was no HTTP status
	Message    string   // plain words, no JSON, no keys, no control sequences
	RetryAfter *float64 // seconds, when the provider said
}

func (e *RouteError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("%s (HTTP %d): %s", e.Kind, e.Status, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Message)
}

// AsRouteError returns err as a *RouteError if it is one.
func AsRouteError(err error) (*RouteError, bool) {
	var re *RouteError
	ok := errors.As(err, &re)
	return re, ok
}

// KindForStatus maps an HTTP status to an error kind.
func KindForStatus(status int) ErrorKind {
	switch {
	case status == 401 || status == 403:
		return ErrAuth
	case status == 402:
		return ErrPayment
	case status == 429:
		return ErrRateLimited
	case status == 408:
		return ErrTimeout
	case status >= 500:
		return ErrUpstream
	default:
		return ErrBadRequest
	}
}

// redact replaces every occurrence of each secret in s with a mask.
func Redact(s string, secrets ...string) string {
	for _, k := range secrets {
		if len(k) >= 4 {
			s = strings.ReplaceAll(s, k, "[redacted key]")
		}
	}
	return s
}

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
