// Package apierror turns a provider's error (an HTTP error body, or an error
// event inside a stream) into a backend.RouteError: its kind, status,
// message and retry delay.
package apierror

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/safetext"
)

// MaxMessageRunes bounds a provider message shown to the user. The engine
// applies it after redacting keys (safetext.CleanMessage), never before.
const MaxMessageRunes = 300

// providerError is the union of the providers' error objects: OpenAI and
// OpenRouter {message,type,code,metadata}, Anthropic {type,message}, Gemini
// {code,message,status,details}.
type providerError struct {
	Message  string          `json:"message"`
	Type     string          `json:"type"`
	Code     json.RawMessage `json:"code"`
	Status   string          `json:"status"`
	Metadata struct {
		Raw          json.RawMessage `json:"raw"`
		ProviderName string          `json:"provider_name"`
		ErrorType    string          `json:"error_type"`
		Reasons      []string        `json:"reasons"`
	} `json:"metadata"`
	Details []struct {
		Reason     string `json:"reason"`
		RetryDelay string `json:"retryDelay"`
	} `json:"details"`
}

// errorEnvelope finds the error object in a body; compatible servers also
// send {"error":"text"} (Ollama) or {"detail":...} (FastAPI).
type errorEnvelope struct {
	Error   json.RawMessage `json:"error"`
	Detail  json.RawMessage `json:"detail"`
	Message string          `json:"message"`
}

// parseProviderError extracts an error object from a JSON body. Fields of an
// unexpected type are skipped rather than failing the whole parse.
func parseProviderError(body []byte) (providerError, bool) {
	var pe providerError
	var env errorEnvelope
	if err := json.Unmarshal(body, &env); err != nil && !isTypeError(err) {
		return pe, false
	}
	switch {
	case len(env.Error) > 0 && env.Error[0] == '{':
		if err := json.Unmarshal(env.Error, &pe); err != nil && !isTypeError(err) {
			return pe, false
		}
		return pe, true
	case len(env.Error) > 0 && env.Error[0] == '"':
		return pe, json.Unmarshal(env.Error, &pe.Message) == nil
	case len(env.Detail) > 0:
		pe.Message = detailMessage(env.Detail)
		return pe, pe.Message != ""
	case env.Message != "":
		pe.Message = env.Message
		return pe, true
	}
	return pe, false
}

func isTypeError(err error) bool {
	var te *json.UnmarshalTypeError
	return errors.As(err, &te)
}

// detailMessage reads a FastAPI detail: a string or a list of {msg}.
func detailMessage(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []struct {
		Msg string `json:"msg"`
	}
	if json.Unmarshal(raw, &list) == nil && len(list) > 0 {
		return list[0].Msg
	}
	return ""
}

// FromResponse turns a failed response (non-2xx, or 2xx with a JSON
// error body) into a RouteError with the provider's message in plain words.
// The wire is not needed: each provider's error shape is recognised by its
// fields, and compatible servers mix them. Keys are redacted by the caller,
// which knows them.
func FromResponse(_ backend.Wire, status int, h http.Header, body []byte) *backend.RouteError {
	var re *backend.RouteError
	if pe, ok := parseProviderError(body); ok {
		re = routeErrorFrom(status, &pe)
	} else if status >= 200 && status < 300 {
		re = &backend.RouteError{Kind: backend.ErrStream, Message: "the provider answered with a plain response instead of a stream"}
	} else {
		re = &backend.RouteError{Kind: backend.KindForStatus(status), Status: status, Message: bodySummary(status, body)}
	}
	if s := retryAfter(h, time.Now()); s != nil {
		re.RetryAfter = s
	}
	return re
}

// FromStream turns an in-stream error value (an object or a bare string)
// into a RouteError.
func FromStream(raw []byte) *backend.RouteError {
	var pe providerError
	if raw[0] == '"' {
		_ = json.Unmarshal(raw, &pe.Message)
	} else if err := json.Unmarshal(raw, &pe); err != nil && !isTypeError(err) {
		return &backend.RouteError{Kind: backend.ErrUpstream, Message: "the provider reported an error it did not describe"}
	}
	return routeErrorFrom(0, &pe)
}

// routeErrorFrom builds a RouteError from a provider error object. status is
// the HTTP status, or 0 for an error delivered inside a 200 stream.
func routeErrorFrom(status int, pe *providerError) *backend.RouteError {
	code := errorCode(pe.Code)
	httpStatus := status
	if httpStatus < 300 && code >= 400 && code < 600 {
		httpStatus = code // an error inside a 200 response names its real status
	} else if httpStatus < 300 {
		httpStatus = 0
	}
	re := &backend.RouteError{Kind: errorKind(httpStatus, pe), Status: httpStatus, Message: errorMessage(pe)}
	if re.Message == "" {
		re.Message = statusText(httpStatus)
	}
	for _, d := range pe.Details {
		if v, err := time.ParseDuration(d.RetryDelay); err == nil && v >= 0 {
			secs := v.Seconds()
			re.RetryAfter = &secs
		}
	}
	return re
}

// errorCode reads a numeric code; string codes are handled by errorKind.
func errorCode(raw json.RawMessage) int {
	var n int
	if json.Unmarshal(raw, &n) == nil {
		return n
	}
	return 0
}

// errorKinds maps provider error types and codes where they say more than
// the HTTP status (OpenAI's quota error is a 429, Gemini's bad key a 400).
var errorKinds = map[string]backend.ErrorKind{
	"insufficient_quota": backend.ErrPayment, "billing_error": backend.ErrPayment, "payment_required": backend.ErrPayment,
	"invalid_api_key": backend.ErrAuth, "authentication_error": backend.ErrAuth, "permission_error": backend.ErrAuth,
	"authentication": backend.ErrAuth, "permission_denied": backend.ErrAuth, "PERMISSION_DENIED": backend.ErrAuth,
	"UNAUTHENTICATED": backend.ErrAuth, "API_KEY_INVALID": backend.ErrAuth,
	"rate_limit_exceeded": backend.ErrRateLimited, "rate_limit_error": backend.ErrRateLimited, "RESOURCE_EXHAUSTED": backend.ErrRateLimited,
	"overloaded_error": backend.ErrUpstream, "api_error": backend.ErrUpstream, "provider_overloaded": backend.ErrUpstream,
	"provider_unavailable": backend.ErrUpstream, "server": backend.ErrUpstream, "UNAVAILABLE": backend.ErrUpstream, "INTERNAL": backend.ErrUpstream,
	"timeout_error": backend.ErrTimeout, "timeout": backend.ErrTimeout, "DEADLINE_EXCEEDED": backend.ErrTimeout,
	"invalid_request_error": backend.ErrBadRequest, "not_found_error": backend.ErrBadRequest, "INVALID_ARGUMENT": backend.ErrBadRequest,
	"context_length_exceeded": backend.ErrBadRequest, "invalid_request": backend.ErrBadRequest,
}

func errorKind(status int, pe *providerError) backend.ErrorKind {
	var code string
	if json.Unmarshal(pe.Code, &code) != nil {
		code = ""
	}
	names := []string{code, pe.Metadata.ErrorType}
	for _, d := range pe.Details {
		names = append(names, d.Reason) // Gemini's bad key: INVALID_ARGUMENT with reason API_KEY_INVALID
	}
	for _, name := range append(names, pe.Type, pe.Status) {
		if k, ok := errorKinds[name]; ok {
			// A catch-all type such as invalid_request_error says less than
			// a status that names the problem (OpenAI sends it with 403,
			// every provider with 408).
			if k == backend.ErrBadRequest && status >= 400 {
				return backend.KindForStatus(status)
			}
			return k
		}
	}
	if status >= 400 {
		return backend.KindForStatus(status)
	}
	return backend.ErrUpstream
}

// errorMessage is the provider's message, its upstream's name and the
// upstream's own message (OpenRouter metadata), in plain words.
func errorMessage(pe *providerError) string {
	msg := plainMessage(pe.Message, 0)
	if p := plainMessage(pe.Metadata.ProviderName, 0); p != "" {
		msg = fmt.Sprintf("%s (%s)", msg, p)
	}
	if inner := rawMessage(pe.Metadata.Raw); inner != "" && !strings.Contains(msg, inner) {
		msg += ": " + inner
	}
	if len(pe.Metadata.Reasons) > 0 {
		msg += "; flagged for " + plainMessage(strings.Join(pe.Metadata.Reasons, ", "), 0)
	}
	return strings.TrimSpace(msg)
}

// rawMessage reads OpenRouter's metadata.raw: the upstream's error, as a
// JSON string that may itself hold the upstream's JSON body.
func rawMessage(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return plainMessage(s, 0)
	}
	return plainMessage(string(raw), 0)
}

// PlainMessage is plainMessage at the top level, for messages a decoder
// finds outside an error object.
func PlainMessage(s string) string { return plainMessage(s, 0) }

// plainMessage makes an untrusted message fit for a terminal line: nested
// JSON is replaced by its message (or dropped), control sequences are
// removed and whitespace folded. It does not shorten: a cut could fall
// inside a key, so the engine cuts after redacting (safetext.CleanMessage).
func plainMessage(s string, depth int) string {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		if pe, ok := parseProviderError([]byte(t)); ok && depth < 2 {
			return plainMessage(pe.Message, depth+1)
		}
		return ""
	}
	return safetext.CleanMessage(t, nil, 0)
}

// bodySummary describes a non-JSON error body (an HTML page from a proxy,
// plain text): the status text and the body as plain text. Like
// plainMessage it does not shorten; the caller bounds the body it reads.
func bodySummary(status int, body []byte) string {
	text := statusText(status)
	if json.Valid(body) {
		return text // JSON without a recognisable error: never shown raw
	}
	snippet := string(body)
	if t := strings.TrimSpace(snippet); strings.HasPrefix(t, "<") {
		snippet = stripTags(t)
	}
	snippet = safetext.CleanMessage(snippet, nil, 0)
	if snippet == "" {
		return text
	}
	return text + ": " + snippet
}

// stripTags drops HTML tags so a proxy's error page reads as its text.
func stripTags(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
			b.WriteByte(' ')
		case !inTag:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	if status == 529 {
		return "Overloaded"
	}
	if status == 0 {
		return "the provider reported an error"
	}
	return "HTTP status " + strconv.Itoa(status)
}

// retryAfter reads retry-after-ms (milliseconds) or Retry-After (seconds or
// an HTTP date) as seconds from now.
func retryAfter(h http.Header, now time.Time) *float64 {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 && ms < 1e12 {
			s := ms / 1000
			return &s
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return nil
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 && s < 1e9 {
		return &s
	}
	if t, err := http.ParseTime(v); err == nil {
		s := max(t.Sub(now).Seconds(), 0)
		return &s
	}
	return nil
}
