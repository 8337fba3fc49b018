package figure

import "testing"

func TestGrouped(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1000000: "-1,000,000"} {
		if got := Grouped(n); got != want {
			t.Errorf("Grouped(%d) = %q, want %q", n, got, want)
		}
	}
	if GroupedCount(1, "request") != "1 request" || GroupedCount(100000, "request") != "100,000 requests" {
		t.Errorf("GroupedCount: %q, %q", GroupedCount(1, "request"), GroupedCount(100000, "request"))
	}
}
