package backend

import "context"

// KeySource hands the engine a route's key by name. It is satisfied by the
// keys package; it uses only standard types so keys never imports backend.
type KeySource interface {
	// Key returns the secret and where it came from ("env" or "keyring").
	// A missing key is an error whose message tells the user how to add one.
	Key(ctx context.Context, name string) (secret, source string, err error)
}
