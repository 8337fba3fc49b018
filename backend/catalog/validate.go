package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/preset"
	"github.com/routeplay/routeplay/backend/safetext"
)

// KeyStatus is the outcome of checking a key against its provider.
type KeyStatus string

const (
	KeyValid       KeyStatus = "valid"       // the provider accepted the key
	KeyInvalid     KeyStatus = "invalid"     // the provider rejected it (401/403)
	KeyUnreachable KeyStatus = "unreachable" // no verdict: network error, timeout, 5xx, 429, odd answer
	KeyUnchecked   KeyStatus = "unchecked"   // not checked: unknown provider or no base URL
)

// Validation is one key check.
type Validation struct {
	Status  KeyStatus
	Latency time.Duration // request start to response headers; zero when nothing was sent
	Message string        // plain words, the key redacted
	// CreditUsage and CreditLimit are OpenRouter's figures in USD; a nil
	// limit on a valid OpenRouter key means the key has no limit.
	CreditUsage, CreditLimit *float64
}

// defaultValidateTimeout bounds a check when ctx has no deadline.
const defaultValidateTimeout = 15 * time.Second

// maxValidateBody caps how much of an answer is read.
const maxValidateBody = 1 << 20

// ValidateKey checks key with the provider's cheapest authenticated GET:
// OpenRouter {base}/key, OpenAI-style {base}/models, Anthropic
// {base}/v1/models, Gemini {base}/v1beta/models. baseURL overrides the
// preset's. The key travels only in a header, never in the URL, and is
// never sent across a redirect to another host.
func ValidateKey(ctx context.Context, client *http.Client, kind backend.Kind, baseURL string, key string) Validation {
	req, v, ok := validationRequest(ctx, kind, baseURL, key)
	if !ok {
		return v
	}
	resp, body, sent := sendCheck(ctx, client, req, key)
	if resp == nil {
		return sent
	}
	v = judge(resp.StatusCode, body, key)
	v.Latency = sent.Latency
	if v.Status == KeyValid && kind == backend.KindOpenRouter {
		v.CreditUsage, v.CreditLimit = openRouterCredit(body)
	}
	return v
}

// sendCheck sends a key check, bounded by defaultValidateTimeout when ctx
// has no deadline and never following a redirect to another host, and
// reads at most maxValidateBody of the answer. The Validation always
// carries the latency; when resp is nil nothing came back and it is the
// verdict, its message cleaned of key.
func sendCheck(ctx context.Context, client *http.Client, req *http.Request, key string) (resp *http.Response, body []byte, sent Validation) {
	if _, has := ctx.Deadline(); !has {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultValidateTimeout)
		defer cancel()
		req = req.WithContext(ctx)
	}
	start := time.Now()
	resp, err := noRedirectAway(client).Do(req)
	sent.Latency = time.Since(start)
	if err != nil {
		sent.Status, sent.Message = KeyUnreachable, networkMessage(ctx, err, key)
		return nil, nil, sent
	}
	defer resp.Body.Close()
	body, _ = io.ReadAll(io.LimitReader(resp.Body, maxValidateBody))
	return resp, body, sent
}

// validationRequest builds the GET for kind, or says why there is none.
func validationRequest(ctx context.Context, kind backend.Kind, baseURL, key string) (*http.Request, Validation, bool) {
	p, ok := backend.LookupPreset(kind)
	if !ok {
		return nil, Validation{Status: KeyUnchecked, Message: fmt.Sprintf("no way to check keys for provider %q", safetext.Sanitize(string(kind)))}, false
	}
	if key == "" {
		return nil, Validation{Status: KeyInvalid, Message: "the key is empty"}, false
	}
	base := strings.TrimRight(baseURL, "/")
	if base == "" {
		base = p.BaseURL
	}
	if base == "" {
		return nil, Validation{Status: KeyUnchecked, Message: fmt.Sprintf("provider %s needs a base URL to check the key", p.Kind)}, false
	}
	if v, ok := checkableBase(base, "the base URL", false); !ok {
		return nil, v, false
	}
	var endpoint string
	switch {
	case p.Kind == backend.KindOpenRouter:
		endpoint = base + "/key"
	case p.Wire == backend.WireAnthropic:
		endpoint = base + "/v1/models?limit=1"
	case p.Wire == backend.WireGemini:
		endpoint = base + "/v1beta/models?pageSize=1"
	default:
		endpoint = base + "/models"
	}
	req, err := checkRequest(ctx, endpoint)
	if err != nil {
		return nil, Validation{Status: KeyUnchecked, Message: "the base URL is not usable"}, false
	}
	switch p.Wire {
	case backend.WireAnthropic:
		req.Header.Set("x-api-key", key)
		req.Header.Set("anthropic-version", "2023-06-01")
	case backend.WireGemini:
		req.Header.Set("x-goog-api-key", key)
	default:
		req.Header.Set("Authorization", "Bearer "+key)
	}
	return req, Validation{}, true
}

// checkableBase says why base (named what in the message) cannot carry a
// key check: not an http(s) URL, or plain http:// to another machine
// unless allowPlain.
func checkableBase(base, what string, allowPlain bool) (Validation, bool) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Validation{Status: KeyUnchecked, Message: what + " is not an http(s) URL"}, false
	}
	if host, plain := preset.PlainHTTPHost(base); plain && !allowPlain {
		return Validation{Status: KeyUnchecked, Message: fmt.Sprintf(
			"not checked: the key would travel in clear text over http:// to %s", safetext.Sanitize(host))}, false
	}
	return Validation{}, true
}

// checkRequest is the GET of a key check, before its credentials.
func checkRequest(ctx context.Context, endpoint string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "routeplay")
	return req, nil
}

// noRedirectAway copies client with the redirect rule every key-carrying
// client follows (preset.SameHostRedirects).
func noRedirectAway(client *http.Client) *http.Client {
	c := http.Client{}
	if client != nil {
		c = *client
	}
	c.CheckRedirect = preset.SameHostRedirects
	return &c
}

// judge turns an HTTP answer into a verdict.
func judge(status int, body []byte, key string) Validation {
	detail := providerMessage(body, key)
	switch {
	case status >= 200 && status < 300:
		return Validation{Status: KeyValid, Message: "key accepted"}
	case status == 401 || status == 403:
		return Validation{Status: KeyInvalid, Message: withDetail(fmt.Sprintf("key rejected (HTTP %d)", status), detail)}
	case status == 400 && strings.Contains(string(body), "API_KEY_INVALID"):
		// Gemini answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
		return Validation{Status: KeyInvalid, Message: withDetail("key rejected (HTTP 400)", detail)}
	case status == 402:
		return Validation{Status: KeyValid, Message: withDetail("key accepted, but the account is out of credit (HTTP 402)", detail)}
	case status == 429:
		return Validation{Status: KeyUnreachable, Message: withDetail("rate limited (HTTP 429), try again later", detail)}
	case status >= 500:
		return Validation{Status: KeyUnreachable, Message: withDetail(fmt.Sprintf("provider error (HTTP %d)", status), detail)}
	case status == 404:
		return Validation{Status: KeyUnreachable, Message: "nothing at the check endpoint (HTTP 404): is the base URL right?"}
	default:
		return Validation{Status: KeyUnreachable, Message: withDetail(fmt.Sprintf("unexpected answer (HTTP %d)", status), detail)}
	}
}

func withDetail(msg, detail string) string {
	if detail == "" {
		return msg
	}
	return msg + ": " + detail
}

// providerMessage pulls {"error":{"message":...}} (or a string "error")
// out of an error body: sanitised, key redacted, one line, at most 160 runes.
func providerMessage(body []byte, key string) string {
	var doc struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &doc) != nil || len(doc.Error) == 0 {
		return ""
	}
	return plainLine(errorText(doc.Error), key, 160)
}

// errorText is the message of an "error" value: {"message": ...} or a
// plain string; "" for anything else.
func errorText(raw json.RawMessage) string {
	var obj struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		return obj.Message
	}
	var msg string
	_ = json.Unmarshal(raw, &msg)
	return msg
}

// plainLine makes untrusted text one short line without the key: the key
// is removed before control sequences are stripped (a key reflected with
// ESC[m inside is whole only afterwards) and before the line is cut.
func plainLine(s, key string, limit int) string {
	return safetext.CleanMessage(s, func(t string) string { return backend.Redact(t, key) }, limit-1)
}

// networkMessage explains a failed request without the key.
func networkMessage(ctx context.Context, err error, key string) string {
	switch {
	case errors.Is(err, preset.ErrRedirectAway):
		return "the server redirected to another host; routeplay does not send keys across redirects"
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		return "no answer in time"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // the URL is already known to the user; keep the cause
	}
	return "could not reach the provider: " + plainLine(err.Error(), key, 200)
}

// openRouterCredit reads {"data":{"usage":..,"limit":..}} from /key.
func openRouterCredit(body []byte) (usage, limit *float64) {
	var doc struct {
		Data struct {
			Usage *float64 `json:"usage"`
			Limit *float64 `json:"limit"`
		} `json:"data"`
	}
	if json.Unmarshal(body, &doc) != nil {
		return nil, nil
	}
	return doc.Data.Usage, doc.Data.Limit
}
