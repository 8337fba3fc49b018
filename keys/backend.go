package keys

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// Backend is the keyring the store talks to. OSKeyring is the real one;
// tests use go-keyring's mock through OSKeyring or a fake of their own.
type Backend interface {
	Set(service, user, secret string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// OSKeyring is the platform keyring through go-keyring (go-keyring's
// MockInit swaps it for an in-memory one in tests).
type OSKeyring struct{}

func (OSKeyring) Set(service, user, secret string) error   { return keyring.Set(service, user, secret) }
func (OSKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (OSKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

func isBackendNotFound(err error) bool { return errors.Is(err, keyring.ErrNotFound) }

// DefaultTimeout bounds every keyring call.
const DefaultTimeout = 5 * time.Second

// guarded runs backend calls one at a time under a timeout. The calls are
// serialised because go-keyring's mock is not safe for concurrent use and a
// real Secret Service gains nothing from parallel calls. A call that never
// returns leaks its goroutine; later calls then time out too, which is the
// truth about a hung keyring.
type guarded struct {
	backend Backend
	timeout time.Duration
	mu      sync.Mutex
}

type callResult struct {
	value string
	err   error
}

// call runs f in a goroutine and waits for it, the timeout or ctx.
func (g *guarded) call(ctx context.Context, op, name string, f func(Backend) (string, error)) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("keyring %s %q: %w", op, name, err)
	}
	done := make(chan callResult, 1) // buffered: a late answer must not block the goroutine
	go func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		v, err := f(g.backend)
		done <- callResult{v, err}
	}()
	timer := time.NewTimer(g.timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.value, classify(op, name, r.err)
	case <-timer.C:
		return "", &TimeoutError{Op: op, Name: name, After: g.timeout}
	case <-ctx.Done():
		return "", fmt.Errorf("keyring %s %q: %w", op, name, ctx.Err())
	}
}
