// Package backend sends one conversation to many LLM routes at once and
// measures each route: wire formats, SSE, fan-out, timing, stats and cost.
// It knows nothing about terminals or Bubble Tea.
package backend

import (
	"fmt"
	"math"
	"time"

	"github.com/routeplay/routeplay/backend/tooldef"
)

// Kind names a provider kind as the user writes it in a route spec.
type Kind string

const (
	KindOpenRouter       Kind = "openrouter"
	KindOpenAI           Kind = "openai"
	KindAnthropic        Kind = "anthropic"
	KindGemini           Kind = "gemini"
	KindOpenAICompatible Kind = "openai-compatible"
	KindDemo             Kind = "demo"
)

// Wire is the streaming format a route speaks.
type Wire int

const (
	WireOpenAI    Wire = iota // OpenAI Chat Completions (OpenRouter and every compatible server)
	WireAnthropic             // Anthropic Messages
	WireGemini                // Gemini streamGenerateContent?alt=sse
)

func (w Wire) String() string {
	switch w {
	case WireAnthropic:
		return "anthropic"
	case WireGemini:
		return "gemini"
	default:
		return "openai"
	}
}

// Params are the per-route generation parameters. Nil means "not sent".
type Params struct {
	System          *string  `toml:"system" json:"system,omitempty"`
	Temperature     *float64 `toml:"temperature" json:"temperature,omitempty"`
	TopP            *float64 `toml:"top_p" json:"top_p,omitempty"`
	MaxTokens       *int     `toml:"max_tokens" json:"max_tokens,omitempty"`
	ReasoningEffort string   `toml:"reasoning_effort" json:"reasoning_effort,omitempty"`
	ReasoningBudget *int     `toml:"reasoning_budget" json:"reasoning_budget,omitempty"`
	Stop            []string `toml:"stop" json:"stop,omitempty"`
}

// OpenRouterOptions are passed through to OpenRouter as configured.
type OpenRouterOptions struct {
	// Models is OpenRouter's server-side fallback list, tried in order.
	Models []string `toml:"models,omitempty" json:"models,omitempty"`
	// Provider is the provider preferences object, sent verbatim.
	Provider map[string]any `toml:"provider,omitempty" json:"provider,omitempty"`
}

// Route is one way of reaching a model.
type Route struct {
	Name       string
	Kind       Kind   // provider kind or preset name as written ("groq", "ollama", ...)
	Wire       Wire   // resolved from Kind
	Model      string // model id as the provider expects it
	BaseURL    string // resolved base URL (see the adapters for the path they append)
	KeyName    string // name of the key in the key store; empty when the route needs none
	Params     Params
	OpenRouter *OpenRouterOptions
	// Simulated routes are served in-process by the fake providers.
	Simulated bool
	// Hidden routes run only as another route's fallback.
	Hidden bool
	// Fallback names the routes tried in order when this one fails with a
	// kind in FallbackOn (client-side fallback; see StreamWithFallback).
	Fallback []string
	// FallbackOn lists the error kinds that trigger the fallback; empty
	// means DefaultFallbackOn.
	FallbackOn []ErrorKind
	// Price overrides the catalog price (USD per million tokens).
	Price *Price
	// AllowInsecureHTTP lets the route send its key over plain http:// to a
	// host that is not this machine (refused otherwise).
	AllowInsecureHTTP bool
	// MaxResponseBytes bounds the bytes one run decodes; 0 means the
	// engine's limit (see DefaultMaxResponseBytes).
	MaxResponseBytes int64
	// Tools are the functions sent with every request, resolved from
	// ToolNames (the config's tools = [...]) or --tools FILE.json.
	Tools []tooldef.Tool
	// ToolNames are the names the route's config entry opted in to.
	ToolNames []string
	// ToolChoice is "auto" (or empty), "required", "none" or a tool's name.
	ToolChoice string
	// Schema asks for structured output following this JSON Schema; nil
	// means free text. SchemaFile is the file as the config names it.
	Schema     *tooldef.OutputSchema
	SchemaFile string
	// Headers are sent with every request, after the wire's own.
	Headers []Header
	// Gateway names the gateway preset the route goes through ("portkey",
	// "litellm", ...); empty for a direct route (OpenRouter routes are
	// gateways all the same: see IsGateway).
	Gateway string
	// UpstreamKind and UpstreamModel name the direct route a gateway
	// route stands for; it pairs with that route and is priced as it.
	UpstreamKind  Kind
	UpstreamModel string
	// GatewaySign says what gave the gateway away ("header
	// x-portkey-provider") when the route was written as direct.
	GatewaySign string
}

// Role of a chat message.
type Role string

const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
	// RoleTool carries the results of the previous turn's tool calls.
	RoleTool Role = "tool"
)

// Message is one turn of a conversation.
type Message struct {
	Role    Role
	Content string
	// ToolCalls are the calls an assistant turn made.
	ToolCalls []ToolCall
	// ToolResults answer them, in a RoleTool turn.
	ToolResults []ToolResult
}

// ToolResult is the client's answer to one tool call.
type ToolResult struct {
	CallID  string
	Name    string
	Content string
}

// Request is what one route is asked: the system prompt and that route's own thread.
type Request struct {
	System   string
	Messages []Message
}

// Timeouts bound a route's waiting. Zero means no limit.
type Timeouts struct {
	// Response: no response headers within this long after the request started.
	Response time.Duration
	// Idle: no bytes at all (keep-alives included) for this long, from the
	// request on: waiting for the headers counts too.
	Idle time.Duration
	// FirstToken: no text, reasoning or tool call this long after the
	// request started, whether or not headers have arrived (keep-alives do
	// not count).
	FirstToken time.Duration
	// Total: the whole run, from the request to the last byte. Keep-alive
	// comments and endless token streams keep Idle from firing; only this
	// bounds them.
	Total time.Duration
}

// Price is a per-million-token price in USD, for routes the catalog lacks.
// Prompt caching has two prices of its own: reading cached input is cheaper
// than input, writing it (Anthropic) dearer. A zero cache price means the
// input price.
type Price struct {
	Input      float64 `toml:"input" json:"input"`
	Output     float64 `toml:"output" json:"output"`
	CacheRead  float64 `toml:"cache_read,omitempty" json:"cache_read,omitempty"`
	CacheWrite float64 `toml:"cache_write,omitempty" json:"cache_write,omitempty"`
	// Cached is the older name of CacheRead, still read from configs and
	// cached model lists written before the two were told apart.
	Cached float64 `toml:"cached,omitempty" json:"cached,omitempty"`
}

// ReadPrice is the price of cached input read back.
func (p Price) ReadPrice() float64 {
	if p.CacheRead > 0 {
		return p.CacheRead
	}
	if p.Cached > 0 {
		return p.Cached
	}
	return p.Input
}

// Check names the first price that is negative or not a number; a nil
// price has none.
func (p *Price) Check() (field string, err error) {
	if p == nil {
		return "", nil
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"input", p.Input}, {"output", p.Output}, {"cache_read", p.CacheRead}, {"cache_write", p.CacheWrite}, {"cached", p.Cached}} {
		if !(f.v >= 0) || math.IsInf(f.v, 1) {
			return "price." + f.name, fmt.Errorf("%v is not a price (USD per million tokens, 0 or more)", f.v)
		}
	}
	return "", nil
}

// WritePrice is the price of input written to the cache.
func (p Price) WritePrice() float64 {
	if p.CacheWrite > 0 {
		return p.CacheWrite
	}
	return p.Input
}

// PriceKind is the provider whose catalog prices the route: the upstream
// of a gateway route, else the route's own kind.
func (rt Route) PriceKind() Kind {
	if rt.UpstreamKind != "" {
		return rt.UpstreamKind
	}
	return rt.Kind
}

// IsGateway reports whether the route goes through a gateway; OpenRouter
// always does.
func (rt Route) IsGateway() bool { return rt.Gateway != "" || rt.Kind == KindOpenRouter }

// SchemaByTool reports whether the route asks for structured output
// through a forced tool, the Messages API's way: the answer is then that
// tool's arguments, not the text.
func (rt Route) SchemaByTool() bool { return rt.Schema != nil && rt.Wire == WireAnthropic }
