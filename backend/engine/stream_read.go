package engine

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/preset"
	"github.com/routeplay/routeplay/backend/wire"
	"github.com/routeplay/routeplay/backend/wire/apierror"
	"github.com/routeplay/routeplay/backend/wire/sse"
)

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 64 << 10

// maxNameRunes bounds a short field from the provider: a finish reason, a
// served model or provider name, a generation id.
const maxNameRunes = 200

// checkResponse turns a response that is not an event stream into an error.
func (s *stream) checkResponse(resp *http.Response) *backend.RouteError {
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 && ct != "application/json" {
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody+1))
	if len(body) > maxErrorBody {
		body = dropCutWord(body[:maxErrorBody])
	}
	re := apierror.FromResponse(s.rt.Wire, resp.StatusCode, resp.Header, []byte(s.redact(string(body))))
	if preset.ReadGatewayHeaders(s.rt, resp.Header).Exception {
		re.Kind = backend.ErrGateway // the gateway's own failure, not the provider's
	}
	if resp.StatusCode < 300 && re.Kind == backend.ErrBadRequest {
		re.Kind = backend.ErrStream
		re.Message = "expected an event stream, got a JSON body: " + re.Message
	}
	return re
}

// dropCutWord removes the word the read limit cut through: it may be the
// start of a key, which no redaction can recognise once cut.
func dropCutWord(body []byte) []byte {
	if i := bytes.LastIndexAny(body, " \t\r\n\"'<>,;:="); i >= 0 {
		return body[:i+1]
	}
	return nil
}

// read decodes the event stream until its end, an error or cancellation.
func (s *stream) read(ctx context.Context, resp *http.Response, dec wire.Decoder) {
	body := io.Reader(resp.Body)
	if s.idle != nil {
		body = &idleReader{r: resp.Body, t: s.idle, d: s.engine.timeouts.Idle}
	}
	sse := sse.NewReader(body, s.since)
	for {
		ev, err := sse.Next()
		if err != nil {
			s.end(ctx, dec, err)
			return
		}
		if ev.Comment {
			s.emit(backend.Event{Kind: backend.EventKeepAlive, At: ev.At})
			continue
		}
		evs, done, derr := dec.Decode(ev, s.buf[:0])
		s.buf = evs
		s.publish(evs)
		if derr != nil {
			s.failWith(ev.At, derr)
			return
		}
		if done {
			drainForReuse(resp.Body)
			return
		}
	}
}

// end handles the reader's final error: EOF lets the decoder decide whether
// the stream ended properly; anything else is classified.
func (s *stream) end(ctx context.Context, dec wire.Decoder, err error) {
	at := s.since()
	switch {
	case errors.Is(err, io.EOF):
		evs, ferr := dec.Finish(at, s.buf[:0])
		s.publish(evs)
		if ferr != nil {
			s.failWith(at, ferr)
		}
	case errors.Is(err, errTooLarge):
		s.fail(at, s.tooLarge())
	case errors.Is(err, sse.ErrLineTooLong):
		s.fail(at, &backend.RouteError{Kind: backend.ErrStream, Message: "the stream sent a line longer than 8 MiB"})
	case ctx.Err() != nil:
		s.fail(at, s.transportError(ctx, err))
	case errors.Is(err, io.ErrUnexpectedEOF):
		s.fail(at, &backend.RouteError{Kind: backend.ErrStream, Message: "connection closed mid-stream (truncated)"})
	default:
		s.fail(at, s.transportError(ctx, err))
	}
}

func (s *stream) failWith(at time.Duration, err error) {
	if re, ok := backend.AsRouteError(err); ok {
		cp := *re
		s.fail(at, &cp)
		return
	}
	s.fail(at, &backend.RouteError{Kind: backend.ErrStream, Message: err.Error()})
}

// publish sanitises deltas and queues the decoder's events.
func (s *stream) publish(evs []backend.Event) {
	for i := range evs {
		if isToken(evs[i].Kind) {
			s.stopFirstToken()
		}
		switch evs[i].Kind {
		case backend.EventText:
			evs[i].Text = s.text.Clean(evs[i].Text)
		case backend.EventReasoning:
			evs[i].Text = s.reasoning.Clean(evs[i].Text)
		case backend.EventServed:
			if sv := evs[i].Served; sv != nil {
				evs[i].Served = &backend.Served{Model: s.clean(sv.Model, maxNameRunes), Provider: s.clean(sv.Provider, maxNameRunes),
					GenerationID: s.clean(sv.GenerationID, maxNameRunes), Fallback: s.clean(sv.Fallback, maxNameRunes)}
			}
		case backend.EventToolCall:
			evs[i].Tool = s.cleanTool(evs[i].Tool)
		case backend.EventDone:
			evs[i].Finish = s.clean(evs[i].Finish, maxNameRunes)
			if ErrorFinish(evs[i].Finish) {
				evs[i] = backend.Event{Kind: backend.EventError, At: evs[i].At, Err: finishError(evs[i].Finish)}
			}
		}
		evs[i].Route = s.rt.Name
	}
	if len(evs) > 0 {
		s.q.push(evs...)
	}
}

// idleReader re-arms the idle timer on every read that returns bytes.
type idleReader struct {
	r io.Reader
	t *time.Timer
	d time.Duration
}

func (ir *idleReader) Read(p []byte) (int, error) {
	n, err := ir.r.Read(p)
	if n > 0 {
		ir.t.Reset(ir.d)
	}
	return n, err
}

// drainForReuse reads what little follows the stream's terminator so the
// connection returns to the pool: closing an unread body makes the next
// "warm" run dial again. A server that sends nothing more but keeps the body
// open cannot hold the route: the drain gives up after a moment.
func drainForReuse(body io.ReadCloser) {
	t := time.AfterFunc(100*time.Millisecond, func() { body.Close() })
	defer t.Stop()
	_, _ = io.CopyN(io.Discard, body, 64<<10)
}
