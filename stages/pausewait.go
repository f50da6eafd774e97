package stages

import (
	"context"
	"fmt"
	"time"
)

// PauseWait pauses the node name as Pause does and waits until it counts
// as paused (NodeStatus.Paused: every worker waits at the pause, having
// finished and sent on the message in its hand), runs no code (a loop
// stage waiting for a swap), or the run ends. If ctx
// ends first it returns ctx's error and the node stays paused: its code
// is still running. A paused node is woken, not polled: PauseWait
// returns within microseconds of the last worker parking.
func (g *Graph) PauseWait(ctx context.Context, name string) error {
	if name == "" {
		return fmt.Errorf("pause: PauseWait needs a node name")
	}
	if err := g.Pause(name); err != nil {
		return err
	}
	g.mu.Lock()
	r, n := g.cur, g.byName[name]
	g.mu.Unlock()
	var nr *nodeRun
	for _, m := range r.nodes {
		if m.node == n {
			nr = m
		}
	}
	if nr == nil {
		return fmt.Errorf("pause %q: %w", name, ErrNoNode)
	}

	// A missed wake-up (a worker that returned in a way no settle call
	// covers) costs a recheck, not a hang.
	const recheck = 5 * time.Millisecond
	t := time.NewTimer(recheck)
	defer t.Stop()
	for {
		gt := nr.gate.Load()
		if !gt.paused {
			return fmt.Errorf("pause %q: resumed while waiting", name)
		}
		if nr.isPaused() || nr.waitsForSwap() {
			return nil
		}
		select {
		case <-gt.settled:
		case <-r.finished:
			return nil
		case <-ctx.Done():
			return fmt.Errorf("pause %q: %w", name, ctx.Err())
		case <-t.C:
			t.Reset(recheck)
		}
	}
}

// waitsForSwap reports whether nr is a loop stage whose function returned
// early: no code of it runs, and its input forwarder, which holds a
// message for the next version, never parks.
func (nr *nodeRun) waitsForSwap() bool {
	if nr.loopIn == nil {
		return false
	}
	nr.loopMu.Lock()
	defer nr.loopMu.Unlock()
	return nr.idle && !nr.ended
}

// settle closes the settled channel of a paused gate once the node
// counts as paused. Workers call it when they park and when they return.
func (nr *nodeRun) settle() {
	g := nr.gate.Load()
	if g.paused && nr.isPaused() {
		g.settledOnce.Do(func() { close(g.settled) })
	}
}
