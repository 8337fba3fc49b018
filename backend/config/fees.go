package config

import (
	"errors"
	"fmt"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
)

// Published OpenRouter fees (OpenRouter FAQ and announcements; see
// FACTS.md). They change, so each is configurable in the [fees] table and
// shown with this date.
const (
	FeesPublished               = "2025-10-01"
	DefaultCreditFeePercent     = 5.5       // card purchase of credits
	DefaultCreditFeeMinUSD      = 0.80      // minimum fee per purchase
	DefaultCreditPurchaseUSD    = 20.0      // assumed purchase size (the minimum matters below ~$14.55)
	DefaultBYOKFeePercent       = 5.0       // of the upstream cost, with your own provider key
	DefaultBYOKFreeRequestsPerM = 1_000_000 // BYOK requests a month that pay no fee
)

// FeesConfig is the config file's [fees] table as written; nil fields take
// the published defaults.
type FeesConfig struct {
	CreditFeePercent  *float64 `toml:"credit_fee_percent"`
	CreditFeeMinUSD   *float64 `toml:"credit_fee_min_usd"`
	CreditPurchaseUSD *float64 `toml:"credit_purchase_usd"`
	// BYOK says OpenRouter routes run with your own provider key.
	BYOK                  bool     `toml:"byok"`
	BYOKFeePercent        *float64 `toml:"byok_fee_percent"`
	BYOKFreeRequests      *int     `toml:"byok_free_requests_per_month"`
	BYOKRequestsThisMonth *int     `toml:"byok_requests_per_month"`
}

// Fees are the gateway fees used for fair cost.
type Fees struct {
	CreditFeePercent      float64
	CreditFeeMinUSD       float64
	CreditPurchaseUSD     float64
	BYOK                  bool
	BYOKFeePercent        float64
	BYOKFreeRequests      int
	BYOKRequestsThisMonth int
	// Customized is true when the config changed any published figure.
	Customized bool
}

// DefaultFees are the published fees, paying with purchased credits.
func DefaultFees() Fees {
	return Fees{CreditFeePercent: DefaultCreditFeePercent, CreditFeeMinUSD: DefaultCreditFeeMinUSD,
		CreditPurchaseUSD: DefaultCreditPurchaseUSD, BYOKFeePercent: DefaultBYOKFeePercent,
		BYOKFreeRequests: DefaultBYOKFreeRequestsPerM}
}

// Fees resolves the table over the defaults. A nil table gives the defaults.
func (c *FeesConfig) Fees() Fees {
	f := DefaultFees()
	if c == nil {
		return f
	}
	f.BYOK = c.BYOK
	setF := func(dst *float64, v *float64) {
		if v != nil {
			*dst, f.Customized = *v, true
		}
	}
	setF(&f.CreditFeePercent, c.CreditFeePercent)
	setF(&f.CreditFeeMinUSD, c.CreditFeeMinUSD)
	setF(&f.CreditPurchaseUSD, c.CreditPurchaseUSD)
	setF(&f.BYOKFeePercent, c.BYOKFeePercent)
	if c.BYOKFreeRequests != nil {
		f.BYOKFreeRequests, f.Customized = *c.BYOKFreeRequests, true
	}
	if c.BYOKRequestsThisMonth != nil {
		f.BYOKRequestsThisMonth = *c.BYOKRequestsThisMonth
	}
	return f
}

// Validate reports the first figure that cannot be a fee.
func (c *FeesConfig) Validate() error {
	if c == nil {
		return nil
	}
	for _, p := range []struct {
		name string
		v    *float64
	}{{"credit_fee_percent", c.CreditFeePercent}, {"byok_fee_percent", c.BYOKFeePercent}} {
		if p.v != nil && !(*p.v >= 0 && *p.v <= 100) {
			return fmt.Errorf("%s %v is outside 0..100", p.name, *p.v)
		}
	}
	switch {
	case c.CreditFeeMinUSD != nil && *c.CreditFeeMinUSD < 0:
		return errors.New("credit_fee_min_usd must not be negative")
	case c.CreditPurchaseUSD != nil && !(*c.CreditPurchaseUSD > 0):
		return errors.New("credit_purchase_usd must be positive")
	case c.BYOKFreeRequests != nil && *c.BYOKFreeRequests < 0:
		return errors.New("byok_free_requests_per_month must not be negative")
	case c.BYOKRequestsThisMonth != nil && *c.BYOKRequestsThisMonth < 0:
		return errors.New("byok_requests_per_month must not be negative")
	}
	return nil
}

// CreditFeeShare is the credit purchase fee as a fraction of what the
// credits buy: max(percent × purchase, minimum) / purchase.
func (f Fees) CreditFeeShare() float64 {
	if f.CreditPurchaseUSD <= 0 {
		return 0
	}
	fee := max(f.CreditPurchaseUSD*f.CreditFeePercent/100, f.CreditFeeMinUSD)
	return fee / f.CreditPurchaseUSD
}

// FairCost is a run's token cost with the gateway's fee on top.
type FairCost struct {
	TokenUSD     float64 `json:"token_usd"`
	FeeUSD       float64 `json:"fee_usd"`
	EffectiveUSD float64 `json:"effective_usd"`
	FeePercent   float64 `json:"fee_percent"` // of the token cost
	// Basis says which fee applied and the assumption behind it.
	Basis string `json:"basis"`
}

// Apply adds the fee that applies to the route: OpenRouter's credit fee, or
// its BYOK fee once the month's free requests are used up. Direct routes pay
// no gateway fee.
func (f Fees) Apply(rt backend.Route, tokenUSD float64) FairCost {
	fc := FairCost{TokenUSD: tokenUSD, EffectiveUSD: tokenUSD}
	if rt.Kind != backend.KindOpenRouter {
		fc.Basis = "direct: no gateway fee"
		return fc
	}
	switch {
	case f.BYOK && f.BYOKRequestsThisMonth <= f.BYOKFreeRequests:
		fc.Basis = fmt.Sprintf("BYOK: no fee for the first %s requests a month (%s of them used)",
			figure.Grouped(int64(f.BYOKFreeRequests)), figure.Grouped(int64(f.BYOKRequestsThisMonth)))
	case f.BYOK:
		fc.FeePercent = f.BYOKFeePercent
		fc.Basis = fmt.Sprintf("BYOK: %g%% of the upstream cost beyond %s free requests a month",
			f.BYOKFeePercent, figure.Grouped(int64(f.BYOKFreeRequests)))
	default:
		fc.FeePercent = f.CreditFeeShare() * 100
		fc.Basis = fmt.Sprintf("credits: %g%% purchase fee (min $%.2f) on a $%g purchase = %.2f%% of the token cost",
			f.CreditFeePercent, f.CreditFeeMinUSD, f.CreditPurchaseUSD, fc.FeePercent)
	}
	fc.FeeUSD = tokenUSD * fc.FeePercent / 100
	fc.EffectiveUSD = tokenUSD + fc.FeeUSD
	return fc
}

// Describe names the fees and their date, for help and reports.
func (f Fees) Describe() string {
	src := "OpenRouter's published fees as of " + FeesPublished
	if f.Customized {
		src = "fees from the config's [fees] table (published defaults as of " + FeesPublished + ")"
	}
	mode := fmt.Sprintf("credits: %g%% per purchase, min $%.2f, assuming $%g purchases", f.CreditFeePercent,
		f.CreditFeeMinUSD, f.CreditPurchaseUSD)
	if f.BYOK {
		mode = fmt.Sprintf("BYOK: %g%% of upstream cost after %s free requests a month", f.BYOKFeePercent,
			figure.Grouped(int64(f.BYOKFreeRequests)))
	}
	return mode + "; " + src
}
