package cmdenv

import (
	"os"
	"syscall"
)

// InterruptSignals are the signals that end a run the way ctrl+c does:
// the runs in flight are canceled and what has finished is printed and kept
// in history. SIGHUP is among them because a closed terminal or ssh session
// must not lose a long bench's finished runs.
func InterruptSignals() []os.Signal {
	return []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}
}
