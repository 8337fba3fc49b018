package figure

import (
	"math"
	"testing"
	"time"
)

func TestMs(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{0, "0ms"},
		{0.04, "0ms"},
		{-0.04, "0ms"},
		{0.05, "0.1ms"},
		{9.5, "9.5ms"},
		{9.96, "10ms"},
		{412.4, "412ms"},
		{412.5, "413ms"},
		{412.6, "413ms"},
		{-412.6, "-413ms"},
		{999.6, "1.00s"},
		{2894, "2.89s"},
		{9996, "10.0s"},
		{12345, "12.3s"},
		{59960, "1m00s"},
		{62000, "1m02s"},
		{3_900_000, "1h05m"},
		{math.NaN(), "n/a"},
	} {
		if got := Ms(c.in); got != c.want {
			t.Errorf("Ms(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDurationMatchesMs(t *testing.T) {
	d := 412600 * time.Microsecond
	if Duration(d) != "413ms" || Duration(d) != Ms(412.6) {
		t.Fatalf("Duration(%v) = %q", d, Duration(d))
	}
	v := 412.6
	if MsPtr(&v) != "413ms" || MsPtr(nil) != None {
		t.Fatalf("MsPtr: %q, %q", MsPtr(&v), MsPtr(nil))
	}
	if DurationPtr(nil) != None {
		t.Fatalf("DurationPtr(nil) = %q", DurationPtr(nil))
	}
}

func TestSignedZeroHasNoSign(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{SignedMs(-0.04), "0ms"},
		{SignedMs(0.04), "0ms"},
		{SignedMs(64), "+64ms"},
		{SignedMs(-118.2), "-118ms"},
		{SignedUSD(-0.0000001), "$0.000000"},
		{SignedUSD(0.00012), "+$0.000120"},
		{SignedUSD(-0.000031), "-$0.000031"},
		{SignedPercent(261.6), "+262%"},
		{SignedPercent(-0.04), "0%"},
		{SignedPercent(-0.2), "-0.2%"},
		{SignedPoints(100), "+100 pts"},
		{SignedPerSecond(-3.46), "-3.5"},
		{SignedPerSecond(0.04), "0"},
		{SignedPoints(-0.01), "0 pts"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestUSDAlignsDecimals(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{0, "$0.000000"},
		{0.0001118, "$0.000112"},
		{0.000406175, "$0.000406"},
		{0.012, "$0.012000"},
		{0.0000004, "<$0.000001"},
		{12.5, "$12.500000"},
		{1234.567, "$1234.57"},
		{math.Inf(1), "n/a"},
	} {
		if got := USD(c.in); got != c.want {
			t.Errorf("USD(%v) = %q, want %q", c.in, got, c.want)
		}
	}
	if Cost(0.0001118, true) != "~$0.000112" {
		t.Errorf("estimated cost: %q", Cost(0.0001118, true))
	}
}

func TestDollarsAndCredit(t *testing.T) {
	used, limit := 1.254, 10.0
	for _, c := range []struct {
		got, want string
	}{
		{Dollars(1.254), "$1.25"},
		{Dollars(-0.001), "$0.00"},
		{Dollars(-2.5), "-$2.50"},
		{Credit(&used, &limit), "$1.25 used of $10.00"},
		{Credit(&used, nil), "$1.25 used, no limit"},
		{Credit(nil, &limit), ""},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestTokensAndRates(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{Tokens(950), "950"},
		{Tokens(9999), "9999"},
		{Tokens(12345), "12.3k"},
		{Tokens(999_999), "1.0M"},
		{Tokens(1_234_567), "1.2M"},
		{TokensPerSecond(8.54, false), "8.5 tok/s"},
		{TokensPerSecond(53.4, true), "~53 tok/s"},
		{TokensPerSecond(1234, false), "1.2k tok/s"},
		{TokensPerSecond(0, false), "0 tok/s"},
		{PerSecond(53.4, true), "~53"},
		{PerSecond(1234, false), "1.2k"},
		{Percent(99.5), "99.5%"},
		{Percent(50.4), "50%"},
		{Percent(100), "100%"},
		{Percent(0), "0%"},
		{Percent(2.5), "2.5%"},
		{Ratio(1.214), "1.21×"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestCount(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{Count(1, "turn"), "1 turn"},
		{Count(0, "turn"), "0 turns"},
		{Count(3, "keep-alive"), "3 keep-alives"},
		{CountOf(1, "entry", "entries"), "1 entry"},
		{CountOf(2, "entry", "entries"), "2 entries"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func FuzzMsNeverSignsZero(f *testing.F) {
	for _, v := range []float64{0, -0.04, 0.05, 999.5, 59999, -1e9} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		s := SignedMs(v)
		if isZero(s) && (s[0] == '+' || s[0] == '-') {
			t.Fatalf("SignedMs(%v) = %q: a zero with a sign", v, s)
		}
		if s == "" {
			t.Fatalf("SignedMs(%v) is empty", v)
		}
	})
}
