package config

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/wire"
)

// SettingKind says how a route setting is written and edited.
type SettingKind int

const (
	SettingText    SettingKind = iota // free text that may span lines (the system prompt)
	SettingNumber                     // a decimal number
	SettingInteger                    // a whole number
	SettingList                       // comma-separated values; a quoted value keeps commas and spaces
	SettingChoice                     // one of Choices
)

// Setting groups, in the order they are listed.
const (
	GroupParams  = "Parameters"
	GroupRouting = "OpenRouter routing"
)

// Setting is one per-route setting a user can edit while the app runs: a
// generation parameter or an OpenRouter routing preference. Value gives
// its text form and Set parses and checks that text exactly as the config
// loader would, so a setting made on screen loads again from the file.
type Setting struct {
	Key     string // the setting's path in the config file, e.g. "params.temperature"
	Label   string
	Group   string
	Kind    SettingKind
	Choices []string // SettingChoice: the values; not set is always allowed too
	Unset   string   // what applies while the setting is not set, in words
	Help    string

	get func(backend.Route) string
	set func(*backend.Route, string) error
}

// Value is the setting's text form on rt; "" means not set.
func (s Setting) Value(rt backend.Route) string { return s.get(rt) }

// Set returns rt with the setting parsed from text; blank text unsets it.
// rt itself is never modified, since running streams may still read it.
// On error the returned route is rt unchanged and the error says why in
// plain words.
func (s Setting) Set(rt backend.Route, text string) (backend.Route, error) {
	next := cloneSettings(rt)
	if s.Kind != SettingText {
		text = strings.TrimSpace(text)
	}
	if err := s.set(&next, text); err != nil {
		return rt, err
	}
	if _, err := validateParams(next.Params); err != nil {
		return rt, err
	}
	if _, err := validateOpenRouter(next.OpenRouter); err != nil {
		return rt, err
	}
	next.OpenRouter = pruneOpenRouter(next.OpenRouter)
	return next, nil
}

// defaultEfforts are the reasoning_effort values OpenAI and OpenRouter
// document, offered when the catalog does not list a model's own.
var defaultEfforts = []string{"none", "minimal", "low", "medium", "high", "xhigh", "max"}

// RouteSettings lists the settings that apply to rt: every parameter its
// wire format carries, any other one that is set (so it can be cleared),
// and OpenRouter's routing preferences on OpenRouter routes.
func RouteSettings(rt backend.Route) []Setting {
	out := paramSettings(rt)
	if wire.IsOpenRouter(rt) {
		out = append(out, routingSettings()...)
	}
	return out
}

func paramSettings(rt backend.Route) []Setting {
	p := func(s Setting) Setting { s.Group = GroupParams; return s }
	out := []Setting{
		p(Setting{Key: "params.system", Label: "system prompt", Kind: SettingText, Unset: "the session's",
			Help: "Replaces the session's system prompt (/system) for this route only.",
			get:  func(rt backend.Route) string { return derefOr(rt.Params.System, "") },
			set: func(rt *backend.Route, v string) error {
				rt.Params.System = nil
				if strings.TrimSpace(v) != "" {
					rt.Params.System = &v
				}
				return nil
			}}),
		p(numberParam("params.temperature", "temperature", "Sampling temperature, 0 to 2 (Anthropic: 0 to 1).",
			func(p *backend.Params) **float64 { return &p.Temperature })),
		p(numberParam("params.top_p", "top_p", "Nucleus sampling: above 0, at most 1.",
			func(p *backend.Params) **float64 { return &p.TopP })),
		p(intParam("params.max_tokens", "max tokens", maxTokensHelp(rt), func(p *backend.Params) **int { return &p.MaxTokens })),
	}
	if rt.Wire == backend.WireOpenAI || rt.Params.ReasoningEffort != "" {
		out = append(out, p(effortSetting(rt)))
	}
	if rt.Wire != backend.WireOpenAI || wire.IsOpenRouter(rt) || rt.Params.ReasoningBudget != nil {
		out = append(out, p(intParam("params.reasoning_budget", "reasoning budget", budgetHelp(rt),
			func(p *backend.Params) **int { return &p.ReasoningBudget })))
	}
	return append(out, p(Setting{Key: "params.stop", Label: "stop", Kind: SettingList, Unset: "none",
		Help: `Sequences that end the answer, comma-separated; quote one to keep commas or spaces: "\n\n", END.`,
		get:  func(rt backend.Route) string { return FormatList(rt.Params.Stop) },
		set: func(rt *backend.Route, v string) (err error) {
			rt.Params.Stop, err = ParseList(v)
			return err
		}}))
}

func maxTokensHelp(rt backend.Route) string {
	switch {
	case rt.Wire == backend.WireAnthropic:
		return fmt.Sprintf("Longest answer in tokens (max_tokens; routeplay sends %d when not set).", wire.AnthropicDefaultMaxTokens)
	case rt.Wire == backend.WireGemini:
		return "Longest answer in tokens (generationConfig.maxOutputTokens)."
	case wire.IsOpenAI(rt):
		return "Longest answer in tokens, reasoning included (max_completion_tokens)."
	}
	return "Longest answer in tokens (max_tokens)."
}

func budgetHelp(rt backend.Route) string {
	switch {
	case rt.Wire == backend.WireAnthropic:
		return fmt.Sprintf("Thinking tokens (thinking.budget_tokens): at least %d, below max tokens.", anthropicMinThinkingBudget)
	case rt.Wire == backend.WireGemini:
		return "Thinking tokens (thinkingConfig.thinkingBudget): 0 turns thinking off, -1 lets the model decide."
	case wire.IsOpenRouter(rt):
		return "Thinking tokens (reasoning.max_tokens); a reasoning effort takes precedence."
	}
	return "Thinking tokens: this wire has no field for it; set a reasoning effort instead."
}

func effortSetting(rt backend.Route) Setting {
	levels := defaultEfforts
	if m, ok := backend.CatalogModel(rt.Kind, rt.Model); ok && len(m.ReasoningLevels) > 0 {
		levels = m.ReasoningLevels
	}
	if cur := rt.Params.ReasoningEffort; cur != "" && !slices.Contains(levels, cur) {
		levels = append(slices.Clone(levels), cur)
	}
	help := "How hard the model thinks: OpenAI reasoning_effort."
	if wire.IsOpenRouter(rt) {
		help = "How hard the model thinks: OpenRouter reasoning.effort (takes precedence over the budget)."
	}
	return Setting{Key: "params.reasoning_effort", Label: "reasoning effort", Kind: SettingChoice,
		Choices: levels, Unset: "model default", Help: help,
		get: func(rt backend.Route) string { return rt.Params.ReasoningEffort },
		set: func(rt *backend.Route, v string) error {
			if v != "" && !slices.Contains(levels, v) {
				return fmt.Errorf("reasoning effort %q is not one of %s", v, strings.Join(levels, ", "))
			}
			rt.Params.ReasoningEffort = v
			return nil
		}}
}

func numberParam(key, label, help string, field func(*backend.Params) **float64) Setting {
	return pointerParam(key, label, help, SettingNumber, field, formatNumber, parseNumber)
}

func intParam(key, label, help string, field func(*backend.Params) **int) Setting {
	return pointerParam(key, label, help, SettingInteger, field, strconv.Itoa, parseInteger)
}

// pointerParam edits a parameter that is nil while not set.
func pointerParam[T any](key, label, help string, kind SettingKind, field func(*backend.Params) **T,
	format func(T) string, parse func(label, text string) (*T, error)) Setting {
	return Setting{Key: key, Label: label, Kind: kind, Unset: "provider default", Help: help,
		get: func(rt backend.Route) string {
			if v := *field(&rt.Params); v != nil {
				return format(*v)
			}
			return ""
		},
		set: func(rt *backend.Route, text string) error {
			v, err := parse(label, text)
			*field(&rt.Params) = v
			return err
		}}
}

func parseNumber(label, v string) (*float64, error) {
	if v == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("%s: %q is not a number", label, v)
	}
	return &f, nil
}

func parseInteger(label, v string) (*int, error) {
	if v == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(v, "_", ""))
	if err != nil {
		return nil, fmt.Errorf("%s: %q is not a whole number", label, v)
	}
	return &n, nil
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func derefOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// cloneSettings copies everything a Setting writes, so the copy can change
// while the original is read elsewhere.
func cloneSettings(rt backend.Route) backend.Route {
	p := &rt.Params
	p.System, p.Temperature, p.TopP = clonePtr(p.System), clonePtr(p.Temperature), clonePtr(p.TopP)
	p.MaxTokens, p.ReasoningBudget = clonePtr(p.MaxTokens), clonePtr(p.ReasoningBudget)
	p.Stop = slices.Clone(p.Stop)
	if o := rt.OpenRouter; o != nil {
		provider, _ := cloneValue(o.Provider).(map[string]any)
		rt.OpenRouter = &backend.OpenRouterOptions{Models: slices.Clone(o.Models), Provider: provider}
	}
	return rt
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// cloneValue deep-copies decoded TOML or JSON: tables and arrays.
func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if x == nil {
			return x
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = cloneValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	}
	return v
}
