package engine

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
)

// Keys under attack: a redirect to another host must not carry a key
// header, and no key may ever sit in a URL that can end up in a message.

// keyRecorder is a server on another host that records any key header.
type keyRecorder struct {
	mu   sync.Mutex
	seen []string
}

func (k *keyRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	k.mu.Lock()
	for _, h := range []string{"Authorization", "X-Api-Key", "X-Goog-Api-Key"} {
		if r.Header.Get(h) != "" {
			k.seen = append(k.seen, h)
		}
	}
	if strings.Contains(r.URL.RawQuery, advKey) {
		k.seen = append(k.seen, "query")
	}
	k.mu.Unlock()
	http.Error(w, "stolen", http.StatusOK)
}

func TestHostileRedirectsEveryWire(t *testing.T) {
	t.Parallel()
	thief := &keyRecorder{}
	other := httptest.NewServer(thief)
	defer other.Close()
	// 127.0.0.1 and localhost are different hosts to net/http.
	elsewhere := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	var hsURL string
	srv, hs := demo.Start(func(r demo.Request) demo.Script {
		switch {
		case strings.HasPrefix(r.Path, "/moved/") || r.Model == advHealthyModel:
			return demo.Script{Text: advHealthyText}
		case r.Model == "same-host":
			return demo.Script{RedirectTo: hsURL + "/moved" + r.Path + "?alt=sse&x=1"}
		}
		return demo.Script{RedirectTo: elsewhere + r.Path + "?alt=sse&token=QUERYSECRET"}
	})
	defer hs.Close()
	defer srv.Close()
	hsURL = hs.URL
	e := advEngine(backend.Timeouts{Response: 5 * time.Second})
	for _, w := range advWires {
		same := advRun(t, e, advRoute(t, hs, w, "same-host"))[0]
		if same.Err != nil || same.Text.String() != advHealthyText {
			t.Errorf("%s: a same-host redirect was not followed: err %v, text %q", w.name, same.Err, same.Text.String())
		}
		cross := advMixed(t, e, hs, advRoute(t, hs, w, "cross-host"))
		advCheckFailed(t, cross, backend.ErrBadRequest)
		if !strings.Contains(cross.Err.Message, "redirect to another host refused") || strings.Contains(cross.Err.Message, "QUERYSECRET") {
			t.Errorf("%s: message %q", w.name, cross.Err.Message)
		}
	}
	for _, req := range srv.Requests() {
		if strings.HasPrefix(req.Path, "/moved/") && req.Header.Get("Authorization")+req.Header.Get("X-Api-Key")+req.Header.Get("X-Goog-Api-Key") == "" {
			t.Errorf("the same-host redirect to %s lost its key", req.Path)
		}
	}
	thief.mu.Lock()
	defer thief.mu.Unlock()
	if len(thief.seen) > 0 {
		t.Fatalf("keys reached another host: %v", thief.seen)
	}
}

// TestKeyNeverInURL: every wire sends its key in a header, never in the
// URL, so an error that names the URL cannot carry it.
func TestKeyNeverInURL(t *testing.T) {
	var mu sync.Mutex
	var urls []string
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		urls = append(urls, r.URL.String())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error":{"message":"bad request to %s"}}`, r.URL.String())
	}))
	defer hs.Close()
	e := advEngine(backend.Timeouts{})
	for _, w := range advWires {
		r := advRun(t, e, advRoute(t, hs, w, "m"))[0]
		advCheckFailed(t, r, backend.ErrAuth)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(urls) != len(advWires) {
		t.Fatalf("requests: %q", urls)
	}
	for _, u := range urls {
		if strings.Contains(u, advKey) || strings.Contains(u, "key=") {
			t.Errorf("key in URL %q", u)
		}
	}
}

// memSample holds the counters that bound a test's memory, read after a
// collection so garbage from earlier work does not count as in use.
