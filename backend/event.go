package backend

import "time"

// EventKind says what happened on a route's stream.
type EventKind int

const (
	EventStarted   EventKind = iota // the request was handed to the transport
	EventPhase                      // a connection phase finished (Phase set)
	EventHeaders                    // response headers arrived (Status set)
	EventKeepAlive                  // an SSE comment such as ": OPENROUTER PROCESSING"
	EventReasoning                  // a reasoning/thinking delta (Text set)
	EventText                       // an answer delta (Text set)
	EventServed                     // the upstream that serves the request became known (Served set)
	EventUsage                      // the provider reported usage (Usage set)
	EventDone                       // the stream ended normally (Finish set)
	EventError                      // the route failed (Err set); no event follows
	// EventFallback ends a failed attempt (Err set) and starts the next
	// route of a client-side fallback chain (Next set). The next attempt's
	// events follow, with At measured from that attempt's own start.
	EventFallback
	EventToolCall // a piece of a tool call the model makes (Tool set)
)

var eventKindNames = [...]string{"started", "phase", "headers", "keepalive", "reasoning", "text", "served", "usage", "done", "error", "fallback", "tool_call"}

func (k EventKind) String() string {
	if int(k) < len(eventKindNames) {
		return eventKindNames[k]
	}
	return "unknown"
}

// Event is one stamped moment of a route's run. At is the monotonic offset
// from the moment the request was handed to the transport, taken when the
// bytes arrived, before any decoding.
type Event struct {
	Route  string
	Kind   EventKind
	At     time.Duration
	Text   string
	Status int
	Phase  Phase
	Served *Served
	Usage  *Usage
	Finish string
	Err    *RouteError
	// Next is the route tried next (EventFallback only).
	Next *Route
	// Tool is a piece of a tool call (EventToolCall only).
	Tool *ToolDelta
}

// Content reports whether the event carries a piece of the answer: a
// non-empty text or reasoning delta, or a tool-call piece with an id, a
// name or arguments. Only these count as tokens wherever runs are measured.
func (ev *Event) Content() bool {
	switch ev.Kind {
	case EventText, EventReasoning:
		return ev.Text != ""
	case EventToolCall:
		t := ev.Tool
		return t != nil && (t.ID != "" || t.Name != "" || t.Arguments != "")
	}
	return false
}

// Served names who actually answered.
type Served struct {
	Model        string // model that answered (after any fallback)
	Provider     string // upstream provider (OpenRouter reports it)
	GenerationID string // id usable with OpenRouter's generation endpoint
	// Fallback is what a gateway reported of its own fallback to another
	// target after a failed attempt ("config.targets[1]"); empty without one.
	Fallback string
}

// Usage is what the provider reported. Nil pointers are counters it did not report.
// InputTokens include the cached prompt tokens on every wire: CachedTokens
// read from the provider's cache and CacheWriteTokens written to it.
type Usage struct {
	InputTokens      int
	OutputTokens     int
	ReasoningTokens  int
	CachedTokens     int
	CacheWriteTokens int
	// CostUSD is the provider's own cost figure (OpenRouter's usage.cost, xAI's
	// cost_in_usd_ticks), nil otherwise.
	CostUSD *float64
	// CostRejected is set when the provider sent a cost that cannot be
	// right (not finite, negative, absurdly large); CostUSD is then nil.
	CostRejected bool
}

// Phase is a connection phase reported by net/http/httptrace.
type Phase int

const (
	PhaseDNS       Phase = iota + 1 // DNS lookup finished
	PhaseConnect                    // TCP connection established
	PhaseTLS                        // TLS handshake finished
	PhaseFirstByte                  // first response byte arrived
)
