package verdict

import "testing"

func TestWords(t *testing.T) {
	enough := Difference{DeltaP50: 64.2, CI95: [2]float64{41.4, 98}, NA: 12, NB: 12, Enough: true}
	none := Difference{DeltaP50: 2, CI95: [2]float64{-8.2, 11}, NA: 12, NB: 12, Enough: true}
	for _, c := range []struct{ got, want string }{
		{enough.MsText(), "+64ms [+41, +98]"},
		{enough.Words("gw", "direct", "first token", ""), "direct faster to first token"},
		{Difference{DeltaP50: -5, CI95: [2]float64{-9, -1}, NA: 10, NB: 10, Enough: true}.Words("gw", "direct", "first token", ""),
			"gw faster to first token"},
		{none.Words("a", "b", "first token", ""), "no measurable difference (95% interval -8.2 to +11 ms)"},
		{Difference{CI95: [2]float64{-1500, 1200}, NA: 10, NB: 10, Enough: true}.Words("a", "b", "first token", ""),
			"no measurable difference (95% interval -1.50s to +1.20s)"},
		{Difference{DeltaP50: 3, NA: 3, NB: 3}.Words("a", "b", "first token", "bench --runs 10"),
			"not enough runs (3 and 3; a verdict needs 10 each: bench --runs 10)"},
		{Difference{DeltaP50: 3, NA: 3, NB: 3}.MsText(), "+3.0ms"},
		{Difference{DeltaP50: 70, NA: 1, NB: 1}.Words("a", "b", "first token", "ctrl+r a few times"),
			"one run decides nothing (a verdict needs 10 each: ctrl+r a few times)"},
		{Difference{NA: 0, NB: 4}.MsText(), "–"},
		{Difference{NA: 2}.Words("gw", "direct", "first token", "bench --runs 10"), "no verdict: direct has no successful run"},
		{RatioText(1.2149, 0.0512), "1.21 ± 0.05 ×"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
