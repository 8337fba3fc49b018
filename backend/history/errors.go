package history

import (
	"errors"
	"fmt"
)

// ErrorKind says why the history database cannot be used, so callers can
// word it for people.
type ErrorKind string

const (
	Locked   ErrorKind = "locked"    // another program holds the database's lock
	Full     ErrorKind = "full"      // the disk (or the database's size limit) is full
	Corrupt  ErrorKind = "corrupt"   // the file is not a readable SQLite database
	TooNew   ErrorKind = "too_new"   // written by a newer routeplay
	ReadOnly ErrorKind = "read_only" // the file or its directory cannot be written
	Failed   ErrorKind = "failed"    // anything else (I/O errors, permissions)
)

// Error is a history database problem.
type Error struct {
	Kind ErrorKind
	Path string
	Op   string
	Err  error
}

func (e *Error) Error() string {
	what := map[ErrorKind]string{
		Locked:   "is locked by another program",
		Full:     "cannot grow: the disk is full",
		Corrupt:  "is damaged or not a routeplay history database; it was left untouched",
		TooNew:   "was written by a newer routeplay; it was left untouched",
		ReadOnly: "cannot be written",
	}[e.Kind]
	if what == "" {
		what = "failed while " + e.Op
	}
	return fmt.Sprintf("history: %s %s (%v)", e.Path, what, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// SQLite's primary result codes (stable across releases).
const (
	codeBusy     = 5
	codeLocked   = 6
	codeReadOnly = 8
	codeCorrupt  = 11
	codeFull     = 13
	codeNotADB   = 26
)

// classify wraps a driver error with its kind.
func classify(path, op string, err error) error {
	if err == nil {
		return nil
	}
	var he *Error
	if errors.As(err, &he) {
		return he
	}
	kind := Failed
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff { // the low byte is the primary code
		case codeBusy, codeLocked:
			kind = Locked
		case codeFull:
			kind = Full
		case codeCorrupt, codeNotADB:
			kind = Corrupt
		case codeReadOnly:
			kind = ReadOnly
		}
	}
	return &Error{Kind: kind, Path: path, Op: op, Err: err}
}

// KindOf returns err's kind, or "" when it is not a history error.
func KindOf(err error) ErrorKind {
	var he *Error
	if errors.As(err, &he) {
		return he.Kind
	}
	return ""
}
