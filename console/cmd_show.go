package console

import (
	"context"
	"fmt"
	"strings"
)

var cmdShow = &command{
	name:    "show",
	args:    "[VAR ...]",
	summary: "show package variables as the stages see them (all with no VAR)",
	detail: `Go typed at the prompt runs in an interpreter of its own, with its own
copy of every package variable, so that Ctrl-C there never touches the
graph. :show reads the variables of the interpreter the stages run in: it
pauses the stages between two messages, reads, and resumes them.
Goroutines that your code started are not paused.`,
	maxPos: -1,
	run: func(c *Console, ctx context.Context, a Args) (string, error) {
		gen := c.sess.Current()
		names := a.Pos
		if len(names) == 0 {
			names = gen.Vars()
		}
		if len(names) == 0 {
			return "no package variables are defined", nil
		}

		// Pause the stages so that no stage code writes while we read.
		c.mu.Lock()
		resume := c.quiesce(ctx, "values were read")
		var b strings.Builder
		var missing []string
		for _, name := range names {
			v, ok := gen.Var(name)
			if !ok {
				missing = append(missing, name)
				continue
			}
			fmt.Fprintf(&b, "%s = %s\n", name, renderValue(v))
		}
		resume()
		note := c.pauseNote
		c.mu.Unlock()

		if note != "" {
			fmt.Fprintf(&b, "(%s)\n", note)
		}
		if len(missing) > 0 {
			return b.String(), fmt.Errorf("no package variable %s%s", strings.Join(missing, ", "),
				didYouMean(missing[0], gen.Vars()))
		}
		return b.String(), nil
	},
}
