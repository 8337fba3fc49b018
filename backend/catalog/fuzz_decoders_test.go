package catalog

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/internal/testkit"
	"github.com/routeplay/routeplay/backend/wire/apierror"
)

// Fuzz targets for the decoders of provider answers beyond the streams:
// key checks and OpenRouter's model list. Their seeds run in plain go test;
// .ci/fuzz explores beyond them.

// FuzzKeyCheckAnswer: any status and body give a verdict whose message is
// one plain line that never holds the key.
func FuzzKeyCheckAnswer(f *testing.F) {
	const key = "sk-fuzz-0123456789abcdef"
	seeds := []string{
		`{"error":{"message":"Incorrect API key provided: sk-fuzz-0123456789abcdef"}}`,
		`{"error":"invalid key \u001b[2J sk-fuzz-0123456789abcdef"}`,
		`{"error":{"code":400,"message":"API key not valid","status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}`,
		`{"data":{"usage":1.25,"limit":10}}`, `{"data":{"usage":-1e308,"limit":null}}`,
		"<html>502</html>", "\xff\xfe", "",
	}
	for i, s := range seeds {
		f.Add(200+i*50, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		v := judge(status, body, key)
		if v.Status == "" {
			t.Fatalf("no verdict for status %d", status)
		}
		testkit.CheckPlainMessage(t, v.Message, apierror.MaxMessageRunes)
		if strings.Contains(v.Message, key) {
			t.Fatalf("key in message %q", v.Message)
		}
		openRouterCredit(body)
	})
}

// FuzzOpenRouterModels: any model list yields entries whose ids and names
// are plain text and whose prices are finite, non-negative numbers that
// JSON can encode (the list is cached on disk and printed by routes --json).
func FuzzOpenRouterModels(f *testing.F) {
	f.Add([]byte(`{"data":[{"id":"openai/gpt-4o-mini","name":"GPT-4o mini","context_length":128000,` +
		`"pricing":{"prompt":"0.00000015","completion":"0.0000006","input_cache_read":"0.000000075"},` +
		`"supported_parameters":["reasoning","max_tokens"]}]}`))
	f.Add([]byte(`{"data":[{"id":"x\u001b[2J","name":"n"},{"id":"ok/model","name":"\u202eevil","pricing":{"prompt":"-1","completion":"NaN"}}]}`))
	f.Add([]byte(`{"data":[{"id":"big/model","pricing":{"prompt":"1e308","completion":"Inf","input_cache_read":"1e303"}}]}`))
	f.Add([]byte(`{"data":[]}`))
	f.Add([]byte(`[1,2,3]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		entries, err := parseOpenRouterModels(body)
		if err != nil {
			testkit.CheckPlainMessage(t, err.Error(), apierror.MaxMessageRunes)
			return
		}
		for _, e := range entries {
			if e.Model == "" {
				t.Fatal("entry without a model id")
			}
			testkit.CheckPlainMessage(t, e.Model, apierror.MaxMessageRunes)
			testkit.CheckPlainMessage(t, e.Name, apierror.MaxMessageRunes)
			if p := e.Price; p != nil {
				for _, v := range []float64{p.Input, p.Output, p.CacheRead, p.CacheWrite} {
					if !(v >= 0) || math.IsInf(v, 0) {
						t.Fatalf("price %v for %q", v, e.Model)
					}
				}
			}
			if _, err := json.Marshal(e); err != nil {
				t.Fatalf("entry does not encode: %v", err)
			}
		}
	})
}
