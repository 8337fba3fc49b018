package demo

import (
	"net/http"
	"strings"
)

// writeModelEndpoints answers GET /api/v1/models/{author}/{slug}/endpoints in
// OpenRouter's shape: two providers with full figures and one that publishes
// only its name, so clients are tested against missing fields too.
func writeModelEndpoints(w http.ResponseWriter, path string) {
	i := strings.Index(path, "/models/")
	id := strings.TrimSuffix(path[i+len("/models/"):], "/endpoints")
	if strings.Count(id, "/") != 1 {
		writeJSON(w, http.StatusNotFound, map[string]any{"error": map[string]any{"code": 404, "message": "Model not found"}})
		return
	}
	pricing := map[string]any{"prompt": "0.0000003", "completion": "0.0000012", "input_cache_read": "0.00000003"}
	endpoints := []map[string]any{
		{"name": "Fake Alpha | " + id, "model_name": id, "provider_name": "Alpha", "tag": "alpha/fp8",
			"quantization": "fp8", "context_length": 131072, "max_completion_tokens": 16384, "pricing": pricing,
			"supported_parameters":      []string{"max_tokens", "temperature", "tools", "reasoning"},
			"supports_implicit_caching": true, "status": 0,
			"uptime_last_5m": 100, "uptime_last_30m": 99.5, "uptime_last_1d": 98.25,
			"latency_last_30m":    map[string]any{"p50": 420, "p75": 510, "p90": 700, "p99": 1300},
			"throughput_last_30m": map[string]any{"p50": 88.5, "p75": 80, "p90": 61, "p99": 30}},
		{"name": "Fake Beta | " + id, "model_name": id, "provider_name": "Beta", "tag": "beta",
			"quantization": "bf16", "context_length": 65536, "pricing": map[string]any{"prompt": "0.0000005", "completion": "0.000002"},
			"supported_parameters": []string{"max_tokens"}, "supports_implicit_caching": false,
			"uptime_last_30m": 97, "latency_last_30m": map[string]any{"p50": 900}, "throughput_last_30m": nil},
		{"provider_name": "Gamma\x1b[31m"},
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"id": id, "name": "Fake " + id, "endpoints": endpoints}})
}

// fakeProviders is OpenRouter's /providers list for the providers above.
func fakeProviders() []map[string]any {
	return []map[string]any{
		{"name": "Alpha", "slug": "alpha", "privacy_policy_url": "https://alpha.example/privacy",
			"terms_of_service_url": "https://alpha.example/terms", "status_page_url": "https://status.alpha.example"},
		{"name": "Beta", "slug": "beta", "privacy_policy_url": nil},
	}
}
