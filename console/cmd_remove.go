package console

import (
	"context"
	"errors"
	"fmt"

	"github.com/pipeconsole/pipeconsole/stages"
)

var cmdRemove = &command{
	name:    "remove",
	args:    "NAME",
	summary: "take a node out of the stopped graph, with its wires",
	detail: `The graph must be stopped. The counters of the last run are dropped
with the node (they would no longer line up); the node's versions are
forgotten, so a new node of the same name starts at v1.`,
	minPos: 1, maxPos: 1,
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		name := a.Pos[0]
		if err := c.graph.Remove(name); err != nil {
			return "", graphChangeErr(c, name, err)
		}
		c.mu.Lock()
		delete(c.stageFns, name)
		delete(c.types, name)
		delete(c.held, name)
		c.mu.Unlock()
		c.book.forget(name)
		return fmt.Sprintf("removed %s and its wires", name), nil
	},
}

var cmdUnwire = &command{
	name:    "unwire",
	args:    "A -> B",
	summary: "take the wire A -> B out of the stopped graph",
	minPos:  1, maxPos: -1,
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		chain, err := parseChain(a.joinPos())
		if err != nil {
			return "", err
		}
		if len(chain) != 2 {
			return "", fmt.Errorf("want one wire, A -> B")
		}
		if err := c.graph.Unwire(chain[0], chain[1]); err != nil {
			if errors.Is(err, stages.ErrNoNode) && !errors.Is(err, stages.ErrRunning) {
				return "", fmt.Errorf("there is no wire %s -> %s (see :graph)", chain[0], chain[1])
			}
			return "", graphChangeErr(c, chain[0], err)
		}
		return fmt.Sprintf("unwired %s -> %s", chain[0], chain[1]), nil
	},
}

// graphChangeErr explains why the graph refused a change.
func graphChangeErr(c *Console, name string, err error) error {
	switch {
	case errors.Is(err, stages.ErrRunning):
		return errors.New("the graph is running; :stop it first")
	case errors.Is(err, stages.ErrNoNode):
		return c.unknownNode(name, err)
	}
	return err
}
