package cli

import (
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/ui/cli/internal/clitest"
)

// The run of ui's TestOneRunReadsTheSameEverywhere reads as it does on the
// screens in the ask table (and in history: historycmd's test).
func TestOneRunReadsTheSameInTheAskTable(t *testing.T) {
	t.Parallel()
	res := clitest.OneRun(t)
	clitest.CheckOneRun(t, res, map[string]string{"ask table": metricsTable([]*backend.Result{res}, false)})
}
