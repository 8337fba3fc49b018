package projection

import (
	"math"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

var near = testkit.Near

var (
	gw     = backend.Route{Name: "or-mini", Kind: backend.KindOpenRouter, Model: "openai/gpt-4o-mini"}
	direct = backend.Route{Name: "mini", Kind: backend.KindOpenAI, Model: "gpt-4o-mini"}
)

func ptr(v float64) *float64 { return &v }

// TestMonthWithCreditFee: with purchased credits every gateway request pays
// the 5.5 % purchase fee; the direct route pays none.
func TestMonthWithCreditFee(t *testing.T) {
	months := Project([]backend.Route{gw, direct}, []*float64{ptr(0.001), ptr(0.001)}, 100_000, config.DefaultFees())
	g, d := months[0], months[1]
	if !near(g.TokenUSD, 100) || !near(g.FeeUSD, 5.5) || !near(g.TotalUSD, 105.5) || g.Requests != 100_000 {
		t.Errorf("gateway month %+v", g)
	}
	if !near(d.TotalUSD, 100) || d.FeeUSD != 0 {
		t.Errorf("direct month %+v", d)
	}
	// Same price per request: the fee keeps the gateway dearer at every volume.
	if c := g.Crossings; len(c) != 1 || c[0].With != "mini" || c[0].Requests != nil || c[0].CheaperBelow != "mini" {
		t.Errorf("crossings %+v", c)
	}
}

// TestMonthWithBYOKFee: with your own key the first million requests a
// month pay no fee, then 5 % of the upstream cost.
func TestMonthWithBYOKFee(t *testing.T) {
	f := config.DefaultFees()
	f.BYOK = true
	m := MonthOf(gw, 0.001, 2_000_000, f)
	if !near(m.TokenUSD, 2000) || !near(m.FeeUSD, 50) || !near(m.TotalUSD, 2050) {
		t.Errorf("2M requests: %+v", m)
	}
	if m := MonthOf(gw, 0.001, 1_000_000, f); m.FeeUSD != 0 {
		t.Errorf("the free million pays a fee: %+v", m)
	}
}

// TestCross covers the shapes two monthly lines can take.
func TestCross(t *testing.T) {
	credits, byok := config.DefaultFees(), config.DefaultFees()
	byok.BYOK = true
	for _, c := range []struct {
		name   string
		a, b   Line
		at     float64 // 0: never
		aFirst bool
		same   bool
	}{
		{"straight lines through zero never cross", LineOf(gw, 0.0009, credits), LineOf(direct, 0.001, credits), 0, true, false},
		{"the same price at every volume", LineOf(direct, 0.001, credits), LineOf(direct, 0.001, credits), 0, false, true},
		{"equal until the free requests run out, then the fee", LineOf(gw, 0.001, byok), LineOf(direct, 0.001, byok), 0, false, false},
		// 980 + (V − 1e6) × 0.001029 = 0.001 × V  ⇒  V = 49 / 0.000029
		{"cheaper upstream until the BYOK fee overtakes it", LineOf(gw, 0.00098, byok), LineOf(direct, 0.001, byok), 49 / 0.000029, true, false},
	} {
		at, crosses, aFirst, same := Cross(c.a, c.b)
		if crosses != (c.at != 0) || c.at != 0 && math.Abs(at-c.at) > 1e-3 || aFirst != c.aFirst || same != c.same {
			t.Errorf("%s: at %v crosses %v aFirst %v same %v", c.name, at, crosses, aFirst, same)
		}
		// Symmetric: b against a meets at the same volume.
		if at2, crosses2, _, _ := Cross(c.b, c.a); crosses2 != crosses || math.Abs(at2-at) > 1e-3 {
			t.Errorf("%s reversed: at %v crosses %v", c.name, at2, crosses2)
		}
	}
	months := Project([]backend.Route{gw, direct}, []*float64{ptr(0.00098), ptr(0.001)}, 100_000, byok)
	if c := months[0].Crossings[0]; c.Requests == nil || *c.Requests != 1_689_655 || c.CheaperBelow != "or-mini" {
		t.Errorf("gateway crossing %+v", c)
	}
	if c := months[1].Crossings[0]; c.With != "or-mini" || c.Requests == nil || *c.Requests != 1_689_655 || c.CheaperBelow != "or-mini" {
		t.Errorf("direct crossing %+v", c)
	}
}

// TestUnknownCostHasNoMonth: a route whose cost is unknown has no month
// and no crossing, rather than a $0 line that would always look cheapest.
func TestUnknownCostHasNoMonth(t *testing.T) {
	months := Project([]backend.Route{gw, direct}, []*float64{nil, ptr(0.001)}, 1000, config.DefaultFees())
	if months[0] != nil || months[1] == nil || len(months[1].Crossings) != 0 {
		t.Errorf("months %+v %+v", months[0], months[1])
	}
}

func TestSentence(t *testing.T) {
	at := 1_952_381.0
	for _, c := range []struct {
		c    Crossing
		want string
	}{
		{Crossing{With: "mini", CheaperBelow: "mini"}, "or vs mini: the lines never cross; mini is never the dearer"},
		{Crossing{With: "mini"}, "or vs mini: the same cost at every volume"},
		{Crossing{With: "mini", Requests: &at, CheaperBelow: "or"},
			"or vs mini: the lines cross at 1,952,381 requests a month; below, or is cheaper, above, mini"},
	} {
		if got := c.c.Sentence("or", "or", "mini"); got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
}

func TestRowsAlignAndNameEachPairOnce(t *testing.T) {
	other := backend.Route{Name: "x\x1b[31m", Kind: backend.KindAnthropic, Model: "claude-3-5-haiku"}
	routes := []backend.Route{gw, direct, other}
	months := Project(routes, []*float64{ptr(0.0011), ptr(0.001), nil}, 1000, config.DefaultFees())
	rows, pairs := Rows([]string{gw.Name, direct.Name, other.Name}, months)
	var lines []string
	for _, r := range rows {
		lines = append(lines, r.Line())
	}
	got := strings.Join(lines, "\n")
	if strings.ContainsRune(got, '\x1b') {
		t.Fatalf("a route name put an escape in the text: %q", got)
	}
	if len(rows) != 3 || rows[2].Known || rows[2].Note != "(cost unknown)" || strings.TrimSpace(rows[2].Amount) != "n/a" {
		t.Errorf("rows:\n%s", got)
	}
	if w := len(rows[0].Head); w != len(rows[1].Head) || len(rows[0].Amount) != len(rows[2].Amount) {
		t.Errorf("not aligned:\n%s", got)
	}
	if len(pairs) != 1 || !strings.HasPrefix(pairs[0], "  or-mini vs mini: ") {
		t.Errorf("pairs %q", pairs)
	}
}

// Route names are padded by terminal cells, so a wide name lines up.
func TestRowsPadNamesByCells(t *testing.T) {
	rows, _ := Rows([]string{"直连", "gate"}, []*Month{{TotalUSD: 1}, {TotalUSD: 2}})
	if figure.Width(rows[0].Head) != figure.Width(rows[1].Head) {
		t.Fatalf("heads %q and %q take different widths", rows[0].Head, rows[1].Head)
	}
}
