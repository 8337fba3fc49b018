package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
)

// Run runs the playground in the alternate screen until the user quits or
// ctx ends. Every stream still running is canceled before it returns.
func Run(ctx context.Context, opts Options) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends every route's run with the program
	// Load the price catalog off the event loop, so the first cost a pane
	// shows does not pay for it inside View.
	go func() {
		for _, rt := range opts.Routes {
			backend.RoutePrice(rt, rt.Model)
		}
	}()
	m := New(opts)
	m.ctx = ctx
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithFPS(60))
	_, err := p.Run()
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
