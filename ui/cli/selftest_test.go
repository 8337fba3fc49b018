package cli

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// TestSelftestCommand checks the command's wiring: --quick and --section
// reach the run, and a section or child mode that does not exist is a
// usage error. The sections themselves are tested in ui/selftest.
func TestSelftestCommand(t *testing.T) {
	t.Parallel()
	stdout, stderr, code := runCLI(t, "selftest", "--quick", "--section", "5")
	if code != cmdenv.ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "routeplay selftest — ") || strings.Contains(stdout, "1. First-token") ||
		!strings.Contains(stdout, "allocations") {
		t.Fatalf("--section 5 ran:\n%s", stdout)
	}
	for _, args := range [][]string{{"selftest", "--section", "9"}, {"selftest", "--child", "nonsense"}} {
		_, stderr, code := runCLI(t, args...)
		if code != cmdenv.ExitUsage || !strings.HasPrefix(stderr, "routeplay: ") {
			t.Errorf("%v: exit %d, stderr %q; want %d", args, code, stderr, cmdenv.ExitUsage)
		}
	}
}
