package catalog

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
)

const testKey = "sk-or-v1-validatetestkey0123456789abcdef"

// authServer answers GET path with ok when check(r) passes, else 401
// echoing the presented key the way careless providers do.
func authServer(t *testing.T, path string, check func(*http.Request) bool, ok string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.String(), testKey) {
			t.Errorf("key sent in the URL: %s", r.URL)
		}
		if r.Method != http.MethodGet || r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		if !check(r) {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":{"message":"Invalid key ` + r.Header.Get("Authorization") + r.Header.Get("x-api-key") + "\\u001b[31m red\"}}"))
			return
		}
		w.Write([]byte(ok))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestValidateKeyPerProvider(t *testing.T) {
	tests := []struct {
		name  string
		kind  backend.Kind
		path  string
		base  string // appended to the server URL
		check func(*http.Request) bool
		ok    string
	}{
		{"OpenRouter", backend.KindOpenRouter, "/api/v1/key", "/api/v1",
			func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+testKey },
			`{"data":{"label":"x","usage":1.25,"limit":10,"is_free_tier":false}}`},
		{"OpenAI", backend.KindOpenAI, "/v1/models", "/v1",
			func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+testKey }, `{"data":[]}`},
		{"Groq", "groq", "/openai/v1/models", "/openai/v1/",
			func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+testKey }, `{"data":[]}`},
		{"Anthropic", backend.KindAnthropic, "/v1/models", "",
			func(r *http.Request) bool {
				return r.Header.Get("x-api-key") == testKey && r.Header.Get("anthropic-version") == "2023-06-01" &&
					r.Header.Get("Authorization") == ""
			}, `{"data":[],"has_more":false}`},
		{"Gemini", backend.KindGemini, "/v1beta/models", "",
			func(r *http.Request) bool { return r.Header.Get("x-goog-api-key") == testKey }, `{"models":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := authServer(t, tt.path, tt.check, tt.ok)
			ctx := context.Background()
			v := ValidateKey(ctx, srv.Client(), tt.kind, srv.URL+tt.base, testKey)
			if v.Status != KeyValid || v.Latency <= 0 {
				t.Fatalf("good key: %+v", v)
			}
			if tt.kind == backend.KindOpenRouter && (v.CreditUsage == nil || *v.CreditUsage != 1.25 || v.CreditLimit == nil || *v.CreditLimit != 10) {
				t.Fatalf("credit not read: %+v", v)
			}
			bad := ValidateKey(ctx, srv.Client(), tt.kind, srv.URL+tt.base, testKey+"x")
			if bad.Status != KeyInvalid || !strings.HasPrefix(bad.Message, "key rejected (HTTP 401): Invalid key") {
				t.Fatalf("bad key: %+v", bad)
			}
			if strings.Contains(bad.Message, testKey) || strings.ContainsRune(bad.Message, 0x1b) {
				t.Fatalf("message leaks the key or a control sequence: %q", bad.Message)
			}
		})
	}
}

func TestValidateKeyStatuses(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   KeyStatus
		msg    string
	}{
		{"GeminiBadKey", 400, `{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}`, KeyInvalid, "key rejected (HTTP 400): API key not valid."},
		{"Forbidden", 403, `{"error":"forbidden"}`, KeyInvalid, "key rejected (HTTP 403): forbidden"},
		{"OutOfCredit", 402, `{}`, KeyValid, "key accepted, but the account is out of credit (HTTP 402)"},
		{"RateLimited", 429, ``, KeyUnreachable, "rate limited (HTTP 429), try again later"},
		{"ServerError", 503, `<html>busy</html>`, KeyUnreachable, "provider error (HTTP 503)"},
		{"WrongBase", 404, ``, KeyUnreachable, "nothing at the check endpoint (HTTP 404): is the base URL right?"},
		{"OtherClientError", 400, `{"error":{"message":"bad"}}`, KeyUnreachable, "unexpected answer (HTTP 400): bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			v := ValidateKey(context.Background(), srv.Client(), backend.KindGemini, srv.URL, testKey)
			if v.Status != tt.want || v.Message != tt.msg {
				t.Fatalf("got %s %q, want %s %q", v.Status, v.Message, tt.want, tt.msg)
			}
		})
	}
}

func TestValidateKeyWithoutRequest(t *testing.T) {
	tests := []struct {
		name      string
		kind      backend.Kind
		base, key string
		want      KeyStatus
	}{
		{"UnknownKind", "nosuch", "", testKey, KeyUnchecked},
		{"CompatibleNeedsBase", backend.KindOpenAICompatible, "", testKey, KeyUnchecked},
		{"NotHTTP", backend.KindOpenAI, "file:///etc", testKey, KeyUnchecked},
		{"EmptyKey", backend.KindOpenAI, "", "", KeyInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := ValidateKey(context.Background(), nil, tt.kind, tt.base, tt.key)
			if v.Status != tt.want || v.Latency != 0 || v.Message == "" {
				t.Fatalf("got %+v, want %s", v, tt.want)
			}
		})
	}
}

func TestValidateKeyUnreachable(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	v := ValidateKey(context.Background(), nil, backend.KindOpenAI, closed.URL, testKey)
	if v.Status != KeyUnreachable || !strings.HasPrefix(v.Message, "could not reach the provider: ") {
		t.Fatalf("closed server: %+v", v)
	}

	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	v = ValidateKey(ctx, slow.Client(), backend.KindOpenAI, slow.URL, testKey)
	if v.Status != KeyUnreachable || v.Message != "no answer in time" {
		t.Fatalf("slow server: %+v", v)
	}
}

func TestValidateKeyNeverFollowsRedirectToAnotherHost(t *testing.T) {
	var reached atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
	}))
	defer other.Close()
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/v1/models", http.StatusFound)
	}))
	defer redirector.Close()
	v := ValidateKey(context.Background(), nil, backend.KindAnthropic, redirector.URL, testKey)
	if v.Status != KeyUnreachable || !strings.Contains(v.Message, "does not send keys across redirects") {
		t.Fatalf("got %+v", v)
	}
	if reached.Load() != 0 {
		t.Fatal("the key was sent to the redirect target")
	}
}

func TestValidateKeyFollowsSameHostRedirect(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/models", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/v1/models/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/v1/models/", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+testKey {
			w.WriteHeader(http.StatusUnauthorized)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	if v := ValidateKey(context.Background(), nil, backend.KindOpenAI, srv.URL+"/v1", testKey); v.Status != KeyValid {
		t.Fatalf("got %+v", v)
	}
}

func TestValidateKeyAgainstFakeProviders(t *testing.T) {
	srv, hs := demo.Start(nil)
	defer hs.Close()
	defer srv.Close()
	srv.RequireKey(testKey)
	bases := map[backend.Kind]string{backend.KindOpenRouter: "/api/v1", backend.KindOpenAI: "/v1", backend.KindAnthropic: "", backend.KindGemini: "", "groq": "/openai/v1"}
	for kind, base := range bases {
		t.Run(string(kind), func(t *testing.T) {
			v := ValidateKey(context.Background(), hs.Client(), kind, hs.URL+base, testKey)
			if v.Status != KeyValid {
				t.Fatalf("good key: %+v", v)
			}
			if kind == backend.KindOpenRouter && (v.CreditUsage == nil || *v.CreditUsage != 1.25 || *v.CreditLimit != 10) {
				t.Fatalf("credit: %+v", v)
			}
			v = ValidateKey(context.Background(), hs.Client(), kind, hs.URL+base, "sk-wrong-key-0123456789")
			if v.Status != KeyInvalid || !strings.HasPrefix(v.Message, "key rejected (HTTP 401)") {
				t.Fatalf("bad key: %+v", v)
			}
		})
	}
	for _, r := range srv.Requests() {
		if r.Body != nil {
			t.Fatalf("validation sent a body to %s", r.Path)
		}
	}
}

// Probe: a server reflecting the key with ESC[m inside it, or at the place
// the message is cut, got most of the key into keys.json, `keys list` and
// the key manager: the key was redacted before the sequence was stripped
// and after the message was cut.
func TestValidateKeyRedactsBeforeStrippingAndCutting(t *testing.T) {
	const key = "sk-or-v1-0123456789abcdef0123456789abcdefXYZW1234"
	for name, reflected := range map[string]string{
		"escape inside": key[:5] + `\u001b[m` + key[5:],
		"at the cut":    strings.Repeat("A", 150) + key,
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprintf(w, `{"error":{"message":"bad key %s"}}`, reflected)
			}))
			defer srv.Close()
			v := ValidateKey(context.Background(), srv.Client(), backend.KindOpenAI, srv.URL, key)
			if v.Status != KeyInvalid {
				t.Fatalf("status %s", v.Status)
			}
			for n := 12; n <= len(key); n++ {
				if strings.Contains(v.Message, key[:n]) || strings.Contains(v.Message, key[9:30]) {
					t.Fatalf("message shows %d characters of the key: %q", n, v.Message)
				}
			}
		})
	}
}

func TestValidateKeyRefusesClearText(t *testing.T) {
	v := ValidateKey(context.Background(), nil, backend.KindOpenAI, "http://proxy.example/v1", testKey)
	if v.Status != KeyUnchecked || !strings.Contains(v.Message, "clear text") {
		t.Fatalf("%+v", v)
	}
}
