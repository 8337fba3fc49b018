package figure

import "testing"

func TestRate(t *testing.T) {
	for v, want := range map[float64]string{0: "0 req/s", 0.004: "0 req/s", 0.42: "0.42 req/s", 3.24: "3.2 req/s", 18.4: "18 req/s", -2: "-2.0 req/s", -0.004: "0 req/s", -0.42: "-0.42 req/s"} {
		if got := Rate(v, "req"); got != want {
			t.Errorf("Rate(%v) = %q, want %q", v, got, want)
		}
	}
}
