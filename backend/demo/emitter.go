package demo

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"
)

// keepAliveComment is the SSE comment OpenRouter sends while it waits.
const keepAliveComment = ": OPENROUTER PROCESSING\n\n"

// emitter writes SSE frames with the script's pacing and flushes after each,
// so clients see every event when it is sent.
type emitter struct {
	ctx            context.Context
	w              io.Writer
	flusher        http.Flusher
	trickle        bool
	byteInterval   time.Duration
	noFinalNewline bool
	crlf           bool
}

func newEmitter(ctx context.Context, w http.ResponseWriter, sc Script) *emitter {
	f, _ := w.(http.Flusher)
	return &emitter{ctx: ctx, w: w, flusher: f, trickle: sc.TrickleBytes,
		byteInterval: sc.TokenInterval, noFinalNewline: sc.NoFinalNewline, crlf: sc.CRLF}
}

func (e *emitter) flush() {
	if e.flusher != nil {
		e.flusher.Flush()
	}
}

// send writes each frame and reports whether the stream can go on.
func (e *emitter) send(frames ...frame) bool {
	for _, f := range frames {
		if !e.write(format(f)) {
			return false
		}
	}
	return true
}

// sendLast writes the final frame, without its newlines when the script asks.
func (e *emitter) sendLast(f frame) bool {
	b := format(f)
	if e.noFinalNewline {
		b = bytes.TrimRight(b, "\n")
	}
	return e.write(b)
}

func (e *emitter) comment() bool { return e.write([]byte(keepAliveComment)) }

// waitFirstToken sends the keep-alives and waits out FirstTokenDelay,
// counted from the headers so the keep-alives do not lengthen it.
func (e *emitter) waitFirstToken(sc Script) bool {
	start := time.Now()
	for i := 0; i < sc.KeepAlives; i++ {
		if i > 0 && !sleep(e.ctx, sc.KeepAliveEvery) {
			return false
		}
		if !e.comment() {
			return false
		}
	}
	return sleep(e.ctx, time.Until(start.Add(sc.FirstTokenDelay)))
}

// keepAliveForever sends keep-alive comments until the request ends.
func (e *emitter) keepAliveForever(every time.Duration) {
	if every <= 0 {
		every = DefaultKeepAliveEvery
	}
	for {
		if !e.comment() || !sleep(e.ctx, every) {
			return
		}
	}
}

// write sends b whole, or byte by byte when trickling, flushing each time.
func (e *emitter) write(b []byte) bool {
	if e.crlf {
		// Event data is JSON, whose newlines are escaped, so every raw
		// newline here ends a line.
		b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
	}
	if !e.trickle {
		if _, err := e.w.Write(b); err != nil {
			return false
		}
		e.flush()
		return e.ctx.Err() == nil
	}
	for i := range b {
		if _, err := e.w.Write(b[i : i+1]); err != nil {
			return false
		}
		e.flush()
		if !sleep(e.ctx, e.byteInterval) {
			return false
		}
	}
	return true
}

// format renders a frame as SSE lines followed by the blank line that
// dispatches it.
func format(f frame) []byte {
	if f.raw != nil {
		return replaceMarker(f.raw)
	}
	b := make([]byte, 0, len("event: \ndata: \n\n")+len(f.event)+len(f.data))
	if f.event != "" {
		b = append(append(append(b, "event: "...), f.event...), '\n')
	}
	b = append(append(append(b, "data: "...), f.data...), "\n\n"...)
	return replaceMarker(b)
}

// replaceMarker puts the invalid bytes InvalidUTF8 asks for in place of their marker.
func replaceMarker(b []byte) []byte {
	if !bytes.Contains(b, []byte(invalidUTF8Marker)) {
		return b
	}
	return bytes.ReplaceAll(b, []byte(invalidUTF8Marker), []byte{0xff, 0xfe})
}
