package config

import (
	"strings"
	"testing"
)

// TestRoutePriceIsChecked: a price that is negative or not a number is a
// config error naming its field; the older "cached" name is still read as
// the cache-read price.
func TestRoutePriceIsChecked(t *testing.T) {
	const head = "[[routes]]\nprovider = \"ollama\"\nmodel = \"m\"\n[routes.price]\ninput = 1.0\n"
	for _, c := range []struct{ text, want string }{
		{head + "cache_read = -0.1\n", "route #1: price.cache_read: -0.1 is not a price"},
		{head + "output = nan\n", "route #1: price.output: NaN is not a price"},
		{head + "cache_write = inf\n", "route #1: price.cache_write: +Inf is not a price"},
	} {
		if _, err := ParseConfig("cfg.toml", []byte(c.text)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err = %v, want it to contain %q", err, c.want)
		}
	}
	cfg, err := ParseConfig("cfg.toml", []byte(head+"output = 2.0\ncached = 0.5\ncache_write = 1.25\n"))
	if err != nil {
		t.Fatal(err)
	}
	rt, err := cfg.Routes[0].Route()
	if err != nil {
		t.Fatal(err)
	}
	if p := rt.Price; p.ReadPrice() != 0.5 || p.WritePrice() != 1.25 {
		t.Errorf("price %+v: read %v write %v", p, p.ReadPrice(), p.WritePrice())
	}
}
