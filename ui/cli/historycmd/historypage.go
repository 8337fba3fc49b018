package historycmd

import (
	"errors"
	"io"
	"os/exec"
	"strings"

	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// outWidth is the terminal's width when stdout is one, else 0.
func outWidth(d *cmdenv.Deps) int {
	if !d.IO.OutTTY {
		return 0
	}
	w, _, ok := d.OutSize()
	if !ok {
		return 0
	}
	return w
}

// writePaged writes text, through $PAGER (or less -R) when stdout is a
// terminal and the text is taller than it, as git and gh do. Piped, or
// when the pager cannot start, the text is written plain.
func writePaged(d *cmdenv.Deps, text string) error {
	stdio := d.IO
	_, h, ok := d.OutSize()
	if !stdio.OutTTY || !ok || strings.Count(text, "\n") < h {
		_, err := io.WriteString(stdio.Out, text)
		return err
	}
	args := strings.Fields(d.Getenv("PAGER"))
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
