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

// adopt is the session's Options.Adopt: it moves every stage of the graph to
// the next generation. It first builds every stage's Handler from next, so
// that a definition breaking any stage is refused before anything is
// swapped; then it swaps them all, raising the version only of the stages
// whose function, or something it calls, changed.
func (c *Console) adopt(ctx context.Context, next *interp.Generation, changed []string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.swaps, c.swapped = nil, nil

	// Check: every stage's function still exists with a usable shape.
	names := make([]string, 0, len(c.stageFns))
	for name := range c.stageFns {
		names = append(names, name)
	}
	sort.Strings(names)
	built := make(map[string]builtNode, len(names))
	types := make(map[string]nodeType, len(c.types))
	for name, t := range c.types {
		types[name] = t
	}
	for _, name := range names {
		b, err := c.buildNode(next, name)
		if err != nil {
			return fmt.Errorf("stage %q would break: %w", name, err)
		}
		built[name] = b
		types[name] = b.typ
	}
	if err := c.checkInputTypes(types); err != nil {
		return err
	}
	if err := checkEdges(types, c.graph.Status().Edges); err != nil {
		return fmt.Errorf("the wiring would break: %w (define both ends in one input, "+
			"such as a paste or a :load, or :unwire them first)", err)
	}
	c.types = types

	// Which loop stages and Go sources move to the new generation: those
	// whose code changed, and those that use a package variable, which
	// must be the new generation's, the one every other stage and :show
	// use (left on the old one, they would go on with a copy that the
	// next reload overwrites). Those that move end first: their code must
	// not run while the variables are carried (a source would change one
	// after it was read, and its next version send a value again).
	// Quiesce the stages, take over the old generation's variables (after
	// its BeforeReload hook), then swap; the stages resume after the swap.
	vars := next.Vars()
	moves := map[string]bool{}
	for _, name := range names {
		fn := c.stageFns[name]
		if k := c.book.kind(name); k == interp.NodeLoop || k == interp.NodeSource {
			moves[name] = next.DependsOn(fn, changed) || next.DependsOn(fn, vars)
		}
	}
	stuck := c.holdNodes(names, moves)
	resume := c.quiesce(ctx, "variables were carried")
	defer resume()
	next.Leave(c.usedBy(stuck))
	next.Takeover(ctx, c.sess.Current())

	// Swap: all stages move; the version rises where the code changed.
	for _, name := range names {
		fn := c.stageFns[name]
		bump := next.DependsOn(fn, changed)
		if stuck[name] {
			continue // reported; it goes on with its old version
		}
		v, bump, err := c.swapNode(name, built[name], bump, moves[name], next) // loopstage.go
		if err != nil {
			return fmt.Errorf("swap stage %q: %w", name, err)
		}
		if bump {
			c.swaps = append(c.swaps, describeSwap(name, v, fn, next, changed))
			c.swapped = append(c.swapped, newSwapRecord(name, v, fn, next, changed))
		}
	}
	return nil
}

// holdNodes ends the running version of each loop stage and Go source
// among names that moves, and returns those whose version did not return
// in time (each is reported, as a stuck swap is). The caller holds c.mu.
func (c *Console) holdNodes(names []string, moves map[string]bool) map[string]bool {
	stuck := map[string]bool{}
	for _, name := range names {
		if !moves[name] {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), loopSwapWait)
		err := c.graph.Hold(ctx, name)
		cancel()
		if errors.Is(err, stages.ErrStuck) {
			c.errOut.Printf("%s", c.errPal.errorf(stuckReport(name, c.stageFns[name],
				versionOf(c.graph.Status(), name), err)))
			stuck[name] = true
		}
	}
	return stuck
}

// usedBy lists the package variables that the nodes of stuck use in the
// current generation, the one their code still runs: the carry must not
// read what they may be writing. The caller holds c.mu.
func (c *Console) usedBy(stuck map[string]bool) []string {
	cur := c.sess.Current()
	var used []string
	for _, v := range cur.Vars() {
		for name := range stuck {
			if cur.DependsOn(c.stageFns[name], []string{v}) {
				used = append(used, v)
				break
			}
		}
	}
	return used
}

// versionOf is the version of node name in st, or 0.
func versionOf(st stages.Status, name string) int {
	for _, n := range st.Nodes {
		if n.Name == name {
			return n.Version
		}
	}
	return 0
}

// defaultPauseWait bounds how long quiesce waits for a stage to finish
// the message in its hand.
const defaultPauseWait = 2 * time.Second

// quiesce pauses the stages of a running graph, upstream first, waiting
// for each to finish the message in its hand and wait for the next
// before pausing the one after it, so that no stage code runs while the
// variables are carried over or read (Y10). Upstream first, because a
// stage paused after the one it sends to would never finish its message:
// it would block sending. It returns the func that resumes them. A stage
// still busy after c.pauseWait is named in c.pauseNote, which says what
// happened while it ran (doing: "variables were carried"), and the work
// goes on. A stage that sends to a node the user paused may be blocked
// sending for good: it is given a short wait only, and the note says so.
// Sources and sinks are not paused: the built-in ones run no user code,
// and adopt ends a Go source's version first (holdSources).
func (c *Console) quiesce(ctx context.Context, doing string) (resume func()) {
	c.pauseNote = ""
	st := c.graph.Status()
	if !st.Running {
		return func() {}
	}
	// Resume only what this pause held: a stage the user paused stays so.
	var held []string
	resume = func() {
		for _, name := range held {
			c.graph.Resume(name)
		}
	}
	// One deadline for all, but each stage gets at least a short wait: an
	// idle stage after a busy one is not called busy.
	deadline := time.Now().Add(c.pauseWait)
	var busy []string
	for _, name := range upstreamFirst(st) {
		if c.held[name] || nodePaused(st, name) {
			continue // paused by the user (:pause)
		}
		wait, reason := max(time.Until(deadline), pauseWaitBlocked), "busy in its function"
		if to := c.pausedDownstream(st, name); to != "" {
			wait, reason = pauseWaitBlocked, "blocked sending to "+to+", which is paused"
		}
		waitCtx, cancel := context.WithTimeout(ctx, wait)
		err := c.graph.PauseWait(waitCtx, name)
		cancel()
		switch {
		case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
			held = append(held, name)
			busy = append(busy, name+" ("+reason+")")
		case err == nil:
			held = append(held, name)
		} // else stopped meanwhile
	}
	if len(busy) > 0 {
		c.pauseNote = fmt.Sprintf("did not pause: %s; %s while it ran",
			strings.Join(busy, ", "), doing)
	}
	return resume
}

// pauseWaitBlocked is how long quiesce waits for a stage that sends to a
// paused node.
const pauseWaitBlocked = 50 * time.Millisecond

// pausedDownstream names a node that name sends to and the user paused,
// or "".
func (c *Console) pausedDownstream(st stages.Status, name string) string {
	for _, e := range st.Edges {
		if e.From == name && (c.held[e.To] || nodePaused(st, e.To)) {
			return e.To
		}
	}
	return ""
}

// upstreamFirst orders the stages so that each comes after every stage
// that sends to it; stages on a cycle come last, in the order added.
func upstreamFirst(st stages.Status) []string {
	isStage := map[string]bool{}
	for _, n := range st.Nodes {
		isStage[n.Name] = n.Kind == stages.KindStage
	}
	ins := map[string]int{}
	for _, e := range st.Edges {
		if isStage[e.From] && isStage[e.To] {
			ins[e.To]++
		}
	}
	var order []string
	done := map[string]bool{}
	for progress := true; progress; {
		progress = false
		for _, n := range st.Nodes {
			if !isStage[n.Name] || done[n.Name] || ins[n.Name] > 0 {
				continue
			}
			done[n.Name], progress = true, true
			order = append(order, n.Name)
			for _, e := range st.Edges {
				if e.From == n.Name && isStage[e.To] {
					ins[e.To]--
				}
			}
		}
	}
	for _, n := range st.Nodes {
		if isStage[n.Name] && !done[n.Name] {
			order = append(order, n.Name)
		}
	}
	return order
}

// nodePaused reports whether the node name is paused and waiting.
func nodePaused(st stages.Status, name string) bool {
	for _, n := range st.Nodes {
		if n.Name == name {
			return n.Paused || !st.Running
		}
	}
	return true
}

// describeSwap says why a stage moved: "upper to v2 (uses clean)".
func describeSwap(stage string, version int, fn string, next *interp.Generation,
	changed []string) string {
	var why []string
	for _, name := range changed {
		if name != fn && next.DependsOn(fn, []string{name}) {
			why = append(why, name)
		}
	}
	s := fmt.Sprintf("%s to v%d", stage, version)
	if len(why) > 0 {
		s += " (uses " + strings.Join(why, ", ") + ")"
	}
	return s
}

// takeSwaps returns and forgets what the last adopt swapped.
func (c *Console) takeSwaps() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.swaps
	c.swaps = nil
	return s
}

// describeDefined renders the result of a definition:
// "defined clean; swapped upper to v2 (uses clean)".
func describeDefined(res interp.Result, swaps []string) string {
	var defined, imported []string
	for _, name := range res.Defined {
		if strings.HasPrefix(name, `"`) {
			imported = append(imported, name)
		} else {
			defined = append(defined, name)
		}
	}
	var parts []string
	if len(imported) > 0 {
		parts = append(parts, "imported "+strings.Join(imported, ", "))
	}
	if len(defined) > 0 {
		parts = append(parts, "defined "+strings.Join(defined, ", "))
	}
	s := strings.Join(parts, "; ")
	if len(res.Defined) > 0 && len(res.Changed) == 0 {
		s += " (unchanged)"
	}
	if len(swaps) > 0 {
		s += "; swapped " + strings.Join(swaps, ", ")
	}
	return s
}
