// Package cmdenv is what every routeplay command runs in: Deps (the streams,
// keyring, environment, files, network, clock and terminal it may reach),
// the exit codes, the session of routes (config, keys, engine) shared by
// ask, bench, verify and the playground, history recording and --export.
// The command packages import it; it imports none of them.
package cmdenv

import (
	"errors"
	"fmt"
)

// Exit codes shared by every command.
const (
	ExitOK         = 0
	ExitRouteError = 1 // the command ran, but at least one route failed
	ExitUsage      = 2 // bad flags, arguments or config
	ExitIO         = 3 // a file could not be written (--export, init)
)

// ExitError carries an exit code through cobra without printing twice.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}
func (e *ExitError) Unwrap() error { return e.Err }

// IOFailure is a file that could not be written: its own exit code, so a
// script can tell a full disk from a failed route.
func IOFailure(err error) error { return &ExitError{Code: ExitIO, Err: err} }

// UsageError is a bad flag, argument or config (exit 2).
func UsageError(format string, a ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, a...)}
}

// ExitCode prints a command's error once and gives its exit code.
func ExitCode(stdio IO, err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintln(stdio.Err, "routeplay:", ee.Err)
		}
		return ee.Code
	}
	fmt.Fprintln(stdio.Err, "routeplay:", err)
	return ExitUsage
}

// Failure is a command that ran but could not do its job (exit 1), as
// opposed to a usage error (exit 2).
func Failure(err error) error { return &ExitError{Code: ExitRouteError, Err: err} }
