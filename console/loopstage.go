package console

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pipeconsole/pipeconsole/interp"
	"github.com/pipeconsole/pipeconsole/stages"
)

// loopSwapWait bounds how long a redefinition waits for the old version
// of a loop stage or Go source to return after its stop was closed.
const loopSwapWait = 2 * time.Second

// builtNode is what a node with a session function runs in one
// generation: exactly one of h, loop, src is set.
type builtNode struct {
	h    stages.Handler
	loop stages.LoopFunc
	src  stages.SourceFunc
	typ  nodeType
}

// buildNode builds what node name runs in gen: a Handler, a LoopFunc or a
// SourceFunc, of the kind the node was added as. A function whose shape
// changed kind is refused: the graph's node cannot change kind.
func (c *Console) buildNode(gen *interp.Generation, name string) (builtNode, error) {
	fn := c.stageFns[name]
	kind := c.book.kind(name)
	if got := gen.ShapeOf(fn); got != kind && got != "" {
		return builtNode{}, fmt.Errorf("%s was added as a %s and %s is now a %s; "+
			"a node keeps its kind (add a new one)", name, kindWord(kind), fn, kindWord(got))
	}
	switch kind {
	case interp.NodeLoop:
		f, sig, err := gen.Loop(fn, c.badMessage(name), c.book.carry(name))
		return builtNode{loop: f, typ: nodeType{in: sig.In, out: sig.Out}}, err
	case interp.NodeSource:
		f, sig, err := gen.SourceLoop(fn)
		return builtNode{src: f, typ: nodeType{out: sig.Out}}, err
	}
	h, sig, err := gen.Handler(fn)
	return builtNode{h: h, typ: stageType(sig)}, err
}

// kindWord names a node kind for a message.
func kindWord(kind string) string {
	switch kind {
	case interp.NodeLoop:
		return "loop stage"
	case interp.NodeSource:
		return "Go source"
	}
	return "stage"
}

// badMessage reports a message a loop stage's function cannot take, as a
// stage error of node (it is dropped, and not in the node's counters).
func (c *Console) badMessage(node string) func(msg any, err error) {
	return func(msg any, err error) {
		c.onStageError(stages.StageError{Node: node, Msg: msg, Err: err, Time: time.Now()})
	}
}

// swapNode puts b in place of node name's code, from the generation gen;
// the version rises with bump (the code changed). A Handler is swapped at
// once, as before. A loop stage or Go source is swapped only when it moves
// (see adopt: its code changed, or it uses package variables): its
// goroutine is replaced, which ends the loop's local state, so an
// unrelated definition leaves one that uses no package variable running
// the generation it started with. If its old version does not return
// within loopSwapWait, swapNode says so on the console and reports ok ==
// false: the node stays on its old version, and the rest of the adopt
// goes on; the next definition that moves it tries again. The caller
// holds c.mu.
func (c *Console) swapNode(name string, b builtNode, bump, move bool,
	gen *interp.Generation) (v int, ok bool, err error) {
	switch {
	case b.h != nil:
		v, err = c.graph.Swap(name, b.h, bump)
	case !move:
		return 0, false, nil
	default:
		ctx, cancel := context.WithTimeout(context.Background(), loopSwapWait)
		defer cancel()
		if b.loop != nil {
			v, err = c.graph.SwapLoop(name, b.loop, bump, ctx)
		} else {
			v, err = c.graph.SwapSource(name, b.src, bump, ctx)
		}
		if errors.Is(err, stages.ErrStuck) {
			c.errOut.Printf("%s", c.errPal.errorf(stuckReport(name, c.stageFns[name], v, err)))
			return v, false, nil
		}
	}
	if err != nil {
		return 0, false, err
	}
	if bump {
		c.book.record(name, v, c.stageFns[name], gen)
	}
	return v, bump, nil
}

// stuckReport explains a loop swap that timed out: which stage, where its
// old version is blocked, and what happens next.
func stuckReport(name, fn string, v int, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "stage %q did not move to the new definitions: its v%d did not return "+
		"within %v of its stop", name, v, loopSwapWait)
	if where := blockedIn(err.Error(), fn); len(where) > 0 {
		b.WriteString("; blocked in:\n    " + strings.Join(where, "\n    "))
	}
	fmt.Fprintf(&b, "\n  %s stays on v%d, which keeps running and is fed (its stop is closed; "+
		"if it returns it is started again),\n  with the package variables of its "+
		"generation (:show shows the new one's); the other stages took the new "+
		"definition. A loop sees its stop only where it selects on it: one that waits in "+
		"`for m := range in`\n  or in a send ignores it (receive in a select with stop, as "+
		"scripts/loop-demo.pcs does). For v%d now:\n"+
		"  :stop closes its input, which ends the loop (or :stop now); "+
		"the next :start runs the current code.", name, v, v)
	return b.String()
}

// refreshStale brings every loop stage and Go source whose code is not
// that of its current definition to the current generation, as a new
// version: one whose swap found its old version stuck kept that code.
// It is called before a :start; the graph is stopped, so the swap is
// immediate. It returns one line per node moved. The caller holds c.mu.
func (c *Console) refreshStale() ([]string, error) {
	gen := c.sess.Current()
	names := make([]string, 0, len(c.stageFns))
	for name := range c.stageFns {
		names = append(names, name)
	}
	sort.Strings(names)
	var lines []string
	for _, name := range names {
		if k := c.book.kind(name); k != interp.NodeLoop && k != interp.NodeSource {
			continue // a Handler takes every swap at once
		}
		fn := c.stageFns[name]
		infos, err := c.graph.Versions(name)
		if err != nil || len(infos) == 0 {
			continue
		}
		old := infos[len(infos)-1].N
		cv, ok := c.book.code(name, old)
		if !ok {
			continue
		}
		same := false
		if _, src := gen.Closure(fn); sameCode(cv.src, src) {
			// The same code, but perhaps of an older generation (its
			// swap was stuck): one that uses package variables must run
			// the current generation's, which every other stage uses.
			if !gen.DependsOn(fn, gen.Vars()) {
				continue
			}
			same = true
		}
		b, err := c.buildNode(gen, name)
		if err != nil {
			return lines, fmt.Errorf("stage %q: %w", name, err)
		}
		if same {
			if _, _, err := c.swapNode(name, b, false, true, gen); err != nil {
				return lines, fmt.Errorf("stage %q: %w", name, err)
			}
			continue
		}
		v, ok, err := c.swapNode(name, b, true, true, gen)
		if err != nil || !ok {
			return lines, fmt.Errorf("stage %q stays on v%d: %v", name, old, err)
		}
		lines = append(lines, fmt.Sprintf("%s to v%d: the current definition of %s "+
			"(v%d had kept older code: its swap did not happen)", name, v, fn, old))
	}
	return lines, nil
}

// sameCode reports whether two sources of interp.Generation.Closure are
// the same definitions; imports are left out, since a closure lists every
// import of its generation.
func sameCode(a, b string) bool {
	strip := func(s string) string {
		var out strings.Builder
		for line := range strings.Lines(s) {
			if !strings.HasPrefix(line, "import ") {
				out.WriteString(line)
			}
		}
		return out.String()
	}
	return strip(a) == strip(b)
}

// blockedIn keeps the useful frames of the stack in a stages.ErrStuck
// error: no runtime, reflect or pipeconsole frames, and the interpreter's
// frames as one line, since they do not name the user's code.
func blockedIn(msg, fn string) []string {
	_, stack, ok := strings.Cut(msg, "blocked in:\n")
	if !ok {
		return nil
	}
	var where []string
	interpreted := false
	for line := range strings.Lines(stack) {
		line = strings.TrimSpace(line)
		switch {
		case line == "--" || line == "":
		case strings.HasPrefix(line, "github.com/traefik/yaegi"):
			if !interpreted {
				where = append(where, "(the interpreted code of "+fn+")")
				interpreted = true
			}
		case strings.HasPrefix(line, "runtime."), strings.HasPrefix(line, "reflect."),
			strings.HasPrefix(line, "sync."),
			strings.HasPrefix(line, "github.com/pipeconsole/pipeconsole/"):
		default:
			if fn, file, ok := strings.Cut(line, " "); ok {
				line = fn + " (" + shortPath(file) + ")"
			}
			where = append(where, line)
		}
	}
	return where
}

// shortPath keeps the last two elements of a path.
func shortPath(p string) string {
	parts := strings.Split(p, "/")
	if len(parts) > 2 {
		parts = parts[len(parts)-2:]
	}
	return strings.Join(parts, "/")
}

// addLoopStage adds stage name running the loop function fn of the
// current generation. The caller holds c.mu.
func (c *Console) addLoopStage(name, fn string, workers int) error {
	if workers != 1 {
		return fmt.Errorf("workers=%d: a loop stage runs one goroutine (its loop is its own)",
			workers)
	}
	gen := c.sess.Current()
	f, sig, err := gen.Loop(fn, c.badMessage(name), c.book.carry(name))
	if err != nil {
		return fmt.Errorf("function %q: %w", fn, err)
	}
	if err := c.graph.AddLoop(name, f); err != nil {
		return nodeErr(name, err)
	}
	c.stageFns[name] = fn
	c.types[name] = nodeType{in: sig.In, out: sig.Out}
	c.book.setKind(name, interp.NodeLoop)
	c.book.record(name, 1, fn, gen)
	return nil
}

// addGoSource adds source name running the source function fn of the
// current generation. The caller holds c.mu.
func (c *Console) addGoSource(name, fn string) error {
	gen := c.sess.Current()
	f, sig, err := gen.SourceLoop(fn)
	if err != nil {
		return fmt.Errorf("function %q: %w", fn, err)
	}
	if err := c.graph.AddSource(name, f); err != nil {
		return nodeErr(name, err)
	}
	c.stageFns[name] = fn
	c.types[name] = nodeType{out: sig.Out}
	c.book.setKind(name, interp.NodeSource)
	c.book.record(name, 1, fn, gen)
	return nil
}
