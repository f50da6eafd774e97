package console

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pipeconsole/pipeconsole/interp"
)

// errInterrupted is what an interrupted command or evaluation returns.
var errInterrupted = errors.New("interrupted")

// runCommand parses and runs one command line in the foreground.
func (c *Console) runCommand(parent context.Context, line string) (string, error) {
	cmd, a, err := parseCommand(c.cmds, line)
	if err != nil {
		return "", err
	}
	ctx, done := c.foreground(parent)
	defer done()
	out, err := cmd.run(c, ctx, a)
	if err != nil && !errors.Is(err, errQuit) && !errors.Is(err, errInterrupted) {
		return out, fmt.Errorf(":%s: %w", cmd.name, err)
	}
	return out, err
}

// evalGo evaluates Go source in the foreground and renders what it did.
// Several statements on a line run one after another, each as if typed
// alone (interp.Split); the first that fails ends the line. Errors in the
// user's source already name their place (interp.Error).
func (c *Console) evalGo(parent context.Context, name string, line int, src string) error {
	ctx, done := c.foreground(parent)
	defer done()
	c.reload.mu.Lock()
	defer c.reload.mu.Unlock()
	for _, in := range interp.Split(interp.Input{Name: name, Line: line, Src: src}) {
		if err := c.evalOne(ctx, in); err != nil {
			return err
		}
	}
	return nil
}

// evalOne evaluates one input; the caller holds reload.mu.
func (c *Console) evalOne(ctx context.Context, in interp.Input) error {
	c.takeSwaps()
	res, err := c.sess.Eval(ctx, in)
	c.out.Flush() // a partial line the code printed
	if errors.Is(err, interp.ErrInterrupted) || ctx.Err() != nil && err != nil {
		return errInterrupted
	}
	if err != nil {
		var ie *interp.Error
		if errors.As(err, &ie) {
			return withSource(err)
		}
		return fmt.Errorf("%s:%d: %w", in.Name, in.Line, err)
	}
	c.show(describeResult(res, c.takeSwaps()))
	_, note := c.takeSwapped()
	c.show(renderHandover(res.Handover))
	if note != "" {
		c.show("  " + note)
	}
	return nil
}

// describeResult renders what an evaluation produced: a value, a
// definition, or nothing (Y12: only what the input itself produced).
func describeResult(res interp.Result, swaps []string) string {
	switch res.Kind {
	case interp.Value:
		return res.Value
	case interp.Defined:
		return describeDefined(res, swaps)
	}
	return ""
}

// show writes a command's output, adding the final newline if missing.
func (c *Console) show(out string) {
	if out == "" {
		return
	}
	if !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	c.out.Write([]byte(out))
}
