package markdown

import "strings"

// pieceLimit is the largest fenced code body handed to glamour in one piece.
// Glamour gathers a code block's lines by string concatenation, which is
// quadratic in the block's size; a 400 kB block takes seconds. Rendering a
// giant block as consecutive pieces of this size keeps the cost linear.
const pieceLimit = 32 << 10

// splitGiantFences cuts md so that no top-level fenced code block with a
// language holds more than about limit bytes: each piece is closed with
// the block's fence and the next piece reopens it with the same opening line.
// Blocks without a language are left whole: chroma guesses their lexer from
// the text, and pieces could be guessed differently.
func splitGiantFences(md string, limit int) []string {
	if len(md) <= limit {
		return []string{md}
	}
	var pieces []string
	start, reopen := 0, "" // the current piece: reopen + md[start:...]
	var open fence
	openLine, bodyStart := "", 0
	for pos := 0; pos < len(md); {
		end := strings.IndexByte(md[pos:], '\n')
		if end < 0 {
			break
		}
		line, next := md[pos:pos+end], pos+end+1
		switch {
		case open.char == 0:
			if f, ok := opensFence(line, false); ok && hasLanguage(line) {
				open, openLine, bodyStart = f, line, next
			}
		case closesFence(line, open):
			open = fence{}
		case next-bodyStart > limit:
			closing := strings.Repeat(string(open.char), open.length) + "\n"
			pieces = append(pieces, reopen+md[start:next]+closing)
			start, reopen, bodyStart = next, openLine+"\n", next
		}
		pos = next
	}
	return append(pieces, reopen+md[start:])
}

func hasLanguage(fenceLine string) bool {
	_, rest := indentOf(fenceLine)
	rest = strings.TrimLeft(rest, string(rest[0]))
	return strings.TrimSpace(rest) != ""
}

// groupInPieces renders md like group, a giant code block piece by piece.
// Consecutive pieces are joined as one block: the blank line glamour puts
// before a code block is dropped from every piece but the first, and the
// unterminated closing line (the code block's margin and a reset) from every
// piece but the last.
func (t *term) groupInPieces(md string, first bool) (string, bool) {
	return t.groupInPiecesOf(md, first, pieceLimit)
}

func (t *term) groupInPiecesOf(md string, first bool, limit int) (string, bool) {
	pieces := splitGiantFences(md, limit)
	if len(pieces) == 1 {
		return t.group(md, first)
	}
	var b strings.Builder
	for i, piece := range pieces {
		out, ok := t.group(piece, first && i == 0)
		if !ok {
			return "", false
		}
		if i > 0 {
			_, out, _ = strings.Cut(out, "\n")
		}
		if i < len(pieces)-1 {
			out = out[:strings.LastIndexByte(out, '\n')+1]
		}
		b.WriteString(out)
	}
	return b.String(), true
}
