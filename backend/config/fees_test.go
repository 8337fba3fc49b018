package config

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

func TestCreditFeeShare(t *testing.T) {
	tests := []struct {
		purchase, wantPct float64
	}{
		{20, 5.5},        // 5.5 % of $20 = $1.10, above the minimum
		{10, 8},          // 5.5 % of $10 = $0.55, so the $0.80 minimum applies: 8 %
		{100, 5.5},       // large purchases pay the rate
		{800 / 55., 5.5}, // the break-even purchase (~$14.55) pays exactly the minimum
	}
	for _, tt := range tests {
		f := DefaultFees()
		f.CreditPurchaseUSD = tt.purchase
		if got := f.CreditFeeShare() * 100; !testkit.Near(backend.Round(got, 9), tt.wantPct) {
			t.Errorf("purchase $%v: fee share %v%%, want %v%%", tt.purchase, got, tt.wantPct)
		}
	}
}

func TestFairCost(t *testing.T) {
	or := backend.Route{Name: "or", Kind: backend.KindOpenRouter}
	direct := backend.Route{Name: "oa", Kind: backend.KindOpenAI}
	byok := DefaultFees()
	byok.BYOK = true
	overFree := byok
	overFree.BYOKRequestsThisMonth = 1_200_000
	tests := []struct {
		name      string
		fees      Fees
		rt        backend.Route
		wantFee   float64
		wantBasis string
	}{
		{"direct pays no gateway fee", DefaultFees(), direct, 0, "direct"},
		{"credits at the default $20 purchase", DefaultFees(), or, 0.055, "credits: 5.5% purchase fee (min $0.80) on a $20 purchase"},
		{"BYOK within the free million", byok, or, 0, "first 1,000,000 requests"},
		{"BYOK beyond the free million", overFree, or, 0.05, "5% of the upstream cost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc := tt.fees.Apply(tt.rt, 1.0)
			if !testkit.Near(fc.FeeUSD, tt.wantFee) || !testkit.Near(fc.EffectiveUSD, 1+tt.wantFee) || fc.TokenUSD != 1 {
				t.Errorf("got %+v, want fee %v", fc, tt.wantFee)
			}
			if !strings.Contains(fc.Basis, tt.wantBasis) {
				t.Errorf("basis %q lacks %q", fc.Basis, tt.wantBasis)
			}
		})
	}
}

func TestFeesConfigOverlay(t *testing.T) {
	var nilCfg *FeesConfig
	if got := nilCfg.Fees(); got != DefaultFees() {
		t.Errorf("nil table: %+v", got)
	}
	pct, purchase, used := 3.0, 50.0, 10
	c := &FeesConfig{CreditFeePercent: &pct, CreditPurchaseUSD: &purchase, BYOKRequestsThisMonth: &used}
	f := c.Fees()
	if f.CreditFeePercent != 3 || f.CreditPurchaseUSD != 50 || f.CreditFeeMinUSD != DefaultCreditFeeMinUSD ||
		f.BYOKRequestsThisMonth != 10 || !f.Customized {
		t.Errorf("overlay: %+v", f)
	}
	if !strings.Contains(f.Describe(), "[fees]") || !strings.Contains(DefaultFees().Describe(), FeesPublished) {
		t.Errorf("descriptions must say where the figures come from: %q / %q", f.Describe(), DefaultFees().Describe())
	}
}

func TestFeesConfigValidate(t *testing.T) {
	neg, big, zero := -1.0, 101.0, 0.0
	negInt := -5
	bad := []FeesConfig{
		{CreditFeePercent: &big}, {BYOKFeePercent: &neg}, {CreditFeeMinUSD: &neg},
		{CreditPurchaseUSD: &zero}, {BYOKFreeRequests: &negInt}, {BYOKRequestsThisMonth: &negInt},
	}
	for i, c := range bad {
		if err := c.Validate(); err == nil {
			t.Errorf("#%d %+v: want an error", i, c)
		}
	}
	ok := FeesConfig{CreditFeePercent: &zero, BYOK: true}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid table: %v", err)
	}
}

func TestGroupThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1000000: "1,000,000", -12345: "-12,345"} {
		if got := figure.Grouped(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

func TestConfigFeesTable(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte("[fees]\ncredit_purchase_usd = 10\nbyok = true\nbyok_requests_per_month = 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	f := cfg.Fees.Fees()
	if f.CreditPurchaseUSD != 10 || !f.BYOK || f.BYOKRequestsThisMonth != 5 || f.CreditFeePercent != DefaultCreditFeePercent {
		t.Errorf("fees from config: %+v", f)
	}
	if _, err := ParseConfig("c.toml", []byte("[fees]\ncredit_fee_percent = 250\n")); err == nil ||
		!strings.Contains(err.Error(), "c.toml: [fees]: credit_fee_percent") {
		t.Errorf("bad fee: %v", err)
	}
	if _, err := ParseConfig("c.toml", []byte("[fees]\ncard_fee = 1\n")); err == nil || !strings.Contains(err.Error(), "c.toml:2") {
		t.Errorf("unknown fee field: %v", err)
	}
	empty, _ := ParseConfig("c.toml", nil)
	if empty.Fees.Fees() != DefaultFees() {
		t.Error("no [fees] table must give the published fees")
	}
}
