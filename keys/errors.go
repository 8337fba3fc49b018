package keys

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// Sentinel errors; match them with errors.Is.
var (
	ErrNotFound     = errors.New("key not found")
	ErrUnavailable  = errors.New("OS keyring unavailable")
	ErrLocked       = errors.New("OS keyring locked")
	ErrTimeout      = errors.New("OS keyring timed out")
	ErrInvalidName  = errors.New("invalid key name")
	ErrInvalidValue = errors.New("invalid key value")
	ErrIndexCorrupt = errors.New("key index unreadable")
)

// MissingKeyError says a key is in neither the environment nor the keyring,
// and how to add it.
type MissingKeyError struct {
	Name string
}

func (e *MissingKeyError) Error() string {
	return fmt.Sprintf("no key %q: set %s or run \"routeplay keys set %s\"", e.Name, envHint(e.Name), e.Name)
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *MissingKeyError) Is(target error) bool { return target == ErrNotFound }

// NotStoredError says Delete found no key of that name in the keyring.
type NotStoredError struct {
	Name string
}

func (e *NotStoredError) Error() string {
	return fmt.Sprintf("no key %q in the OS keyring", e.Name)
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotStoredError) Is(target error) bool { return target == ErrNotFound }

// forName restates a keyring failure met while handling another name, so
// a listing that reuses one failure names each key correctly.
func forName(err error, name string) error {
	var te *TimeoutError
	var ke *KeyringError
	switch {
	case errors.As(err, &te):
		c := *te
		c.Name = name
		return &c
	case errors.As(err, &ke):
		c := *ke
		c.Name = name
		return &c
	}
	return err
}

// TimeoutError says the keyring did not answer in time. Case in point: a
// Secret Service daemon that owns its bus name but never replies blocks the
// D-Bus call forever.
type TimeoutError struct {
	Op    string // "get", "set" or "delete"
	Name  string
	After time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("OS keyring did not answer within %s (%s %q): it may be waiting for an unlock prompt or be hung; unlock or restart it, retry with a longer --timeout, or set %s instead",
		e.After, e.Op, e.Name, envHint(e.Name))
}

// Is makes errors.Is(err, ErrTimeout) true.
func (e *TimeoutError) Is(target error) bool { return target == ErrTimeout }

// KeyringError is any other keyring failure, classified as ErrUnavailable or
// ErrLocked, with a message that says how to fix it.
type KeyringError struct {
	Kind  error // ErrUnavailable or ErrLocked
	Op    string
	Name  string
	Cause error
	Fix   string // what to do about it; a general fix when empty
}

// Fixes for the Secret Service failures seen on Linux.
const (
	fixNoBus     = "no D-Bus session bus: log in to a desktop session or run routeplay under dbus-run-session with a Secret Service started"
	fixNoService = "no Secret Service on the session bus: install and start gnome-keyring or KeePassXC (with Secret Service integration)"
	fixLocked    = "unlock it (log in to the desktop session, or start gnome-keyring-daemon with --unlock)"
	fixGeneral   = "start a Secret Service provider such as gnome-keyring or KeePassXC on the session D-Bus"
)

func (e *KeyringError) Error() string {
	cause := printable(e.Cause.Error())
	fix := e.Fix
	if e.Kind == ErrLocked {
		return fmt.Sprintf("OS keyring is locked (%s %q: %s): %s, or set %s instead",
			e.Op, e.Name, cause, fixLocked, envHint(e.Name))
	}
	if fix == "" {
		fix = fixGeneral
	}
	return fmt.Sprintf("OS keyring unavailable (%s %q: %s): %s, or set %s instead",
		e.Op, e.Name, cause, fix, envHint(e.Name))
}

// Unwrap exposes both the classification and the original error.
func (e *KeyringError) Unwrap() []error { return []error{e.Kind, e.Cause} }

// IndexError says the key index file cannot be used. The index is never
// overwritten silently: the user fixes or removes it.
type IndexError struct {
	Path string
	Err  error
}

func (e *IndexError) Error() string {
	return fmt.Sprintf("key index %s is unreadable (%v): fix or delete that file; it holds only key names and validation results, the keys themselves stay in the OS keyring. routeplay will not change it until then",
		e.Path, e.Err)
}

// Unwrap makes errors.Is(err, ErrIndexCorrupt) true.
func (e *IndexError) Unwrap() []error { return []error{ErrIndexCorrupt, e.Err} }

// classify maps a keyring backend error to the package's typed errors.
// Only "not found" is a sentinel in go-keyring; everything else is told
// apart by its type or text (see the failure modes in the docs).
func classify(op, name string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, ErrNotFound) || isBackendNotFound(err) {
		return fmt.Errorf("%s %q: %w", op, name, ErrNotFound)
	}
	msg := err.Error()
	var execErr *exec.Error
	switch {
	case errors.As(err, &execErr):
		// No session bus: godbus tried to run dbus-launch and it is missing.
		return &KeyringError{Kind: ErrUnavailable, Op: op, Name: name, Cause: err, Fix: fixNoBus}
	case strings.Contains(msg, "failed to unlock"):
		return &KeyringError{Kind: ErrLocked, Op: op, Name: name, Cause: err}
	case strings.Contains(msg, "not provided by any .service files"), strings.Contains(msg, "ServiceUnknown"):
		return &KeyringError{Kind: ErrUnavailable, Op: op, Name: name, Cause: err, Fix: fixNoService}
	}
	return &KeyringError{Kind: ErrUnavailable, Op: op, Name: name, Cause: err}
}
