// Command routeplay sends one chat to several LLM routes at once, streams the
// answers side by side and measures every route.
package main

import (
	"os"

	"github.com/routeplay/routeplay/ui/cli"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

func main() {
	os.Exit(cli.Execute(os.Args[1:], cmdenv.DefaultDeps()))
}
