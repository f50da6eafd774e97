package console

import (
	"context"
)

var cmdLoad = &command{
	name:    "load",
	args:    "FILE",
	summary: "evaluate a Go file as declarations (its package clause is ignored)",
	detail: `The same file can be loaded any number of times: each load redefines
what it declares and builds a new generation. The report says what
changed, which stages moved from which version to which, which variables
kept their values, and how the reload hooks went. A file that does not
compile changes nothing that runs; the error shows the line and a caret.`,
	minPos: 1, maxPos: 1,
	run: func(c *Console, ctx context.Context, a Args) (string, error) {
		c.reload.mu.Lock()
		defer c.reload.mu.Unlock()
		return c.reloadFile(ctx, a.Pos[0], nil)
	},
}

var cmdQuit = &command{
	name:    "quit",
	summary: "stop the graph gracefully if it runs, and quit",
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		return "", errQuit
	},
}
