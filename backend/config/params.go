package config

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/wire"
)

// anthropicMinThinkingBudget is the smallest budget_tokens Anthropic accepts.
const anthropicMinThinkingBudget = 1024

// CheckParams returns warnings, in plain words, about parameters a route
// sends that its model or wire format will reject or ignore: what the
// catalog says the model cannot do, and what the wire has no field for.
// It is called before sending, so the user learns why a route fails (or
// silently ignores a setting) before paying for the request.
func CheckParams(rt backend.Route) []string {
	var warns []string
	if w := detectedGatewayWarning(rt); w != "" {
		warns = append(warns, w)
	}
	warns = append(warns, wireParamWarnings(rt)...)
	warns = append(warns, toolWarnings(rt)...)
	for _, k := range unknownOpenRouterPrefs(rt.OpenRouter) {
		warns = append(warns, fmt.Sprintf("OpenRouter provider preference %q is not one routeplay knows; it is sent as written", k))
	}
	if m, ok := backend.CatalogModel(rt.Kind, rt.Model); ok {
		warns = append(warns, catalogParamWarnings(rt, catalogFacts{
			canReason: m.CanReason, levels: m.ReasoningLevels, contextWindow: m.ContextWindow})...)
	}
	for i, w := range warns {
		warns[i] = rt.Name + ": " + w
	}
	return warns
}

// catalogFacts are the catalog figures parameter checks rely on.
type catalogFacts struct {
	canReason     bool
	levels        []string
	contextWindow int64
}

func catalogParamWarnings(rt backend.Route, m catalogFacts) []string {
	p := rt.Params
	var warns []string
	reasoning := p.ReasoningEffort != "" || p.ReasoningBudget != nil
	if reasoning && !m.canReason {
		warns = append(warns, fmt.Sprintf("the catalog says %s does not reason; reasoning settings may be rejected", rt.Model))
	}
	if p.ReasoningEffort != "" && m.canReason && len(m.levels) > 0 && !slices.Contains(m.levels, p.ReasoningEffort) {
		warns = append(warns, fmt.Sprintf("reasoning_effort %q is not one of %s for %s", p.ReasoningEffort,
			strings.Join(m.levels, ", "), rt.Model))
	}
	if p.MaxTokens != nil && m.contextWindow > 0 && int64(*p.MaxTokens) > m.contextWindow {
		warns = append(warns, fmt.Sprintf("max_tokens %d exceeds the %d-token context window of %s", *p.MaxTokens, m.contextWindow, rt.Model))
	}
	if wire.IsOpenAI(rt) && m.canReason && (p.Temperature != nil || p.TopP != nil) {
		warns = append(warns, fmt.Sprintf("OpenAI reasoning models such as %s reject temperature and top_p", rt.Model))
	}
	return warns
}

// wireParamWarnings flags settings the route's wire format does not carry,
// following the mapping in wire_*.go.
func wireParamWarnings(rt backend.Route) []string {
	p := rt.Params
	var warns []string
	if b := p.ReasoningBudget; b != nil && *b < 0 && rt.Wire != backend.WireGemini {
		warns = append(warns, "a reasoning_budget of -1 (dynamic thinking) only means something to Gemini")
	}
	switch {
	case rt.Wire == backend.WireAnthropic:
		if p.ReasoningEffort != "" {
			warns = append(warns, "reasoning_effort is not sent on the Anthropic wire; set reasoning_budget (thinking budget_tokens)")
		}
		if b := p.ReasoningBudget; b != nil && *b > 0 {
			warns = append(warns, anthropicThinkingWarnings(p, *b)...)
		}
		if p.Temperature != nil && *p.Temperature > 1 {
			warns = append(warns, fmt.Sprintf("Anthropic accepts temperature 0..1, not %v", *p.Temperature))
		}
	case rt.Wire == backend.WireGemini:
		if p.ReasoningEffort != "" {
			warns = append(warns, "reasoning_effort is not sent on the Gemini wire; set reasoning_budget (thinkingConfig.thinkingBudget)")
		}
	case wire.IsOpenRouter(rt):
		if p.ReasoningEffort != "" && p.ReasoningBudget != nil {
			warns = append(warns, "reasoning_effort and reasoning_budget are both set; OpenRouter gets only the effort")
		}
	default:
		if p.ReasoningBudget != nil {
			warns = append(warns, "reasoning_budget is not sent on the OpenAI wire; set reasoning_effort")
		}
	}
	return warns
}

func anthropicThinkingWarnings(p backend.Params, budget int) []string {
	var warns []string
	if budget < anthropicMinThinkingBudget {
		warns = append(warns, fmt.Sprintf("Anthropic needs a thinking budget of at least %d tokens, not %d", anthropicMinThinkingBudget, budget))
	}
	if p.MaxTokens != nil && *p.MaxTokens <= budget {
		warns = append(warns, fmt.Sprintf("max_tokens %d must exceed the thinking budget %d on Anthropic", *p.MaxTokens, budget))
	}
	if p.Temperature != nil && *p.Temperature != 1 {
		warns = append(warns, "Anthropic rejects a temperature other than 1 while thinking is on")
	}
	return warns
}

// DescribeOpenRouter renders a route's OpenRouter options in short form for
// headers and listings, e.g. "order=openai · no-fallbacks · deny-data".
// Options left at OpenRouter's defaults are not shown; keys routeplay does
// not know are shown as written.
func DescribeOpenRouter(o *backend.OpenRouterOptions) string {
	if o == nil {
		return ""
	}
	var parts []string
	if len(o.Models) > 0 {
		parts = append(parts, "models="+strings.Join(o.Models, ","))
	}
	keys := make([]string, 0, len(o.Provider))
	for k := range o.Provider {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(prefRank(a), prefRank(b)), cmp.Compare(a, b))
	})
	for _, k := range keys {
		if s := describePref(k, o.Provider[k]); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}

// providerPrefOrder is the order preferences are shown in.
var providerPrefOrder = []string{"order", "only", "ignore", "sort", "allow_fallbacks", "require_parameters",
	"data_collection", "zdr", "enforce_distillable_text", "quantizations", "max_price",
	"preferred_max_latency", "preferred_min_throughput"}

func prefRank(k string) int {
	if i := slices.Index(providerPrefOrder, k); i >= 0 {
		return i
	}
	return len(providerPrefOrder)
}

// prefFlags are preferences shown only when set to their one non-default value.
var prefFlags = map[string]struct {
	value any
	short string
}{
	"allow_fallbacks":          {false, "no-fallbacks"},
	"require_parameters":       {true, "require-params"},
	"data_collection":          {"deny", "deny-data"},
	"zdr":                      {true, "zdr"},
	"enforce_distillable_text": {true, "distillable-only"},
}

func describePref(k string, v any) string {
	if f, ok := prefFlags[k]; ok {
		if v == f.value {
			return f.short
		}
		return ""
	}
	m, table := v.(map[string]any)
	switch {
	case k == "sort" && table:
		return "sort=" + prefValue(m["by"])
	case k == "max_price" && table:
		var ps []string
		for _, f := range orMaxPriceFields {
			if p, ok := m[f]; ok {
				ps = append(ps, fmt.Sprintf("%s≤$%v", f, p))
			}
		}
		return "max " + strings.Join(ps, ",")
	case k == "preferred_max_latency":
		return describeTarget("latency", "≤", v, "s")
	case k == "preferred_min_throughput":
		return describeTarget("throughput", "≥", v, "tok/s")
	}
	return k + "=" + prefValue(v)
}

// describeTarget shows a percentile target: "latency≤2s" (p50) or
// "latency p50≤1s,p90≤3s".
func describeTarget(name, op string, v any, unit string) string {
	m, table := v.(map[string]any)
	if !table {
		return name + op + prefValue(v) + unit
	}
	var ps []string
	for _, p := range orPercentiles {
		if x, ok := m[p]; ok {
			ps = append(ps, p+op+prefValue(x)+unit)
		}
	}
	return name + " " + strings.Join(ps, ",")
}

func prefValue(v any) string {
	switch x := v.(type) {
	case []any:
		s := make([]string, len(x))
		for i, e := range x {
			s[i] = fmt.Sprint(e)
		}
		return strings.Join(s, ",")
	case []string:
		return strings.Join(x, ",")
	}
	return fmt.Sprint(v)
}

// DescribeParams renders a route's parameters in short form for headers and
// listings, e.g. "temp 0.2 · max 512 · effort high"; "" when none is set.
func DescribeParams(p backend.Params) string {
	var parts []string
	if p.System != nil {
		parts = append(parts, "own system prompt")
	}
	if p.Temperature != nil {
		parts = append(parts, "temp "+formatNumber(*p.Temperature))
	}
	if p.TopP != nil {
		parts = append(parts, "top_p "+formatNumber(*p.TopP))
	}
	if p.MaxTokens != nil {
		parts = append(parts, fmt.Sprintf("max %d", *p.MaxTokens))
	}
	if p.ReasoningEffort != "" {
		parts = append(parts, "effort "+p.ReasoningEffort)
	}
	if p.ReasoningBudget != nil {
		parts = append(parts, fmt.Sprintf("thinking %d", *p.ReasoningBudget))
	}
	if n := len(p.Stop); n > 0 {
		parts = append(parts, fmt.Sprintf("%d stop", n))
	}
	return strings.Join(parts, " · ")
}

// DescribeSettings is a route's parameters and OpenRouter options in short
// form, "" when the route runs on its provider's defaults.
func DescribeSettings(rt backend.Route) string {
	var parts []string
	for _, s := range []string{DescribeParams(rt.Params), DescribeOpenRouter(rt.OpenRouter), describeTools(rt)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}
