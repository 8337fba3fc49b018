package demo

import (
	"encoding/json"
	"net/http"
	"strings"
)

// failed reports whether the script asks for an error response instead of a stream.
func failed(sc Script) bool {
	return sc.ErrorBodyRaw != "" || (sc.Status != 0 && (sc.Status < 200 || sc.Status > 299))
}

// writeScriptedError answers with the script's status and error body.
func writeScriptedError(w http.ResponseWriter, req Request, ep endpoint, sc Script) {
	status := sc.Status
	if status == 0 {
		status = http.StatusBadGateway
	}
	if sc.ErrorBodyRaw == "" {
		writeError(w, req, ep, status, sc.ErrorMessage, sc.RetryAfter)
		return
	}
	if sc.RetryAfter != "" {
		w.Header().Set("Retry-After", sc.RetryAfter)
	}
	ct := "text/plain; charset=utf-8"
	if strings.HasPrefix(strings.TrimSpace(sc.ErrorBodyRaw), "<") {
		ct = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(sc.ErrorBodyRaw))
}

// writeError answers with the wire's JSON error body.
func writeError(w http.ResponseWriter, req Request, ep endpoint, status int, message, retryAfter string) {
	if message == "" {
		message = http.StatusText(status)
	}
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	writeJSON(w, status, errorBody(req.Wire, ep.openRouter, status, message))
}

// errorBody is the JSON a provider sends with a non-2xx status.
func errorBody(wire Wire, openRouter bool, status int, message string) map[string]any {
	switch {
	case wire == Anthropic:
		return map[string]any{"type": "error", "request_id": "req_fake",
			"error": map[string]any{"type": anthropicErrorType(status), "message": message}}
	case wire == Gemini:
		return map[string]any{"error": map[string]any{
			"code": status, "message": message, "status": geminiErrorStatus(status)}}
	case openRouter:
		return map[string]any{"error": map[string]any{"code": status, "message": message, "metadata": map[string]any{}}}
	}
	typ, code := openAIErrorType(status)
	return map[string]any{"error": map[string]any{"message": message, "type": typ, "param": nil, "code": code}}
}

func openAIErrorType(status int) (typ string, code any) {
	switch {
	case status == 401:
		return "invalid_request_error", "invalid_api_key"
	case status == 429:
		return "requests", "rate_limit_exceeded"
	case status >= 500:
		return "server_error", nil
	}
	return "invalid_request_error", nil
}

func anthropicErrorType(status int) string {
	switch status {
	case 401:
		return "authentication_error"
	case 402:
		return "billing_error"
	case 403:
		return "permission_error"
	case 404:
		return "not_found_error"
	case 413:
		return "request_too_large"
	case 429:
		return "rate_limit_error"
	case 504:
		return "timeout_error"
	case 529:
		return "overloaded_error"
	}
	if status >= 500 {
		return "api_error"
	}
	return "invalid_request_error"
}

func geminiErrorStatus(status int) string {
	switch status {
	case 401:
		return "UNAUTHENTICATED"
	case 403:
		return "PERMISSION_DENIED"
	case 404:
		return "NOT_FOUND"
	case 429:
		return "RESOURCE_EXHAUSTED"
	case 503:
		return "UNAVAILABLE"
	}
	if status >= 500 {
		return "INTERNAL"
	}
	return "INVALID_ARGUMENT"
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// writeModels answers a key-validation model list of ids in the wire's shape.
func writeModels(w http.ResponseWriter, req Request, ep endpoint, ids []string) {
	var data []map[string]any
	switch req.Wire {
	case Gemini:
		for _, id := range ids {
			data = append(data, map[string]any{"name": "models/" + id, "displayName": id,
				"inputTokenLimit": 1048576, "outputTokenLimit": 65536,
				"supportedGenerationMethods": []string{"generateContent", "countTokens"}})
		}
		writeJSON(w, http.StatusOK, map[string]any{"models": data})
		return
	case Anthropic:
		for _, id := range ids {
			data = append(data, map[string]any{"type": "model", "id": id, "display_name": id,
				"created_at": "2025-01-01T00:00:00Z"})
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": data, "has_more": false,
			"first_id": data[0]["id"], "last_id": data[len(data)-1]["id"]})
		return
	}
	for _, id := range ids {
		data = append(data, map[string]any{"id": id, "object": "model", "created": 0, "owned_by": "routeplay-fake"})
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data})
}

// openRouterKeyInfo is the body of OpenRouter's key endpoint. It never
// contains the key itself.
func openRouterKeyInfo() map[string]any {
	return map[string]any{"data": map[string]any{
		"label": "routeplay fake key", "usage": 1.25, "limit": 10, "limit_remaining": 8.75,
		"is_free_tier": false, "is_management_key": false}}
}

// writeGeneration answers OpenRouter's stats for a generation this server
// streamed with GenerationStats, or 404 as OpenRouter does before stats exist.
func (s *Server) writeGeneration(w http.ResponseWriter, req Request, ep endpoint, id string) {
	g, ok := s.lookupGeneration(id)
	if !ok {
		writeError(w, req, ep, http.StatusNotFound, "generation not found", "")
		return
	}
	model := g.stats.Model
	if model == "" {
		model = g.model
	}
	data := map[string]any{"id": id, "model": model, "provider_name": g.stats.ProviderName,
		"total_cost": g.stats.TotalCost, "latency": g.stats.LatencyMs,
		"generation_time": g.stats.GenerationTimeMs, "streamed": true, "cancelled": false,
		"finish_reason": g.finish, "is_byok": false}
	if g.usage != nil {
		data["tokens_prompt"] = g.usage.Input
		data["tokens_completion"] = g.usage.Output
		data["native_tokens_reasoning"] = g.usage.Reasoning
		data["native_tokens_cached"] = g.usage.Cached
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data})
}
