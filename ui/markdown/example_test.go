package markdown_test

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/ui/markdown"
)

// A pane keeps one Renderer, hands it the whole answer so far once per frame,
// and asks for the final render when the stream ends.
func ExampleRenderer() {
	r := markdown.New("notty", 40)
	var answer strings.Builder
	for _, chunk := range []string{"# Route", "s\n\nBoth answered", ".\n\n- fast\n- cheap\n"} {
		answer.WriteString(chunk)
		_ = r.Render(answer.String(), false) // shown while streaming
	}
	fmt.Println(r.Render(answer.String(), true))
	// Output:
	//   # Routes
	//
	//   Both answered.
	//
	//   • fast
	//   • cheap
}
