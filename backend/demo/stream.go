package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// frame is one SSE event: an optional event name and one data line, or
// the whole event already rendered.
type frame struct {
	event string
	data  []byte
	raw   []byte
}

// piece is one streamed delta.
type piece struct {
	reasoning bool
	text      string
}

// encoder writes one wire's events. Implementations keep the per-response
// state the wire needs (open content blocks, whether the role was sent).
type encoder interface {
	headers(h http.Header)
	open() []frame // right after the headers, before any keep-alive
	delta(p piece) []frame
	streamError(message string) frame
	malformed() frame
	padded(pad string) frame                    // a valid event carrying pad in an ignored field
	finish(reason string, u *Usage) []frame     // u nil: no usage report; ends with the wire's terminator
	defaultFinish() (reason, errMessage string) // finish reason and in-stream error message
}

// streamMeta is what every encoder needs to know about the response.
type streamMeta struct {
	id       string
	model    string
	provider string
	cost     *float64
	created  int64
	usage    *Usage // nil when the script omits usage
	orStyle  bool   // OpenRouter's flavour of the OpenAI wire
}

// invalidUTF8Marker stands in for invalid bytes until the frame is written,
// because encoding/json would replace them.
const invalidUTF8Marker = "~~fake-invalid-utf8~~"

func newEncoder(wire Wire, m streamMeta) encoder {
	switch wire {
	case Anthropic:
		return &anthropicEncoder{meta: m, index: -1}
	case Gemini:
		return &geminiEncoder{meta: m}
	}
	return &openAIEncoder{meta: m}
}

func (s *Server) serveStream(ctx context.Context, w http.ResponseWriter, req Request, ep endpoint, sc Script) {
	pieces := scriptPieces(sc)
	meta := streamMeta{model: req.Model, provider: sc.ServedProvider, cost: sc.Cost,
		created: time.Now().Unix(), usage: reportedUsage(req, sc, pieces)}
	if sc.ServedModel != "" {
		meta.model = sc.ServedModel
	}
	meta.orStyle = req.Wire == OpenAI && (ep.openRouter || sc.ServedProvider != "" || sc.Cost != nil || sc.GenerationStats != nil)
	meta.id = s.responseID(req.Wire, meta.orStyle)
	enc := newEncoder(req.Wire, meta)
	finish, _ := enc.defaultFinish()
	if len(sc.ToolCalls) > 0 {
		finish = toolFinish(req.Wire)
	}
	if sc.Finish != "" {
		finish = sc.Finish
	}
	if sc.GenerationStats != nil {
		s.storeGeneration(meta.id, generation{stats: *sc.GenerationStats, model: meta.model, usage: meta.usage, finish: finish})
	}

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	if sc.RetryAfter != "" {
		h.Set("Retry-After", sc.RetryAfter)
	}
	enc.headers(h)
	w.WriteHeader(http.StatusOK)
	e := newEmitter(ctx, w, sc)
	e.flush()
	run(e, enc, sc, pieces, finish, meta.usage)
}

// responseID numbers responses in the style of each provider's ids.
func (s *Server) responseID(wire Wire, orStyle bool) string {
	n := s.seq.Add(1)
	switch {
	case wire == Anthropic:
		return fmt.Sprintf("msg_fake%06d", n)
	case wire == Gemini:
		return fmt.Sprintf("fake-response-%06d", n)
	case orStyle:
		return fmt.Sprintf("gen-%d-fake%06d", time.Now().Unix(), n)
	}
	return fmt.Sprintf("chatcmpl-fake%06d", n)
}

// run writes the body in the script's order: keep-alives, pieces, finish.
// It returns as soon as a write fails or the request ends.
func run(e *emitter, enc encoder, sc Script, pieces []piece, finish string, usage *Usage) {
	_, errMessage := enc.defaultFinish()
	if sc.ErrorMessage != "" {
		errMessage = sc.ErrorMessage
	}
	if sc.EndlessKeepAlive {
		e.keepAliveForever(sc.KeepAliveEvery)
		return
	}
	if sc.ErrorFirst {
		e.sendLast(enc.streamError(errMessage))
		return
	}
	if !e.send(enc.open()...) || !e.waitFirstToken(sc) {
		return
	}
	if sc.HugeLineBytes > 0 && !e.send(paddedFrame(enc, sc.HugeLineBytes)) {
		return
	}
	// Pieces keep to a fixed schedule from the first one, so timer
	// overshoot does not add up and the rate is the one the script asks for.
	var first time.Time
	for i, p := range pieces {
		if interrupt(e, enc, sc, errMessage, i, false) {
			return
		}
		if i == 0 {
			first = time.Now()
		} else if !sc.TrickleBytes && !sleep(e.ctx, time.Until(first.Add(time.Duration(i)*sc.TokenInterval))) {
			return
		}
		if !e.send(enc.delta(p)...) {
			return
		}
	}
	if interrupt(e, enc, sc, errMessage, len(pieces), true) {
		return
	}
	for i, c := range sc.ToolCalls {
		if te, ok := enc.(toolEncoder); ok && !e.send(te.toolCall(i, c)...) {
			return
		}
	}
	frames := enc.finish(finish, usage)
	if e.send(frames[:len(frames)-1]...) {
		e.sendLast(frames[len(frames)-1])
	}
}

// interrupt applies a failure the script places after n pieces and reports
// whether the stream ends there. At the end of the pieces it also applies
// failures placed beyond the last piece.
func interrupt(e *emitter, enc encoder, sc Script, errMessage string, n int, atEnd bool) bool {
	at := func(k int) bool { return k == n || (atEnd && k > n) }
	switch {
	case sc.Stall && sc.StallAfter >= 0 && at(sc.StallAfter):
		<-e.ctx.Done()
		return true
	case sc.TruncateAfter > 0 && at(sc.TruncateAfter):
		// Aborting the handler drops the connection mid-body, like a
		// provider that dies: the client sees an unexpected EOF.
		panic(http.ErrAbortHandler)
	case sc.ErrorAfter > 0 && at(sc.ErrorAfter):
		e.sendLast(enc.streamError(errMessage))
		return true
	case sc.MalformedAfter > 0 && at(sc.MalformedAfter):
		return !e.send(enc.malformed())
	}
	return false
}

// paddedFrame builds a valid event whose data line is exactly n bytes long
// (or as short as the wire allows).
func paddedFrame(enc encoder, n int) frame {
	base := len("data: ") + len(enc.padded("").data)
	return enc.padded(string(bytes.Repeat([]byte{'x'}, max(0, n-base))))
}

// scriptPieces lists the deltas: reasoning words, then the answer pieces.
func scriptPieces(sc Script) []piece {
	var out []piece
	for _, t := range SplitText(sc.Reasoning) {
		out = append(out, piece{reasoning: true, text: t})
	}
	answer := sc.Tokens
	if answer == nil {
		answer = SplitText(sc.Text)
	}
	for i, t := range answer {
		if i == 0 && sc.InvalidUTF8 {
			t += invalidUTF8Marker
		}
		out = append(out, piece{text: t})
	}
	return out
}

// ReportedUsage is the usage a response to req following sc reports (nil
// when it reports none) and the number of pieces it streams.
func ReportedUsage(req Request, sc Script) (*Usage, int) {
	pieces := scriptPieces(sc)
	return reportedUsage(req, sc, pieces), len(pieces)
}

// reportedUsage is the usage the response reports, nil when it reports none.
func reportedUsage(req Request, sc Script, pieces []piece) *Usage {
	if sc.OmitUsage {
		return nil
	}
	if sc.Usage != nil {
		u := *sc.Usage
		return &u
	}
	u := Usage{Input: max(1, len(req.Prompt)/4), Output: len(pieces)}
	// A call is generated too: about a token per four bytes of it.
	for _, c := range sc.ToolCalls {
		u.Output += (len(c.Name) + len(c.Arguments) + 3) / 4
	}
	for _, p := range pieces {
		if p.reasoning {
			u.Reasoning++
		}
	}
	return &u
}

// SplitText splits s into token-sized pieces: each word with the whitespace
// after it (leading whitespace stays with the first piece). The pieces
// concatenate back to s exactly.
func SplitText(s string) []string {
	var out []string
	start, i := 0, 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	for i < len(s) {
		for i < len(s) && !isSpace(s[i]) {
			i++
		}
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		out = append(out, s[start:i])
		start = i
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// pieceTemplate is an event rendered once with a placeholder where the
// piece's text goes, so each later piece costs one string escape instead of
// a whole JSON encode. It keeps the fake light enough that benchmarks of
// many fast streams measure the client, not the fake.
type pieceTemplate struct{ prefix, suffix []byte }

const piecePlaceholder = "@@fake-piece@@"

func newPieceTemplate(event string, v any) *pieceTemplate {
	data := dataFrame(v).data
	quoted := []byte(`"` + piecePlaceholder + `"`)
	i := bytes.Index(data, quoted)
	if i < 0 {
		panic("fake: piece template without a placeholder")
	}
	prefix := format(frame{event: event, data: data[:i]})
	prefix = prefix[:len(prefix)-2] // the blank line belongs after the suffix
	return &pieceTemplate{prefix: prefix, suffix: append(append([]byte(nil), data[i+len(quoted):]...), "\n\n"...)}
}

// frame renders the template around text as a ready-made frame.
func (t *pieceTemplate) frame(text string) frame {
	q, err := json.Marshal(text)
	if err != nil {
		panic(err)
	}
	b := make([]byte, 0, len(t.prefix)+len(q)+len(t.suffix))
	b = append(append(append(b, t.prefix...), q...), t.suffix...)
	return frame{raw: b}
}
