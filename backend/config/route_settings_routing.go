package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// routingSettings are OpenRouter's provider preferences and its models
// fallback list, as documented (see WIRE.md); preferences routeplay does not
// list here stay in the config and are sent as written.
func routingSettings() []Setting {
	r := func(s Setting) Setting { s.Group = GroupRouting; return s }
	return []Setting{
		r(Setting{Key: "openrouter.models", Label: "fallback models", Kind: SettingList, Unset: "none",
			Help: "Models OpenRouter tries, in order, when the route's model is unavailable (server-side fallback).",
			get:  func(rt backend.Route) string { return FormatList(routerOf(rt).Models) },
			set: func(rt *backend.Route, v string) error {
				models, err := ParseList(v)
				openRouter(rt).Models = models
				return err
			}}),
		r(choicePref("sort", "sort", orSorts, "price-weighted balancing",
			"Which providers go first: cheapest, fastest streaming, quickest first token, or exacto (tool-calling quality).")),
		r(listPref("order", "order", "OpenRouter's choice",
			"Providers to try first, in this order: slugs such as openai, anthropic, together.")),
		r(listPref("only", "only", "any provider", "Use only these providers.")),
		r(listPref("ignore", "ignore", "none", "Never use these providers.")),
		r(choicePref("allow_fallbacks", "allow fallbacks", []string{"true", "false"}, "true (default)",
			"false: fail instead of trying providers beyond order/only.")),
		r(choicePref("require_parameters", "require parameters", []string{"true", "false"}, "false (default)",
			"true: only providers that support every parameter this route sends.")),
		r(choicePref("data_collection", "data collection", orDataCollection, "allow (default)",
			"deny: skip providers that may store prompts or train on them.")),
		r(choicePref("zdr", "zero data retention", []string{"true", "false"}, "false (default)",
			"true: only endpoints that keep no data.")),
		r(choicePref("enforce_distillable_text", "distillable only", []string{"true", "false"}, "false (default)",
			"true: only models whose terms allow distilling their output.")),
		r(targetPref("preferred_max_latency", "target latency", "seconds",
			"Preferred p50 time to first token, in seconds: slower endpoints go later, they are not excluded.")),
		r(targetPref("preferred_min_throughput", "target throughput", "tokens/s",
			"Preferred p50 throughput, in tokens per second: slower endpoints go later, they are not excluded.")),
		r(listPref("quantizations", "quantizations", "any",
			"Only providers serving these precisions: "+strings.Join(orQuantizations, ", ")+".")),
		r(maxPricePref("prompt")),
		r(maxPricePref("completion")),
	}
}

// routerOf reads rt's OpenRouter options; nil reads as empty.
func routerOf(rt backend.Route) backend.OpenRouterOptions {
	if rt.OpenRouter == nil {
		return backend.OpenRouterOptions{}
	}
	return *rt.OpenRouter
}

// openRouter returns rt's options and provider table, creating them.
func openRouter(rt *backend.Route) *backend.OpenRouterOptions {
	if rt.OpenRouter == nil {
		rt.OpenRouter = &backend.OpenRouterOptions{}
	}
	if rt.OpenRouter.Provider == nil {
		rt.OpenRouter.Provider = map[string]any{}
	}
	return rt.OpenRouter
}

// pruneOpenRouter drops options left empty, so an unset preference is
// absent from the request body and the saved config.
func pruneOpenRouter(o *backend.OpenRouterOptions) *backend.OpenRouterOptions {
	if o == nil {
		return nil
	}
	if len(o.Provider) == 0 {
		o.Provider = nil
	}
	if len(o.Models) == 0 {
		o.Models = nil
	}
	if o.Provider == nil && o.Models == nil {
		return nil
	}
	return o
}

func listPref(name, label, unset, help string) Setting {
	return Setting{Key: "openrouter.provider." + name, Label: label, Kind: SettingList, Unset: unset, Help: help,
		get: func(rt backend.Route) string {
			list, _ := routerOf(rt).Provider[name].([]any)
			out := make([]string, 0, len(list))
			for _, e := range list {
				out = append(out, fmt.Sprint(e))
			}
			return FormatList(out)
		},
		set: func(rt *backend.Route, v string) error {
			items, err := ParseList(v)
			if err != nil || len(items) == 0 {
				delete(openRouter(rt).Provider, name)
				return err
			}
			list := make([]any, len(items))
			for i, s := range items {
				list[i] = s
			}
			openRouter(rt).Provider[name] = list
			return nil
		}}
}

// choicePref edits a string or boolean preference; "true" and "false" are
// sent as JSON booleans. sort keeps OpenRouter's table form when the config
// used it, changing only its "by".
func choicePref(name, label string, choices []string, unset, help string) Setting {
	return Setting{Key: "openrouter.provider." + name, Label: label, Kind: SettingChoice, Choices: choices,
		Unset: unset, Help: help,
		get: func(rt backend.Route) string {
			v, ok := routerOf(rt).Provider[name]
			if m, table := v.(map[string]any); table {
				v = m["by"]
			}
			if !ok || v == nil {
				return ""
			}
			return fmt.Sprint(v)
		},
		set: func(rt *backend.Route, v string) error {
			prefs := openRouter(rt).Provider
			switch {
			case v == "":
				delete(prefs, name)
				return nil
			case !slices.Contains(choices, v):
				return fmt.Errorf("%s: %q is not one of %s", label, v, strings.Join(choices, ", "))
			}
			var value any = v
			if v == "true" || v == "false" {
				value = v == "true"
			}
			if m, table := prefs[name].(map[string]any); table {
				m["by"] = value
				return nil
			}
			prefs[name] = value
			return nil
		}}
}

// maxPricePref edits one field of max_price; the others, including any the
// screen does not list, are kept.
func maxPricePref(field string) Setting {
	return Setting{Key: "openrouter.provider.max_price." + field, Label: "max " + field + " price", Kind: SettingNumber,
		Unset: "no limit", Help: "Highest " + field + " price a provider may charge, USD per million tokens.",
		get: func(rt backend.Route) string {
			m, _ := routerOf(rt).Provider["max_price"].(map[string]any)
			if f, ok := number(m[field]); ok {
				return formatNumber(f)
			}
			return ""
		},
		set: func(rt *backend.Route, v string) error {
			n, err := parseNumber("max "+field+" price", v)
			if err != nil {
				return err
			}
			if n != nil && *n < 0 {
				return fmt.Errorf("max %s price must not be negative", field)
			}
			prefs := openRouter(rt).Provider
			m, _ := prefs["max_price"].(map[string]any)
			if m == nil {
				m = map[string]any{}
			}
			delete(m, field)
			if n != nil {
				m[field] = *n
			}
			prefs["max_price"] = m
			if len(m) == 0 {
				delete(prefs, "max_price")
			}
			return nil
		}}
}

// targetPref edits a percentile target as one number, OpenRouter's p50. A
// table from the config keeps its other percentiles; only p50 changes.
func targetPref(name, label, unit, help string) Setting {
	return Setting{Key: "openrouter.provider." + name, Label: label, Kind: SettingNumber, Unset: "none", Help: help,
		get: func(rt backend.Route) string {
			v := routerOf(rt).Provider[name]
			if m, table := v.(map[string]any); table {
				v = m["p50"]
			}
			if f, ok := number(v); ok {
				return formatNumber(f)
			}
			return ""
		},
		set: func(rt *backend.Route, v string) error {
			n, err := parseNumber(label, v)
			if err != nil {
				return err
			}
			if n != nil && *n < 0 {
				return fmt.Errorf("%s must not be negative (%s)", label, unit)
			}
			prefs := openRouter(rt).Provider
			m, table := prefs[name].(map[string]any)
			switch {
			case table && n != nil:
				m["p50"] = *n
			case table:
				delete(m, "p50")
				if len(m) == 0 {
					delete(prefs, name)
				}
			case n != nil:
				prefs[name] = *n
			default:
				delete(prefs, name)
			}
			return nil
		}}
}
