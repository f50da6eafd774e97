package console

import (
	"context"
	"errors"

	"github.com/pipeconsole/pipeconsole/interp"
)

var cmdLoad = &command{
	name:    "load",
	args:    "FILE",
	summary: "evaluate a Go file as declarations (its package clause is ignored)",
	minPos:  1, maxPos: 1,
	run: func(c *Console, ctx context.Context, a Args) (string, error) {
		c.takeSwaps()
		res, err := c.sess.Load(ctx, a.Pos[0])
		if errors.Is(err, interp.ErrInterrupted) {
			return "", errInterrupted
		}
		if err != nil {
			return "", err
		}
		return describeResult(res, c.takeSwaps()), nil
	},
}

var cmdQuit = &command{
	name:    "quit",
	summary: "stop the graph gracefully if it runs, and quit",
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		return "", errQuit
	},
}
