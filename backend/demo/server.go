// Package demo simulates LLM providers. Its server answers scripted
// responses in the exact streaming formats of OpenAI (and OpenRouter and
// compatible servers), Anthropic and Gemini. Demo mode serves it in-process
// through InProcess (with no port and no socket) behind simulated.DemoRoutes,
// with the simulated latencies of simulated.DemoProfiles; the self-test
// measures the program against it; tests run it on loopback (Start).
//
// Endpoints, chosen by the end of the path so any base URL works:
//
//	POST …/chat/completions                      OpenAI wire; under /api/v1/ OpenRouter's flavour
//	POST …/v1/messages                           Anthropic wire
//	POST …/models/{model}:streamGenerateContent  Gemini wire (needs ?alt=sse)
//	GET  …/models, …/v1/models                   model list (Anthropic's shape with x-api-key)
//	GET  …/v1beta/models                         Gemini model list
//	GET  …/api/v1/key                            OpenRouter key info
//	GET  …/api/v1/generation?id=                 OpenRouter generation stats
//
// The model lists and key info need a key (any key, or the one given to
// RequireKey); streams need one only after RequireKey.
package demo

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"
)

// Wire is the streaming format a request was made in, detected from its path.
type Wire int

const (
	OpenAI    Wire = iota // /chat/completions: OpenAI, OpenRouter and compatible servers
	Anthropic             // /v1/messages
	Gemini                // /v1beta/models/{model}:streamGenerateContent
)

func (w Wire) String() string {
	switch w {
	case Anthropic:
		return "anthropic"
	case Gemini:
		return "gemini"
	default:
		return "openai"
	}
}

// Script describes one response. Zero values mean "healthy, instant".
//
// "Pieces" are the streamed deltas: first the reasoning pieces, then the
// answer pieces. The N of ErrorAfter, TruncateAfter, MalformedAfter and
// StallAfter counts both kinds; an N at or beyond the number of pieces acts
// after the last piece, before the finish events.
type Script struct {
	HeaderDelay     time.Duration // before response headers are written
	FirstTokenDelay time.Duration // after headers, before the first delta (keep-alives fall inside it)
	TokenInterval   time.Duration // between deltas (0 = as fast as possible, flushing each)
	Reasoning       string        // streamed first, as reasoning/thinking deltas, split like Text
	Text            string        // the answer, split into words with their following whitespace
	Tokens          []string      // exact answer pieces (overrides Text splitting)
	Usage           *Usage        // reported usage; nil = computed (see Usage)
	OmitUsage       bool          // end without any usage report
	Cost            *float64      // OpenRouter usage.cost
	ServedModel     string        // reported model (an OpenRouter fallback can differ from the requested one)
	ServedProvider  string        // OpenRouter chunk "provider"
	KeepAlives      int           // ": OPENROUTER PROCESSING" comments sent before the first token
	KeepAliveEvery  time.Duration // spacing of those comments (also used by EndlessKeepAlive)
	Finish          string        // finish reason (default per wire: stop / end_turn / STOP)
	ToolCalls       []ToolCall    // function calls after the answer pieces (finish then defaults to tool_calls / tool_use / STOP)

	// Failures.
	Status           int    // non-2xx: write this status with the wire's error body, then stop
	RetryAfter       string // Retry-After header value
	ErrorMessage     string // message of error bodies and in-stream errors
	ErrorBodyRaw     string // exact body (e.g. HTML from a proxy) instead of the JSON error body; 502 unless Status is set
	ErrorAfter       int    // >0: after N pieces, send an in-stream error (HTTP 200) then end
	ErrorFirst       bool   // HTTP 200 whose first event is an error
	TruncateAfter    int    // >0: drop the connection after N pieces: no terminator, no usage
	MalformedAfter   int    // >0: after N pieces send a data line with broken JSON, then carry on
	HugeLineBytes    int    // >0: send one valid data line of this many bytes before the first piece
	StallAfter       int    // with Stall: after N pieces stop sending and hold until the request ends
	Stall            bool
	TrickleBytes     bool             // write the body one byte at a time (TokenInterval between bytes)
	EndlessKeepAlive bool             // after headers, only keep-alive comments until the request ends
	NoFinalNewline   bool             // omit the newlines after the last event
	CRLF             bool             // end every line with \r\n (legal SSE)
	InvalidUTF8      bool             // put invalid UTF-8 bytes in the first answer piece
	RedirectTo       string           // respond 307 to this URL
	GenerationStats  *GenerationStats // answered at GET /api/v1/generation?id=<this response's id>
}

// Usage is a wire-neutral usage report. Input counts every prompt token
// (Cached of them from cache); Output counts every generated token
// (Reasoning of them hidden reasoning). Each wire maps it to its own fields.
// When a Script leaves Usage nil, Input is the prompt length / 4 (at least 1)
// and Output is the number of pieces, Reasoning the reasoning pieces.
type Usage struct{ Input, Output, Reasoning, Cached int }

// GenerationStats is what OpenRouter's generation endpoint reports.
type GenerationStats struct {
	ProviderName     string
	Model            string
	LatencyMs        float64
	GenerationTimeMs float64
	TotalCost        float64
}

// Request is what the fake received, for tests to assert on and for
// scripts to choose a response.
type Request struct {
	Wire   Wire
	Path   string
	Header http.Header    // as received (tests assert auth headers)
	Body   map[string]any // decoded JSON body; nil for GET
	Model  string         // from the body or (Gemini) the path
	Prompt string         // text of the last user message
}

// DefaultKeepAliveEvery spaces EndlessKeepAlive comments when the script
// does not, so an endless response never spins.
const DefaultKeepAliveEvery = 100 * time.Millisecond

// Server is a fake provider. It implements http.Handler.
type Server struct {
	script func(Request) Script

	mu          sync.Mutex
	requests    []Request
	requiredKey string
	listed      []string // model ids listed after "fake-model"
	generations map[string]generation
	genOrder    []string // generation ids, oldest first

	seq    atomic.Int64
	ctx    context.Context // ended by Close: every response in flight stops
	cancel context.CancelFunc
}

// generation is a served response OpenRouter's generation endpoint can describe.
type generation struct {
	stats  GenerationStats
	model  string
	usage  *Usage
	finish string
}

// New returns a fake provider that answers each request with script(req).
// A nil script answers every request with a short healthy reply.
func New(script func(Request) Script) *Server {
	if script == nil {
		script = func(Request) Script { return Script{Text: "Hello from the fake provider."} }
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{script: script, generations: map[string]generation{}, ctx: ctx, cancel: cancel}
}

// Start serves a new fake provider on a loopback port. The caller closes
// both: the Server first (to end stalled responses), then the httptest.Server.
func Start(script func(Request) Script) (*Server, *httptest.Server) {
	s := New(script)
	return s, httptest.NewServer(s)
}

// Close ends every response in flight (stalled and endless ones included)
// and makes later responses end at once.
func (s *Server) Close() { s.cancel() }

// RequireKey makes every endpoint answer 401 unless the request carries key
// as a Bearer token, x-api-key or x-goog-api-key.
func (s *Server) RequireKey(key string) {
	s.mu.Lock()
	s.requiredKey = key
	s.mu.Unlock()
}

// ListModels adds ids to what the model-list endpoints return after
// "fake-model" (the demo transport lists the demo models).
func (s *Server) ListModels(ids ...string) {
	s.mu.Lock()
	s.listed = append(s.listed, ids...)
	s.mu.Unlock()
}

func (s *Server) listedModels() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{"fake-model"}, s.listed...)
}

// MaxRecorded bounds what a long-running fake (demo mode) keeps: the most
// recent requests and generation stats.
const MaxRecorded = 1000

// Requests returns the requests received so far (the most recent
// MaxRecorded), in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) record(req Request) {
	s.mu.Lock()
	if len(s.requests) == MaxRecorded {
		s.requests = append(s.requests[:0], s.requests[1:]...)
	}
	s.requests = append(s.requests, req)
	s.mu.Unlock()
}

func (s *Server) expectedKey() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requiredKey
}

func (s *Server) storeGeneration(id string, g generation) {
	s.mu.Lock()
	if len(s.genOrder) == MaxRecorded {
		delete(s.generations, s.genOrder[0])
		s.genOrder = append(s.genOrder[:0], s.genOrder[1:]...)
	}
	s.generations[id] = g
	s.genOrder = append(s.genOrder, id)
	s.mu.Unlock()
}

func (s *Server) lookupGeneration(id string) (generation, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.generations[id]
	return g, ok
}

// ServeHTTP routes by path, records the request, checks the key and answers
// with the script's response.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	defer context.AfterFunc(s.ctx, cancel)()

	ep := route(r)
	req, err := decodeRequest(r, ep)
	s.record(req)
	if ep.kind == endpointUnknown {
		writeError(w, req, ep, http.StatusNotFound, "no such endpoint", "")
		return
	}
	if ep.method != r.Method {
		writeError(w, req, ep, http.StatusMethodNotAllowed, "method not allowed", "")
		return
	}
	if msg, ok := s.authorize(r, ep); !ok {
		writeError(w, req, ep, http.StatusUnauthorized, msg, "")
		return
	}
	if err != nil {
		writeError(w, req, ep, http.StatusBadRequest, err.Error(), "")
		return
	}
	sc := s.script(req)
	if !sleep(ctx, sc.HeaderDelay) {
		return
	}
	if sc.RedirectTo != "" {
		http.Redirect(w, r, sc.RedirectTo, http.StatusTemporaryRedirect)
		return
	}
	if failed(sc) {
		writeScriptedError(w, req, ep, sc)
		return
	}
	s.answer(ctx, w, r, req, ep, sc)
}

func (s *Server) answer(ctx context.Context, w http.ResponseWriter, r *http.Request, req Request, ep endpoint, sc Script) {
	switch ep.kind {
	case endpointStream:
		s.serveStream(ctx, w, req, ep, sc)
	case endpointModels:
		writeModels(w, req, ep, s.listedModels())
	case endpointKey:
		writeJSON(w, http.StatusOK, openRouterKeyInfo())
	case endpointGeneration:
		s.writeGeneration(w, req, ep, r.URL.Query().Get("id"))
	case endpointModelEndpoints:
		writeModelEndpoints(w, r.URL.Path)
	case endpointProviders:
		writeJSON(w, http.StatusOK, map[string]any{"data": fakeProviders()})
	}
}

// sleep waits d or until ctx ends; it reports whether the wait completed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
