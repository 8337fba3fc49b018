package engine

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
)

// advCheckNoKeyPart asserts s holds no run of the key's characters past
// its public prefix "sk-adv-", however short the piece the cut left.
func advCheckNoKeyPart(t *testing.T, what, s string) {
	t.Helper()
	for n := 10; n <= len(advKey); n++ {
		if strings.Contains(s, advKey[:n]) {
			t.Errorf("%s shows %d characters of the key: %q", what, n, advShort(s))
			return
		}
	}
}

// advKeyAtCut is the error text of model "json-N", "html-N" or "stream-N":
// N filler characters then the key, so a cut at 200 or 300 characters
// falls inside it.
func advKeyAtCut(n int) string { return strings.Repeat("A", n) + advKey + " tail" }

// Probe: an error body of "A"×N + key was cut at 200/300 characters inside
// the key and redacted afterwards, leaking the key minus its last
// characters. A hostile finish_reason was kept as sent.
func TestHostileKeyAtTheCutEveryWire(t *testing.T) {
	t.Parallel()
	var cuts []int
	for _, at := range []int{200, 300} {
		cuts = append(cuts, at-len(advKey)+1, at-20, at-len("Bad Request: ")-5)
	}
	hs := advServer(t, func(model string) demo.Script {
		var n int
		switch {
		case model == "finish":
			return demo.Script{Text: "done", Finish: advKey, ServedProvider: "x\x1b[m" + advKey}
		case model == "escape-inside": // the key is whole only once ESC[m is stripped
			return demo.Script{Status: 401, ErrorMessage: "bad key " + advKey[:9] + "\x1b[m" + advKey[9:]}
		case model == "escape-inside-stream":
			return demo.Script{ErrorFirst: true, ErrorMessage: "bad key " + advKey[:9] + "\x1b[m" + advKey[9:]}
		case model == "at-read-limit": // the error body is read up to maxErrorBody
			return demo.Script{Status: 502, ErrorBodyRaw: strings.Repeat(" ", maxErrorBody-20) + advKey}
		case sscan(model, "json-%d", &n):
			return demo.Script{Status: 400, ErrorMessage: advKeyAtCut(n)}
		case sscan(model, "html-%d", &n):
			return demo.Script{Status: 502, ErrorBodyRaw: "<html><p>" + advKeyAtCut(n) + "</p></html>"}
		case sscan(model, "stream-%d", &n):
			return demo.Script{ErrorFirst: true, ErrorMessage: advKeyAtCut(n)}
		}
		return demo.Script{Status: 500}
	})
	e := advEngine(backend.Timeouts{Response: 5 * time.Second, Idle: 5 * time.Second})
	for _, kind := range []string{"json", "html", "stream"} {
		for _, n := range cuts {
			model := fmt.Sprintf("%s-%d", kind, n)
			t.Run(model, func(t *testing.T) {
				advEach(t, e, hs, model, func(t *testing.T, w advWire, r *backend.Result) {
					if r.Err == nil {
						t.Fatalf("no error")
					}
					advCheckNoKeyPart(t, "message", r.Err.Message)
					advCheckPlain(t, "message", r.Err.Message)
				})
			})
		}
	}
	for _, model := range []string{"escape-inside", "escape-inside-stream"} {
		t.Run(model, func(t *testing.T) {
			advEach(t, e, hs, model, func(t *testing.T, w advWire, r *backend.Result) {
				if r.Err == nil {
					t.Fatalf("no error")
				}
				advCheckNoKeyPart(t, "message", r.Err.Message)
				advCheckPlain(t, "message", r.Err.Message)
			})
		})
	}
	t.Run("at-read-limit", func(t *testing.T) {
		advEach(t, e, hs, "at-read-limit", func(t *testing.T, w advWire, r *backend.Result) {
			advCheckFailed(t, r, backend.ErrUpstream)
			advCheckNoKeyPart(t, "message", r.Err.Message)
		})
	})
	t.Run("finish", func(t *testing.T) {
		advEach(t, e, hs, "finish", func(t *testing.T, w advWire, r *backend.Result) {
			advCheckNoKeyPart(t, "finish reason", r.Finish)
			advCheckNoKeyPart(t, "served by", r.ServedBy)
		})
	})
}

func sscan(s, format string, n *int) bool {
	_, err := fmt.Sscanf(s, format, n)
	return err == nil
}
