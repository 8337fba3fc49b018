package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// Run runs the playground in the alternate screen until the user quits or
// ctx ends. Every stream still running is canceled before it returns.
func Run(ctx context.Context, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends every route's run with the program
	m := New(opts)
	m.ctx = ctx
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithFPS(60))
	_, err := p.Run()
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
