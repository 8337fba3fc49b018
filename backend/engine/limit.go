package engine

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
)

// errTooLarge ends a run whose answer passed its byte limit.
var errTooLarge = errors.New("response too large")

// maxResponseBytes is the route's limit, else the engine's, else the default.
func (s *stream) maxResponseBytes() int64 {
	switch {
	case s.rt.MaxResponseBytes > 0:
		return s.rt.MaxResponseBytes
	case s.engine.maxResponse > 0:
		return s.engine.maxResponse
	}
	return backend.DefaultMaxResponseBytes
}

// limitBody bounds the bytes a run decodes. routeplay does not ask for
// compression (a stream of small deltas gains little, and a few hundred
// kilobytes of gzip can inflate to gigabytes), but a server may compress
// anyway: that body is inflated here, under the same limit.
func (s *stream) limitBody(resp *http.Response) error {
	body := resp.Body
	if strings.EqualFold(strings.TrimSpace(resp.Header.Get("Content-Encoding")), "gzip") && !resp.Uncompressed {
		zr, err := gzip.NewReader(body)
		if err != nil {
			return err
		}
		body = &gzipBody{Reader: zr, raw: resp.Body}
		resp.Header.Del("Content-Encoding")
	}
	resp.Body = &capReader{r: body, left: s.maxResponseBytes()}
	return nil
}

func (s *stream) tooLarge() *backend.RouteError {
	return &backend.RouteError{Kind: backend.ErrTooLarge, Message: fmt.Sprintf(
		"the answer passed %s, the limit per run (max_response_bytes in the config)", figure.Bytes(s.maxResponseBytes()))}
}

// capReader fails with errTooLarge once more than left bytes were read.
type capReader struct {
	r    io.ReadCloser
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left <= 0 && err == nil {
		// One byte more tells a body of exactly the limit from a larger one.
		var one [1]byte
		if m, _ := c.r.Read(one[:]); m > 0 {
			return n, errTooLarge
		}
	}
	return n, err
}

func (c *capReader) Close() error { return c.r.Close() }

// gzipBody closes both the inflater and the connection's body.
type gzipBody struct {
	*gzip.Reader
	raw io.ReadCloser
}

func (g *gzipBody) Close() error {
	g.Reader.Close()
	return g.raw.Close()
}
