package engine

import (
	"crypto/x509"
	"sync"
)

// warmProcess pays the process's one-off costs before any route's clock
// starts (MEASURING.md): loading the system's root certificates takes tens of
// milliseconds on first use, and whichever route handshakes first would
// otherwise absorb it silently.
var warmProcess = sync.OnceFunc(func() {
	_, _ = x509.SystemCertPool()
})
