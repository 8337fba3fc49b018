package apierror

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
	"github.com/routeplay/routeplay/backend/safetext"
)

func TestFromResponse(t *testing.T) {
	tests := []struct {
		name   string
		wire   backend.Wire
		status int
		header http.Header
		body   string
		want   string // kind status: message
		retry  string
	}{
		{"OpenAIBadKey", backend.WireOpenAI, 401, nil,
			`{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`,
			"auth 401: Incorrect API key provided.", ""},
		{"OpenAIQuotaIsPayment", backend.WireOpenAI, 429, nil,
			`{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","code":"insufficient_quota"}}`,
			"payment 429: You exceeded your current quota.", ""},
		{"OpenAIRateLimitRetryAfterMs", backend.WireOpenAI, 429, http.Header{"Retry-After-Ms": {"1500"}, "Retry-After": {"9"}},
			`{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}`,
			"rate_limited 429: Rate limit reached", "1.5"},
		{"OpenRouterUpstream", backend.WireOpenAI, 502, nil,
			`{"error":{"code":502,"message":"Provider returned error","metadata":{"provider_name":"Together","raw":"{\"error\":{\"message\":\"model overloaded\"}}"}}}`,
			"upstream 502: Provider returned error (Together): model overloaded", ""},
		{"OpenRouterRawText", backend.WireOpenAI, 429, http.Header{"Retry-After": {"30"}},
			`{"error":{"code":429,"message":"Rate limit exceeded","metadata":{"provider_name":"DeepInfra","raw":"upstream busy"}}}`,
			"rate_limited 429: Rate limit exceeded (DeepInfra): upstream busy", "30"},
		{"OpenRouterModeration", backend.WireOpenAI, 403, nil,
			`{"error":{"code":403,"message":"Input flagged","metadata":{"reasons":["violence"],"flagged_input":"x","provider_name":"OpenAI","model_slug":"m"}}}`,
			"auth 403: Input flagged (OpenAI); flagged for violence", ""},
		{"OpenRouterCredits", backend.WireOpenAI, 402, nil,
			`{"error":{"code":402,"message":"Insufficient credits"}}`, "payment 402: Insufficient credits", ""},
		{"ErrorInside200", backend.WireOpenAI, 200, nil,
			`{"error":{"code":429,"message":"Slow down"}}`, "rate_limited 429: Slow down", ""},
		{"PlainJSONInside200", backend.WireOpenAI, 200, nil,
			`{"id":"x","choices":[]}`, "stream 0: the provider answered with a plain response instead of a stream", ""},
		{"OllamaStringError", backend.WireOpenAI, 404, nil,
			`{"error":"model \"llama9\" not found, try pulling it first"}`,
			`bad_request 404: model "llama9" not found, try pulling it first`, ""},
		{"FastAPIDetail", backend.WireOpenAI, 422, nil,
			`{"detail":[{"loc":["body","model"],"msg":"field required","type":"value_error.missing"}]}`,
			"bad_request 422: field required", ""},
		{"AnthropicOverloaded", backend.WireAnthropic, 529, http.Header{"Retry-After": {"2"}},
			`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}`,
			"upstream 529: Overloaded", "2"},
		{"AnthropicAuth", backend.WireAnthropic, 401, nil,
			`{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`,
			"auth 401: invalid x-api-key", ""},
		{"AnthropicBilling", backend.WireAnthropic, 400, nil,
			`{"type":"error","error":{"type":"billing_error","message":"Your credit balance is too low."}}`,
			"payment 400: Your credit balance is too low.", ""},
		{"GeminiBadKeyIs400", backend.WireGemini, 400, nil,
			`{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}`,
			"auth 400: API key not valid. Please pass a valid API key.", ""},
		{"GeminiQuotaRetryDelay", backend.WireGemini, 429, nil,
			`{"error":{"code":429,"message":"Resource has been exhausted.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"17s"}]}}`,
			"rate_limited 429: Resource has been exhausted.", "17"},
		{"HTMLProxyPage", backend.WireOpenAI, 502, nil,
			"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
			"upstream 502: Bad Gateway: 502 Bad Gateway 502 Bad Gateway nginx", ""},
		{"PlainTextWithControls", backend.WireOpenAI, 503, http.Header{"Retry-After": {"Wed, 21 Oct 2099 07:28:00 GMT"}},
			"upstream down\x1b]52;c;ZXZpbA==\x07 \x1b[31mred\x1b[0m\n\tretry later",
			"upstream 503: Service Unavailable: upstream down red retry later", "future"},
		{"EmptyBody", backend.WireGemini, 500, nil, "", "upstream 500: Internal Server Error", ""},
		{"AnthropicOverloadedNoBody", backend.WireAnthropic, 529, nil, "", "upstream 529: Overloaded", ""},
		{"UnknownStatus", backend.WireOpenAI, 599, nil, "  ", "upstream 599: HTTP status 599", ""},
		{"UnknownJSONIsNotShown", backend.WireOpenAI, 400, nil, `{"weird":{"secret":"x"}}`, "bad_request 400: Bad Request", ""},
		{"NestedJSONMessage", backend.WireGemini, 500, nil,
			`{"error":{"code":500,"message":"{\n  \"error\": {\n    \"message\": \"backend crashed\"\n  }\n}\n","status":"INTERNAL"}}`,
			"upstream 500: backend crashed", ""},
		{"JSONMessageNotAnError", backend.WireOpenAI, 500, nil,
			`{"error":{"message":"{\"a\":1}"}}`, "upstream 500: Internal Server Error", ""},
		{"PastRetryDateIsZero", backend.WireOpenAI, 429, http.Header{"Retry-After": {"Wed, 21 Oct 2015 07:28:00 GMT"}},
			`{"error":{"message":"later"}}`, "rate_limited 429: later", "0"},
		{"BadRetryAfterIgnored", backend.WireOpenAI, 429, http.Header{"Retry-After": {"soon"}},
			`{"error":{"message":"later"}}`, "rate_limited 429: later", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			re := FromResponse(tt.wire, tt.status, tt.header, []byte(tt.body))
			got := fmt.Sprintf("%s %d: %s", re.Kind, re.Status, re.Message)
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			checkRetry(t, re.RetryAfter, tt.retry)
		})
	}
}

func checkRetry(t *testing.T, got *float64, want string) {
	t.Helper()
	switch {
	case want == "" && got != nil:
		t.Errorf("RetryAfter = %v, want none", *got)
	case want == "":
	case got == nil:
		t.Errorf("RetryAfter missing, want %s", want)
	case want == "future":
		if *got < 1e6 {
			t.Errorf("RetryAfter = %v, want seconds until 2099", *got)
		}
	case fmt.Sprint(*got) != want:
		t.Errorf("RetryAfter = %v, want %s", *got, want)
	}
}

// The wire keeps a long message whole, since a cut could fall inside a
// key; safetext.CleanMessage bounds it once keys are gone.
func TestFromResponseBoundsLongBodies(t *testing.T) {
	long := strings.Repeat("é", 10_000)
	for _, body := range []string{long, `{"error":{"message":"` + strings.Repeat("x", 10_000) + `"}}`} {
		re := FromResponse(backend.WireOpenAI, 500, nil, []byte(body))
		if n := len([]rune(re.Message)); n < 10_000 {
			t.Errorf("the wire cut the message to %d runes", n)
		}
		if n := len([]rune(safetext.CleanMessage(re.Message, nil, MaxMessageRunes))); n > MaxMessageRunes+1 {
			t.Errorf("cleaned message has %d runes, want at most %d", n, MaxMessageRunes+1)
		}
	}
}

// FuzzFromResponse: any status, Retry-After and body give a bounded,
// printable message and a sane retry delay.
func FuzzFromResponse(f *testing.F) {
	seeds := []string{
		`{"error":{"message":"Incorrect API key","type":"invalid_request_error","code":"invalid_api_key"}}`,
		`{"error":{"code":502,"message":"Provider returned error","metadata":{"provider_name":"X","raw":"{\"error\":{\"message\":\"m\"}}"}}}`,
		`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`,
		`{"error":{"code":429,"message":"q","status":"RESOURCE_EXHAUSTED","details":[{"retryDelay":"3s"}]}}`,
		`{"error":"plain"}`, `{"detail":[{"msg":"field required"}]}`,
		"<html><title>502</title></html>", "\x1b[31mred\x1b[0m\xff",
	}
	for i, s := range seeds {
		f.Add(400+i*20, "12", []byte(s))
	}
	f.Add(200, "Wed, 21 Oct 2015 07:28:00 GMT", []byte(`{"error":{"message":"{\"error\":{\"message\":\"x\"}}"}}`))
	f.Fuzz(func(t *testing.T, status int, retry string, body []byte) {
		h := http.Header{}
		h.Set("Retry-After", retry)
		for _, w := range []backend.Wire{backend.WireOpenAI, backend.WireAnthropic, backend.WireGemini} {
			re := FromResponse(w, status, h, body)
			if re == nil || re.Kind == "" {
				t.Fatalf("no error kind for status %d", status)
			}
			testkit.CheckPlainMessage(t, re.Message, len(body)+MaxMessageRunes)
			if re.RetryAfter != nil && !(*re.RetryAfter >= 0) {
				t.Fatalf("RetryAfter = %v", *re.RetryAfter)
			}
		}
	})
}
