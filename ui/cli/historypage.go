package cli

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"

	"golang.org/x/term"
)

// pagerHooks let tests give the terminal a size.
var pagerHooks = struct {
	size func() (w, h int, ok bool)
}{size: stdoutSize}

func stdoutSize() (int, int, bool) {
	w, h, err := term.GetSize(int(os.Stdout.Fd()))
	return w, h, err == nil && w > 0 && h > 0
}

// outWidth is the terminal's width when stdout is one, else 0.
func outWidth(stdio IO) int {
	if !stdio.OutTTY {
		return 0
	}
	w, _, ok := pagerHooks.size()
	if !ok {
		return 0
	}
	return w
}

// writePaged writes text, through $PAGER (or less -R) when stdout is a
// terminal and the text is taller than it, as git and gh do. Piped, or
// when the pager cannot start, the text is written plain.
func writePaged(stdio IO, text string) error {
	_, h, ok := pagerHooks.size()
	if !stdio.OutTTY || !ok || strings.Count(text, "\n") < h {
		_, err := io.WriteString(stdio.Out, text)
		return err
	}
	args := strings.Fields(os.Getenv("PAGER"))
	if len(args) == 0 {
		args = []string{"less", "-R"}
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(text), stdio.Out, stdio.Err
	if err := cmd.Run(); err != nil {
		if _, quit := errors.AsType[*exec.ExitError](err); quit {
			return nil // the pager ran and was quit; what it showed stands
		}
		_, werr := io.WriteString(stdio.Out, text)
		return werr
	}
	return nil
}
