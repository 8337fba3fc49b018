package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/preset"
	"github.com/routeplay/routeplay/backend/safetext"
)

// ChecksThroughGateway reports whether a key used by rt is checked through
// the route's gateway rather than at its provider: every gateway but
// OpenRouter, whose own key endpoint ValidateKey knows.
func ChecksThroughGateway(rt backend.Route) bool {
	return rt.Gateway != "" && rt.Kind != backend.KindOpenRouter
}

// ValidateRouteKey checks the keys a gateway route sends, the way its
// gateway needs them: GET {base}/models at the route's base URL, with the
// route's key as Authorization (when it has one) and every header the
// route sends (key-store values read from keys). A route missing the
// header its gateway requires is not sent. Every message is cleaned of
// the key and the header secrets, names no header value, and names the
// gateway; it says who served when the gateway tells.
func ValidateRouteKey(ctx context.Context, client *http.Client, rt backend.Route, keys backend.KeySource) Validation {
	g, _ := preset.LookupGateway(rt.Gateway)
	v := validateThrough(ctx, client, rt, keys)
	title := g.Title
	if title == "" {
		title = "the gateway"
	}
	v.Message = fmt.Sprintf("through %s (route %s): %s", title, safetext.Sanitize(rt.Name), v.Message)
	return v
}

func validateThrough(ctx context.Context, client *http.Client, rt backend.Route, keys backend.KeySource) Validation {
	if _, err := preset.GatewayHeaders(rt); err != nil {
		return Validation{Status: KeyUnchecked, Message: err.Error()}
	}
	base := strings.TrimRight(rt.BaseURL, "/")
	if v, ok := checkableBase(base, "the route's base URL", rt.AllowInsecureHTTP); !ok {
		return v
	}
	req, secrets, err := gatewayRequest(ctx, rt, base+"/models", keys)
	if err != nil {
		return Validation{Status: KeyInvalid, Message: plainLine(err.Error(), "", 200)}
	}
	resp, body, sent := sendCheck(ctx, client, req, "")
	if resp == nil {
		sent.Message = backend.Redact(sent.Message, secrets...)
		return sent
	}
	said := preset.ReadGatewayHeaders(rt, resp.Header)
	v := judgeGateway(resp.StatusCode, said.Exception, body, secrets)
	v.Latency = sent.Latency
	if said.ServedBy != "" && v.Status == KeyValid {
		v.Message += "; served by " + plainLine(said.ServedBy, "", 60)
	}
	return v
}

// gatewayRequest builds the check with the route's key and headers; the
// values read from the key store come back as the secrets to redact.
func gatewayRequest(ctx context.Context, rt backend.Route, endpoint string, keys backend.KeySource) (*http.Request, []string, error) {
	req, err := checkRequest(ctx, endpoint)
	if err != nil {
		return nil, nil, fmt.Errorf("the route's base URL is not usable")
	}
	var secrets []string
	read := func(name string) (string, error) {
		if keys == nil {
			return "", fmt.Errorf("no key store to read key %q", name)
		}
		v, _, err := keys.Key(ctx, name)
		if err == nil {
			err = backend.CheckHeaderValue(v)
		}
		if err != nil {
			return "", fmt.Errorf("key %q: %v", name, backend.Redact(err.Error(), v))
		}
		secrets = append(secrets, v)
		return v, nil
	}
	if rt.KeyName != "" {
		key, err := read(rt.KeyName)
		if err != nil {
			return nil, nil, err
		}
		req.Header.Set("Authorization", "Bearer "+key)
	}
	headers, _ := preset.GatewayHeaders(rt)
	for _, h := range headers {
		v := h.Value
		if h.KeyName != "" {
			if v, err = read(h.KeyName); err != nil {
				return nil, nil, fmt.Errorf("header %s: %v", h.Name, err)
			}
		}
		req.Header.Set(h.Name, v)
	}
	return req, secrets, nil
}

// judgeGateway is judge with the gateway's ways: its own failures
// (exception, as its headers said) apart from the provider's, and errors
// as {"error": ...} or a top-level "message". The detail is cleaned of
// every secret before it is cut.
func judgeGateway(status int, exception bool, body []byte, secrets []string) Validation {
	v := judge(status, nil, "")
	if exception {
		v = Validation{Status: KeyUnreachable, Message: fmt.Sprintf("the gateway itself failed (HTTP %d)", status)}
	}
	if v.Status == KeyValid {
		return v
	}
	var doc struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(body, &doc) != nil {
		return v
	}
	msg := errorText(doc.Error)
	if msg == "" {
		msg = doc.Message
	}
	redact := func(s string) string { return backend.Redact(s, secrets...) }
	v.Message = withDetail(v.Message, safetext.CleanMessage(msg, redact, 159))
	return v
}
