package cells

import "testing"

func TestTabsExpandToStopsOfFour(t *testing.T) {
	if got := ExpandTabs("ab\tc\n\tdé\te"); got != "ab  c\n    dé  e" {
		t.Fatalf("ExpandTabs: %q", got)
	}
}

// A piece that starts in the middle of a line carries its column.
func TestDetabFromAColumn(t *testing.T) {
	if got, col := Detab("é\tc", 2); got != "é c" || col != 5 {
		t.Fatalf("Detab from column 2: %q, ending at %d", got, col)
	}
}
