package demo

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// benchTokens is the answer length of the engine's throughput workload.
const benchTokens = 20_000

func benchScript(Request) Script {
	tokens := make([]string, benchTokens)
	for i := range tokens {
		tokens[i] = "tok "
	}
	return Script{Tokens: tokens}
}

// benchStream streams one 20,000-token answer per iteration through c.
func benchStream(b *testing.B, c *http.Client, url string, call wireCall) {
	b.ReportAllocs()
	var n int64
	for b.Loop() {
		resp, err := c.Post(url+call.path, "application/json", strings.NewReader(call.body))
		if err != nil {
			b.Fatal(err)
		}
		m, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		n = m
	}
	b.SetBytes(n)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchTokens, "ns/token")
}

func BenchmarkStreamInProcess(b *testing.B) {
	for _, call := range wireCalls {
		b.Run(call.wire.String(), func(b *testing.B) {
			benchStream(b, &http.Client{Transport: InProcess(New(benchScript))}, "http://fake", call)
		})
	}
}

func BenchmarkStreamLoopback(b *testing.B) {
	for _, call := range wireCalls {
		b.Run(call.wire.String(), func(b *testing.B) {
			s, ts := Start(benchScript)
			defer ts.Close()
			defer s.Close()
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			benchStream(b, &http.Client{Transport: tr}, ts.URL, call)
		})
	}
}
