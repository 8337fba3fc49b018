package historycmd

import (
	"testing"

	"github.com/routeplay/routeplay/backend/figure"
)

// A difference that rounds to nothing reads 0, not -0.
func TestHistSignedNeverShowsMinusZero(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		v      float64
		signed func(float64) string
		want   string
	}{{-0.04, figure.SignedMs, "0ms"}, {-0.04, figure.SignedPerSecond, "0"}, {-0.06, figure.SignedPerSecond, "-0.1"},
		{48.2, figure.SignedMs, "+48ms"}, {-0.0000001, figure.SignedUSD, "$0.000000"}} {
		if got := histSigned(&c.v, c.signed); got != c.want {
			t.Errorf("histSigned(%v) = %q, want %q", c.v, got, c.want)
		}
	}
	if got := histSigned(nil, figure.SignedMs); got != "n/a" {
		t.Errorf("histSigned(nil) = %q", got)
	}
}
