package markdown

import (
	"fmt"
	"io"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters"
)

// codeFormatter is the name of the chroma formatter code blocks are
// highlighted with: chroma's 256-colour terminal formatter made deterministic.
// Chroma's own picks the nearest palette colour by ranging over a map, so a
// colour exactly between two palette entries (dark's comment grey is one)
// comes out as either, at random, on every render: a streaming code block
// would flicker and no output could be compared. This one uses the same
// palette and distance, breaks ties by the lower index, and caches the
// choice, so it is also cheaper.
const codeFormatter = "routeplay-terminal256"

func init() {
	formatters.Register(codeFormatter, chroma.FormatterFunc(formatCode))
}

// palette256 lists the xterm colours as chroma's terminal256 table does: the
// sixteen system colours, the 6×6×6 cube and 24 greys.
var palette256 = func() [256]chroma.Colour {
	var p [256]chroma.Colour
	system := []string{"#000000", "#800000", "#008000", "#808000", "#000080", "#800080", "#008080", "#c0c0c0",
		"#808080", "#ff0000", "#00ff00", "#ffff00", "#0000ff", "#ff00ff", "#00ffff", "#ffffff"}
	for i, hex := range system {
		p[i] = chroma.MustParseColour(hex)
	}
	levels := []int{0, 95, 135, 175, 215, 255}
	for i := 0; i < 216; i++ {
		p[16+i] = chroma.NewColour(uint8(levels[i/36]), uint8(levels[i/6%6]), uint8(levels[i%6]))
	}
	for i := 0; i < 24; i++ {
		g := uint8(8 + 10*i)
		p[232+i] = chroma.NewColour(g, g, g)
	}
	return p
}()

var nearest256 sync.Map // chroma.Colour -> int

// closest256 returns the palette index nearest to c. Chroma's table maps a
// colour listed twice (system and cube) to its later index, so equal
// distances prefer the higher index among identical colours and otherwise the
// lower index.
func closest256(c chroma.Colour) int {
	if i, ok := nearest256.Load(c); ok {
		return i.(int)
	}
	best, bestDist := 0, -1.0
	for i, p := range palette256 {
		d := p.Distance(c)
		if bestDist < 0 || d < bestDist || (d == bestDist && p == palette256[best]) {
			best, bestDist = i, d
		}
	}
	nearest256.Store(c, best)
	return best
}

func entrySequence(e chroma.StyleEntry) string {
	out := ""
	if e.Bold == chroma.Yes {
		out += "\x1b[1m"
	}
	if e.Underline == chroma.Yes {
		out += "\x1b[4m"
	}
	if e.Italic == chroma.Yes {
		out += "\x1b[3m"
	}
	if e.Colour.IsSet() {
		out += fmt.Sprintf("\x1b[38;5;%dm", closest256(e.Colour))
	}
	if e.Background.IsSet() {
		out += fmt.Sprintf("\x1b[48;5;%dm", closest256(e.Background))
	}
	return out
}

// formatCode writes tokens exactly as chroma's indexed formatter does: the
// style's background is cleared and a token without an entry of its own takes
// its subcategory's, category's, or the text's.
func formatCode(w io.Writer, style *chroma.Style, it chroma.Iterator) error {
	theme, err := codeSequences(style)
	if err != nil {
		return err
	}
	for token := it(); token != chroma.EOF; token = it() {
		seq, ok := theme[token.Type]
		if !ok {
			if seq, ok = theme[token.Type.SubCategory()]; !ok {
				if seq, ok = theme[token.Type.Category()]; !ok {
					if seq, ok = theme[chroma.Text]; !ok {
						seq = theme[chroma.Background]
					}
				}
			}
		}
		if _, err := io.WriteString(w, seq+token.Value); err != nil {
			return err
		}
		if seq != "" {
			if _, err := io.WriteString(w, "\x1b[0m"); err != nil {
				return err
			}
		}
	}
	return nil
}

// lastCodeTheme holds the sequences of the style that was last highlighted
// with: building them costs more than highlighting a short block, and a
// style only changes when a pane's theme does. One entry, because glamour's
// own code style is registered again, as a new value, at every such change.
var lastCodeTheme struct {
	sync.Mutex
	style *chroma.Style
	theme map[chroma.TokenType]string
}

// codeSequences is style's sequence for each token type, its background
// cleared.
func codeSequences(style *chroma.Style) (map[chroma.TokenType]string, error) {
	lastCodeTheme.Lock()
	defer lastCodeTheme.Unlock()
	if lastCodeTheme.style == style {
		return lastCodeTheme.theme, nil
	}
	builder := style.Builder()
	bg := builder.Get(chroma.Background)
	bg.Background = 0
	bg.NoInherit = true
	builder.AddEntry(chroma.Background, bg)
	cleared, err := builder.Build()
	if err != nil {
		return nil, err
	}
	theme := map[chroma.TokenType]string{}
	for _, t := range cleared.Types() {
		theme[t] = entrySequence(cleared.Get(t))
	}
	lastCodeTheme.style, lastCodeTheme.theme = style, theme
	return theme, nil
}
