package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// Provider preference values OpenRouter documents.
var (
	orSorts          = []string{"price", "throughput", "latency", "exacto"}
	orDataCollection = []string{"allow", "deny"}
	orQuantizations  = []string{"int4", "int8", "fp4", "mxfp4", "nvfp4", "fp6", "fp8", "mxfp8", "fp16", "bf16", "fp32", "unknown"}
	orMaxPriceFields = []string{"prompt", "completion", "request", "image", "audio"}
	orPercentiles    = []string{"p50", "p75", "p90", "p99"}
)

// orPrefCheckers validate the provider preferences routeplay knows. Other
// keys are sent as written (OpenRouter adds preferences over time) and
// CheckParams mentions them.
var orPrefCheckers = map[string]func(any) error{
	"order":              stringList(nil),
	"only":               stringList(nil),
	"ignore":             stringList(nil),
	"quantizations":      stringList(orQuantizations),
	"allow_fallbacks":    boolean,
	"require_parameters": boolean,
	"zdr":                boolean,
	"data_collection":    oneOf(orDataCollection),
	"sort":               sortPref,
	"max_price":          maxPrice,
	// Soft targets: endpoints beyond them are tried later, not excluded.
	"preferred_min_throughput": percentileTarget, // tokens per second
	"preferred_max_latency":    percentileTarget, // seconds
	"enforce_distillable_text": boolean,
}

// validateOpenRouter checks the [routes.openrouter] table: the models list
// and the types and values of known provider preferences. It returns the
// offending field's path for the error message.
func validateOpenRouter(o *backend.OpenRouterOptions) (field string, err error) {
	if o == nil {
		return "", nil
	}
	for _, m := range o.Models {
		if strings.TrimSpace(m) == "" {
			return "openrouter.models", fmt.Errorf("a model id is empty")
		}
	}
	keys := make([]string, 0, len(o.Provider))
	for k := range o.Provider {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if check, ok := orPrefCheckers[k]; ok {
			if err := check(o.Provider[k]); err != nil {
				return "openrouter.provider." + k, err
			}
		}
	}
	return "", nil
}

// unknownOpenRouterPrefs lists provider preference keys routeplay does not check.
func unknownOpenRouterPrefs(o *backend.OpenRouterOptions) []string {
	if o == nil {
		return nil
	}
	var out []string
	for k := range o.Provider {
		if _, ok := orPrefCheckers[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func stringList(allowed []string) func(any) error {
	return func(v any) error {
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("expected a list of strings, like [\"openai\"]")
		}
		for _, e := range list {
			s, ok := e.(string)
			if !ok || s == "" {
				return fmt.Errorf("expected a list of non-empty strings")
			}
			if allowed != nil && !slices.Contains(allowed, s) {
				return fmt.Errorf("%q is not one of %s", s, strings.Join(allowed, ", "))
			}
		}
		return nil
	}
}

func boolean(v any) error {
	if _, ok := v.(bool); !ok {
		return fmt.Errorf("expected true or false")
	}
	return nil
}

func oneOf(allowed []string) func(any) error {
	return func(v any) error {
		if s, ok := v.(string); ok && slices.Contains(allowed, s) {
			return nil
		}
		return fmt.Errorf("expected one of %s", strings.Join(allowed, ", "))
	}
}

func maxPrice(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("expected a table like { prompt = 1.0, completion = 2.0 } (USD per million tokens)")
	}
	for k, p := range m {
		if !slices.Contains(orMaxPriceFields, k) {
			return fmt.Errorf("unknown price %q (known: %s)", k, strings.Join(orMaxPriceFields, ", "))
		}
		f, ok := number(p)
		if !ok {
			return fmt.Errorf("%s: expected a number", k)
		}
		if f < 0 {
			return fmt.Errorf("%s: must not be negative", k)
		}
	}
	return nil
}

// sortPref accepts a sort name or a table naming it in "by" (OpenRouter's
// longer form, which may add options of its own).
func sortPref(v any) error {
	if m, ok := v.(map[string]any); ok {
		if err := oneOf(orSorts)(m["by"]); err != nil {
			return fmt.Errorf("by: %w", err)
		}
		return nil
	}
	return oneOf(orSorts)(v)
}

// percentileTarget accepts a number (OpenRouter applies it to p50) or a
// table of percentile cutoffs such as { p50 = 1, p90 = 3 }.
func percentileTarget(v any) error {
	m, table := v.(map[string]any)
	if !table {
		m = map[string]any{"p50": v}
	}
	if len(m) == 0 {
		return fmt.Errorf("expected a number or a table of %s", strings.Join(orPercentiles, ", "))
	}
	for k, p := range m {
		if !slices.Contains(orPercentiles, k) {
			return fmt.Errorf("unknown percentile %q (known: %s)", k, strings.Join(orPercentiles, ", "))
		}
		f, ok := number(p)
		if !ok {
			return fmt.Errorf("expected a number, like 2.5")
		}
		if f < 0 {
			return fmt.Errorf("must not be negative")
		}
	}
	return nil
}

// number reads a decoded TOML or JSON number.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}
