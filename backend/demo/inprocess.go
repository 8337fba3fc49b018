package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"sync"
)

// InProcess returns a RoundTripper that serves h inside the process: no
// port, no socket. RoundTrip returns as soon as the handler commits its
// headers and the body streams through a pipe, so clients see each flushed
// event when it is written. Cancelling the request or closing the body ends
// the handler's context. Redirects are returned as they are; the
// http.Client decides whether to follow them.
func InProcess(h http.Handler) http.RoundTripper { return inProcess{h} }

type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	pr, pw := io.Pipe()
	rw := &pipeWriter{pw: pw, header: http.Header{}, ready: make(chan struct{}),
		trace: httptrace.ContextClientTrace(req.Context()), reqCtx: req.Context()}

	// Once the context ends (a cancelled request, a closed body or the
	// handler's return) the handler's next write and the client's next read
	// fail with its error; after a normal return the client still sees EOF.
	context.AfterFunc(ctx, func() { pw.CloseWithError(ctx.Err()) })
	sreq := serverRequest(ctx, req)
	go func() {
		defer cancel()
		defer closeBody(req)
		t.serve(rw, sreq)
	}()

	// The handler's own context also ends when it returns, so only the
	// caller's context can fail the round trip, and committed headers win.
	select {
	case <-rw.ready:
	case <-req.Context().Done():
		select {
		case <-rw.ready:
		default:
			cancel()
			return nil, req.Context().Err()
		}
	}
	if rw.abortErr != nil {
		return nil, rw.abortErr
	}
	if rw.late {
		// The headers came from a handler that was already told to stop.
		pr.Close()
		return nil, req.Context().Err()
	}
	return rw.response(req, &pipeBody{pr: pr, cancel: cancel}), nil
}

// serve runs the handler and ends the body: EOF when it returns, an
// unexpected EOF when it aborts, as a dropped connection would.
func (t inProcess) serve(rw *pipeWriter, r *http.Request) {
	defer func() {
		p := recover()
		if p == nil {
			rw.commit(http.StatusOK)
			// A handler that returns because its request ended must not
			// make the client's read look like a complete body.
			rw.pw.CloseWithError(r.Context().Err())
			return
		}
		err := io.ErrUnexpectedEOF
		if p != http.ErrAbortHandler {
			err = fmt.Errorf("fake: handler panicked: %v", p)
		}
		rw.abort(err)
	}()
	t.h.ServeHTTP(rw, r)
}

// serverRequest is req as a handler would receive it from a server.
func serverRequest(ctx context.Context, req *http.Request) *http.Request {
	r := req.Clone(ctx)
	r.RequestURI = req.URL.RequestURI()
	r.RemoteAddr = "in-process"
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	if r.Body == nil {
		r.Body = http.NoBody
	}
	r.Proto, r.ProtoMajor, r.ProtoMinor = "HTTP/1.1", 1, 1
	return r
}

// closeBody closes the request body, as a RoundTripper must.
func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// pipeWriter is the handler's ResponseWriter: headers are committed on
// WriteHeader or the first Write/Flush, the body goes into the pipe.
type pipeWriter struct {
	pw     *io.PipeWriter
	header http.Header
	trace  *httptrace.ClientTrace
	reqCtx context.Context

	// Set once by the handler goroutine before ready closes; read after.
	once     sync.Once
	ready    chan struct{}
	status   int
	sent     http.Header
	abortErr error
	late     bool // committed after the caller's context ended
}

func (w *pipeWriter) Header() http.Header { return w.header }

func (w *pipeWriter) WriteHeader(status int) { w.commit(status) }

func (w *pipeWriter) Write(b []byte) (int, error) {
	w.commit(http.StatusOK)
	return w.pw.Write(b)
}

func (w *pipeWriter) Flush() { w.commit(http.StatusOK) }

// commit freezes the status and headers and lets RoundTrip return. The
// first response byte reaches the client at this moment, so this is when
// the trace hears of it.
func (w *pipeWriter) commit(status int) {
	w.once.Do(func() {
		w.status = status
		w.sent = w.header.Clone()
		w.late = w.reqCtx.Err() != nil
		if w.trace != nil && w.trace.GotFirstResponseByte != nil {
			w.trace.GotFirstResponseByte()
		}
		close(w.ready)
	})
}

// abort ends the response with err: before the headers RoundTrip fails,
// after them the body's next read does.
func (w *pipeWriter) abort(err error) {
	w.once.Do(func() {
		w.abortErr = errors.New("fake: connection closed before response headers")
		close(w.ready)
	})
	w.pw.CloseWithError(err)
}

func (w *pipeWriter) response(req *http.Request, body io.ReadCloser) *http.Response {
	resp := &http.Response{
		Status:     strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode: w.status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: w.sent, Body: body, ContentLength: -1, Request: req,
	}
	if n, err := strconv.ParseInt(w.sent.Get("Content-Length"), 10, 64); err == nil {
		resp.ContentLength = n
	}
	return resp
}

// pipeBody is the response body; closing it ends the handler's context.
type pipeBody struct {
	pr     *io.PipeReader
	cancel context.CancelFunc
}

func (b *pipeBody) Read(p []byte) (int, error) { return b.pr.Read(p) }

func (b *pipeBody) Close() error {
	b.cancel()
	return b.pr.Close()
}
