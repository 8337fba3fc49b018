package backend

// unbilled reports a run that failed before anything was generated and for
// which nobody reported usage or a bill: it has no cost to know.
func (r *Result) unbilled() bool {
	return r.Err != nil && r.Deltas == 0 && r.reported == nil
}

// CostTotal adds runs' costs up and keeps unknown unknown: a run that may
// have been billed but whose cost is unknown (no provider figure, no price)
// makes the total unknown rather than smaller. A run that was never billed
// (see unbilled) adds nothing either way.
type CostTotal struct {
	usd            float64
	known, unknown int
}

// Add counts one run and returns its cost when known.
func (c *CostTotal) Add(r *Result) (usd float64, ok bool) {
	usd, _, ok = RouteCost(r)
	switch {
	case ok:
		c.usd += usd
		c.known++
	case !r.unbilled():
		c.unknown++
	}
	return usd, ok
}

// USD is the total, known only when at least one run had a cost and every
// run that may have been billed had a known one.
func (c CostTotal) USD() (float64, bool) {
	if c.unknown > 0 || c.known == 0 {
		return 0, false
	}
	return c.usd, true
}

// Rounded is the total for JSON, rounded to the nano-dollar; nil (null)
// when it is unknown.
func (c CostTotal) Rounded() *float64 {
	usd, ok := c.USD()
	if !ok {
		return nil
	}
	v := Round(usd, 9)
	return &v
}
