package cmdenv

import (
	"io"
	"os"
	"strings"

	"github.com/routeplay/routeplay/keys"
	"golang.org/x/term"
)

// IO is where commands read and write, so tests can run them in memory.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	// InTTY/OutTTY say whether In/Out are terminals.
	InTTY, OutTTY bool
}

// StdIO returns the process's standard streams.
func StdIO() IO {
	return IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		InTTY: IsTerminal(os.Stdin), OutTTY: IsTerminal(os.Stdout)}
}

// IsTerminal says whether f is a terminal.
func IsTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// ReadPrompt takes the prompt from the arguments, or stdin when there are
// none (or the single argument "-").
func ReadPrompt(args []string, stdio IO) (string, error) {
	prompt := strings.Join(args, " ")
	if len(args) == 0 || prompt == "-" {
		if stdio.InTTY {
			return "", UsageError("no prompt: give it as an argument or on stdin")
		}
		b, err := io.ReadAll(io.LimitReader(stdio.In, MaxPromptBytes+1))
		if err != nil {
			return "", UsageError("reading the prompt from stdin: %v", err)
		}
		if len(b) > MaxPromptBytes {
			return "", UsageError("prompt on stdin is larger than %d MiB", MaxPromptBytes>>20)
		}
		prompt = string(b)
	}
	if strings.TrimSpace(prompt) == "" {
		return "", UsageError("the prompt is empty")
	}
	return prompt, nil
}

// RedactingWriter masks every key the store has seen before it prints.
// Each write is one whole line or table, so a key is never split.
type RedactingWriter struct {
	W io.Writer
	R *keys.Redactor
}

func (rw RedactingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(rw.W, rw.R.Redact(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// MaxPromptBytes bounds a prompt read from stdin.
const MaxPromptBytes = 4 << 20
