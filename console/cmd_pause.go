package console

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pipeconsole/pipeconsole/stages"
)

var cmdPause = &command{
	name:    "pause",
	args:    "[STAGE]",
	summary: "hold a stage or sink (all of them without STAGE): it takes no new message",
	detail: `The message in hand is finished and sent on; then the stage waits.
Nothing is dropped: upstream fills the buffers and blocks. Sources cannot
be paused: pause the node after one. :status shows what is paused; :stop
resumes everything first, so it drains as usual; :stop now does not wait.`,
	maxPos: 1,
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		return c.setPaused(a, true)
	},
}

var cmdResume = &command{
	name:    "resume",
	args:    "[STAGE]",
	summary: "let a paused stage or sink (all of them without STAGE) take messages again",
	maxPos:  1,
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		return c.setPaused(a, false)
	},
}

// setPaused pauses or resumes the node named in a, or all of them.
func (c *Console) setPaused(a Args, paused bool) (string, error) {
	name, what := "", "every stage and sink"
	if len(a.Pos) == 1 {
		name, what = a.Pos[0], a.Pos[0]
	}
	var err error
	if paused {
		err = c.graph.Pause(name)
	} else {
		err = c.graph.Resume(name)
	}
	switch {
	case errors.Is(err, stages.ErrNotRunning):
		return "", fmt.Errorf("the graph is not running")
	case errors.Is(err, stages.ErrNoNode):
		return "", c.unknownNode(name, err)
	case err != nil:
		return "", err
	}
	c.hold(name, paused)
	if paused {
		return fmt.Sprintf("paused %s (:resume to go on)", what), nil
	}
	return fmt.Sprintf("resumed %s", what), nil
}

// pausedNodes lists the paused nodes of st, comma-separated.
func pausedNodes(st stages.Status) string {
	var names []string
	for _, n := range st.Nodes {
		if n.Paused {
			names = append(names, n.Name)
		}
	}
	return strings.Join(names, ", ")
}

// hold records what the user paused, so that a reload's own pause (see
// quiesce) neither counts on it having settled nor resumes it. An empty
// name means every stage and sink.
func (c *Console) hold(name string, paused bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if name != "" {
		if paused {
			if c.held == nil {
				c.held = map[string]bool{}
			}
			c.held[name] = true
		} else {
			delete(c.held, name)
		}
		return
	}
	c.held = nil
	if paused {
		c.held = map[string]bool{}
		for _, n := range c.graph.Status().Nodes {
			if n.Kind != stages.KindSource {
				c.held[n.Name] = true
			}
		}
	}
}
