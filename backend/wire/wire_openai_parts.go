package wire

// parseContent reads delta.content: a string, or, from Mistral's reasoning
// models, an array of parts: {"type":"text","text":…} adds to the answer and
// {"type":"thinking","thinking":[{"type":"text","text":…}]} to the reasoning.
// Unknown part types are ignored.
func (d *openaiDecoder) parseContent() {
	s, c := &d.scan, &d.chunk
	if s.Peek() != '[' {
		c.content = s.Text()
		return
	}
	s.Array(func(int) {
		// Members may come in any order, so the type is known only at the end.
		var typ []byte
		var text, thinking string
		s.Object(func(key []byte) {
			switch string(key) {
			case "type":
				typ = s.Str(typ)
			case "text":
				text = s.Text()
			case "thinking":
				thinking = d.parseThinkingParts()
			}
		})
		switch string(typ) {
		case "text":
			c.content += text
		case "thinking":
			c.reasoning += thinking
		}
	})
}

// parseThinkingParts joins the text parts inside a Mistral thinking part.
func (d *openaiDecoder) parseThinkingParts() string {
	s := &d.scan
	var out string
	s.Array(func(int) {
		var typ []byte
		var text string
		s.Object(func(key []byte) {
			switch string(key) {
			case "type":
				typ = s.Str(typ)
			case "text":
				text = s.Text()
			}
		})
		if string(typ) == "text" {
			out += text
		}
	})
	return out
}
