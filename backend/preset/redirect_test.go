package preset

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// TestSameHostRedirects is the one redirect rule of the engine and of key
// validation: same scheme and host followed (twice at most), anything else
// refused as ErrRedirectAway, whose text names the host but not the query.
func TestSameHostRedirects(t *testing.T) {
	get := func(u string) *http.Request {
		r, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	first := get("https://api.example.com/v1/messages")
	for _, tc := range []struct {
		name, to string
		hops     int
		away     bool
		ok       bool
	}{
		{"same host", "https://api.example.com/v1/messages/", 1, false, true},
		{"other host", "https://evil.example.net/v1/messages?token=QUERYSECRET", 1, true, false},
		{"other port", "https://api.example.com:8443/v1/messages", 1, true, false},
		{"plain http", "http://api.example.com/v1/messages", 1, true, false},
		{"third hop", "https://api.example.com/v1/again", 3, false, false},
		{"third hop away", "https://evil.example.net/", 3, true, false},
	} {
		via := make([]*http.Request, tc.hops)
		for i := range via {
			via[i] = first
		}
		err := SameHostRedirects(get(tc.to), via)
		if (err == nil) != tc.ok || errors.Is(err, ErrRedirectAway) != tc.away {
			t.Errorf("%s: err = %v, want ok %v, away %v", tc.name, err, tc.ok, tc.away)
		}
		if err != nil && errors.Is(err, ErrRedirectAway) && strings.Contains(err.Error(), "QUERYSECRET") {
			t.Errorf("%s: the refusal shows the target's query: %v", tc.name, err)
		}
	}
}
