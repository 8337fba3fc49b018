package preset

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// ErrRedirectAway is a refused redirect to another scheme or host: net/http
// drops Authorization on such a redirect but forwards headers such as
// x-api-key and x-goog-api-key, so a key must never follow one.
var ErrRedirectAway = errors.New("redirect to another host refused (keys are never sent to another host)")

// SameHostRedirects is the one redirect rule of every client that carries a
// key (http.Client.CheckRedirect): at most two redirects, each on the first
// request's scheme and host.
func SameHostRedirects(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	if req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		return fmt.Errorf("%w: to %s", ErrRedirectAway, req.URL.Host)
	}
	if len(via) >= 3 {
		return errors.New("too many redirects")
	}
	return nil
}

// IsLoopbackHost reports whether host (without port) is this machine.
func IsLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// PlainHTTPHost returns the host of baseURL when a key sent there would
// travel in clear text: plain http:// to a host that is not this machine.
func PlainHTTPHost(baseURL string) (string, bool) {
	u, err := url.Parse(baseURL)
	if err != nil || !strings.EqualFold(u.Scheme, "http") || IsLoopbackHost(u.Hostname()) {
		return "", false
	}
	return u.Hostname(), true
}

// KeyAway describes a provider's key going to a host that is not that
// provider's: a shared config with base_url pointed elsewhere would
// otherwise collect the key quietly.
type KeyAway struct {
	Key      string       // the key's name in the store
	Provider backend.Kind // whose key it is
	Home     string       // the provider's own host
	Host     string       // where the route sends it
}

// KeyGoesAway reports whether rt sends a provider's key (the key name of a
// preset with a public host) to another host. Loopback hosts (local proxies,
// tests) are not reported.
func KeyGoesAway(rt backend.Route) (KeyAway, bool) {
	if rt.Simulated || rt.KeyName == "" {
		return KeyAway{}, false
	}
	u, err := url.Parse(rt.BaseURL)
	if err != nil || u.Hostname() == "" || IsLoopbackHost(u.Hostname()) {
		return KeyAway{}, false
	}
	for _, k := range backend.KnownKinds() {
		p, _ := backend.LookupPreset(backend.Kind(k))
		if p.KeyName != rt.KeyName || p.BaseURL == "" {
			continue
		}
		home, err := url.Parse(p.BaseURL)
		if err != nil || strings.EqualFold(home.Hostname(), u.Hostname()) {
			return KeyAway{}, false
		}
		return KeyAway{Key: rt.KeyName, Provider: p.Kind, Home: home.Hostname(), Host: u.Hostname()}, true
	}
	return KeyAway{}, false
}
