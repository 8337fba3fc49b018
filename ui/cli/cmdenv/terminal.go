package cmdenv

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"
)

// ReadNoEcho reads a line from the terminal in without echoing it.
func ReadNoEcho(in io.Reader) ([]byte, error) {
	f, ok := in.(interface{ Fd() uintptr })
	if !ok {
		return nil, errors.New("stdin is not a file; pipe the key in instead")
	}
	fd := int(f.Fd())
	defer restoreOnSignal(fd)()
	return term.ReadPassword(fd)
}

// restoreOnSignal puts the terminal back as it was if a signal (ctrl+c at
// the hidden prompt, a closing terminal) ends the process while echo is
// off, then exits as the signal would have. The returned func stops it.
func restoreOnSignal(fd int) (stop func()) {
	state, err := term.GetState(fd)
	if err != nil {
		return func() {}
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			_ = term.Restore(fd, state)
			fmt.Fprintln(os.Stderr)
			os.Exit(128 + int(sig.(syscall.Signal)))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}
