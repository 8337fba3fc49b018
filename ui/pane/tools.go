package pane

import (
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// toolCallsBlock shows the calls an answer made, each as its name, its
// arguments pretty-printed and, once the answer is complete, ✓ or the
// schema errors. While a call streams its arguments are shown as written.
func (p *Pane) toolCallsBlock(res *backend.Result, finished bool, width int) string {
	if len(res.ToolCalls) == 0 {
		return ""
	}
	s := p.styles
	var blocks []string
	calls := make([]backend.CheckedCall, 0, len(res.ToolCalls))
	if finished {
		calls = res.CheckedCalls()
	} else {
		// Arguments still streaming are not checked: no verdict shows yet.
		for _, c := range res.ToolCalls {
			calls = append(calls, backend.CheckedCall{ToolCall: c})
		}
	}
	for _, c := range calls {
		var b strings.Builder
		b.WriteString(s.Title.Render("⚙ " + p.shown(c.Name, false)))
		switch {
		case c.Server:
			b.WriteString(s.Hint.Render(" · run by the provider"))
		case finished && c.Checked && len(c.Errors) == 0:
			b.WriteString(" " + s.Done.Render("✓ matches its schema"))
		case finished && c.Checked:
			b.WriteString(" " + s.Failed.Render("✗ schema"))
		}
		args := c.Arguments
		if finished {
			args = backend.PrettyArguments(args)
		}
		for _, line := range strings.Split(WrapText(p.shown(args, !finished), width-2), "\n") {
			b.WriteString("\n" + s.Text.Render("  "+line))
		}
		if finished {
			for _, e := range c.Errors {
				b.WriteString("\n" + s.ErrorText.Render(WrapText("✗ "+p.shown(e, false), width)))
			}
		}
		blocks = append(blocks, b.String())
	}
	return strings.Join(blocks, "\n")
}

// schemaMark is the header's verdict on a structured answer: " · schema ✓"
// or " · schema ✗", "" when no schema was asked.
func (p Pane) schemaMark(valid *bool) string {
	switch {
	case valid == nil:
		return ""
	case *valid:
		return p.styles.Done.Render(" · schema ✓")
	}
	return p.styles.Failed.Render(" · schema ✗")
}

// schemaErrorsBlock says why a finished answer does not follow the schema.
func (p *Pane) schemaErrorsBlock(t *Turn, width int) string {
	if t.schemaOK == nil || *t.schemaOK {
		return ""
	}
	lines := []string{p.styles.ErrorTitle.Render(WrapText("✗ the answer does not follow the schema", width))}
	for _, e := range t.schemaErrs {
		lines = append(lines, p.styles.ErrorText.Render(WrapText("  "+p.shown(e, false), width)))
	}
	return strings.Join(lines, "\n")
}
