package demo

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

type endpointKind int

const (
	endpointUnknown        endpointKind = iota
	endpointStream                      // a streamed chat response
	endpointModels                      // a model list, used to validate keys
	endpointKey                         // OpenRouter's key info
	endpointGeneration                  // OpenRouter's per-generation stats
	endpointModelEndpoints              // OpenRouter's endpoints of one model
	endpointProviders                   // OpenRouter's provider list with policy links
)

// endpoint is what a request's path asks for.
type endpoint struct {
	kind       endpointKind
	wire       Wire
	method     string
	openRouter bool   // under /api/v1/: OpenRouter's error bodies and gen- ids
	model      string // Gemini puts the model in the path
}

// maxBodyBytes bounds what the fake reads of a request body.
const maxBodyBytes = 16 << 20

// route maps a request to an endpoint by its path (and, for the model list
// that OpenAI and Anthropic share at /v1/models, by its headers).
func route(r *http.Request) endpoint {
	p := r.URL.Path
	openRouter := strings.Contains(p, "/api/v1/")
	switch {
	case strings.HasSuffix(p, "/chat/completions"):
		return endpoint{kind: endpointStream, wire: OpenAI, method: http.MethodPost, openRouter: openRouter}
	case strings.HasSuffix(p, "/v1/messages"):
		return endpoint{kind: endpointStream, wire: Anthropic, method: http.MethodPost}
	case strings.HasSuffix(p, ":streamGenerateContent"):
		i := strings.LastIndex(p, "/models/")
		if i < 0 {
			return endpoint{wire: Gemini}
		}
		model := strings.TrimSuffix(p[i+len("/models/"):], ":streamGenerateContent")
		return endpoint{kind: endpointStream, wire: Gemini, method: http.MethodPost, model: model}
	case strings.HasSuffix(p, "/api/v1/key"), strings.HasSuffix(p, "/api/v1/auth/key"):
		return endpoint{kind: endpointKey, wire: OpenAI, method: http.MethodGet, openRouter: true}
	case strings.HasSuffix(p, "/api/v1/generation"):
		return endpoint{kind: endpointGeneration, wire: OpenAI, method: http.MethodGet, openRouter: true}
	case openRouter && strings.Contains(p, "/models/") && strings.HasSuffix(p, "/endpoints"):
		return endpoint{kind: endpointModelEndpoints, wire: OpenAI, method: http.MethodGet, openRouter: true}
	case strings.HasSuffix(p, "/api/v1/providers"):
		return endpoint{kind: endpointProviders, wire: OpenAI, method: http.MethodGet, openRouter: true}
	case strings.HasSuffix(p, "/v1beta/models"):
		return endpoint{kind: endpointModels, wire: Gemini, method: http.MethodGet}
	case strings.HasSuffix(p, "/models"):
		wire := OpenAI
		if r.Header.Get("x-api-key") != "" || r.Header.Get("anthropic-version") != "" {
			wire = Anthropic
		}
		return endpoint{kind: endpointModels, wire: wire, method: http.MethodGet, openRouter: openRouter}
	}
	return endpoint{openRouter: openRouter}
}

// decodeRequest records what arrived. It always returns a usable Request;
// the error reports a body that is not the JSON a stream endpoint needs.
func decodeRequest(r *http.Request, ep endpoint) (Request, error) {
	req := Request{Wire: ep.wire, Path: r.URL.Path, Header: r.Header.Clone(), Model: ep.model}
	if ep.kind != endpointStream || r.Method != http.MethodPost {
		return req, nil
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		return req, errors.New("could not read the request body")
	}
	if err := json.Unmarshal(raw, &req.Body); err != nil || req.Body == nil {
		return req, errors.New("the request body is not a JSON object")
	}
	if m, ok := req.Body["model"].(string); ok && req.Model == "" {
		req.Model = m
	}
	if ep.wire == Gemini {
		if r.URL.Query().Get("alt") != "sse" {
			return req, errors.New("streaming needs alt=sse")
		}
		req.Prompt = lastUserText(req.Body["contents"], "parts")
	} else {
		req.Prompt = lastUserText(req.Body["messages"], "content")
	}
	return req, nil
}

// lastUserText returns the text of the last user turn. OpenAI and Anthropic
// keep it in "content" (a string or a list of text blocks), Gemini in "parts".
func lastUserText(turns any, field string) string {
	list, _ := turns.([]any)
	for i := len(list) - 1; i >= 0; i-- {
		turn, _ := list[i].(map[string]any)
		if role, _ := turn["role"].(string); role != "user" {
			continue
		}
		switch c := turn[field].(type) {
		case string:
			return c
		case []any:
			return joinTextParts(c)
		}
		return ""
	}
	return ""
}

func joinTextParts(parts []any) string {
	var b strings.Builder
	for _, p := range parts {
		if part, ok := p.(map[string]any); ok {
			if t, ok := part["text"].(string); ok {
				b.WriteString(t)
			}
		}
	}
	return b.String()
}

// presentedKey is the key a request carries in any provider's header.
func presentedKey(h http.Header) string {
	if a := h.Get("Authorization"); len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
		return strings.TrimSpace(a[7:])
	}
	if k := h.Get("x-api-key"); k != "" {
		return k
	}
	return h.Get("x-goog-api-key")
}

// authorize checks the key. With RequireKey set every endpoint needs that
// key; otherwise only the key-validation endpoints need one, of any value.
// The message never repeats the key.
func (s *Server) authorize(r *http.Request, ep endpoint) (string, bool) {
	got := presentedKey(r.Header)
	want := s.expectedKey()
	if want == "" && (ep.kind == endpointStream || ep.kind == endpointGeneration) {
		return "", true
	}
	if got == "" {
		return "missing API key", false
	}
	if want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return "invalid API key", false
	}
	return "", true
}
