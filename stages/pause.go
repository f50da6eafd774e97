package stages

import (
	"fmt"
	"sync"
)

// gate is the pause state of one node in one run. It is replaced, never
// changed: Pause and Resume store the next gate and close ch of the one
// they replace, which wakes the goroutines that wait on it. The immediate
// stop closes ch too, so a waiting worker watches one channel for both,
// and a select that waits for a message has two cases, as recv's has.
type gate struct {
	paused bool
	ch     chan struct{}
	closed bool // ch is closed (guarded by gateMu)

	// settled, of a paused gate, is closed once the node counts as
	// paused under it (see PauseWait).
	settled     chan struct{}
	settledOnce sync.Once
}

// Pause stops the node name from taking messages until Resume: each of
// its workers (a sink's goroutine, a loop stage's input forwarder) waits
// before its next receive, while still answering an immediate stop at
// once. The message in a worker's hand is finished and sent on. Nothing
// is dropped: upstream fills the buffers and then blocks. Pause returns
// at once; a worker that was already receiving may still take the one
// message that arrives then. NodeStatus.Paused is true once every worker
// waits, and from then on the node takes nothing.
//
// The name "" pauses every stage and sink. A source cannot be paused
// (its code sends on its own): pause the node after it. Pause fails with
// ErrNotRunning when the graph is not running; each Start begins
// unpaused, and a graceful Stop resumes every node first, so that it
// drains.
func (g *Graph) Pause(name string) error {
	return g.setPaused("pause", name, true)
}

// Resume lets the node name (every stage and sink for "") take messages
// again. Resuming a node that is not paused does nothing.
func (g *Graph) Resume(name string) error {
	return g.setPaused("resume", name, false)
}

func (g *Graph) setPaused(verb, name string, paused bool) error {
	g.mu.Lock()
	r, running := g.cur, g.running
	var target *node
	if name != "" {
		target = g.byName[name]
	}
	g.mu.Unlock()

	switch {
	case name != "" && target == nil:
		return fmt.Errorf("%s %q: %w", verb, name, ErrNoNode)
	case target != nil && target.kind == KindSource:
		return fmt.Errorf("%s %q: a source cannot be paused", verb, name)
	case !running:
		return fmt.Errorf("%s %q: %w", verb, name, ErrNotRunning)
	}
	for _, nr := range r.nodes {
		if nr.node.kind != KindSource && (target == nil || nr.node == target) {
			nr.setGate(paused)
		}
	}
	return nil
}

// setGate flips the node's gate to paused or running, if it is not so.
func (nr *nodeRun) setGate(paused bool) {
	nr.gateMu.Lock()
	defer nr.gateMu.Unlock()
	old := nr.gate.Load()
	if old.paused == paused {
		return
	}
	next := &gate{paused: paused, ch: make(chan struct{})}
	if paused {
		next.settled = make(chan struct{})
	}
	if nr.run.isDone() {
		next.closed = true
		close(next.ch)
	}
	nr.gate.Store(next)
	old.wake()
}

// wake closes g.ch once. The caller holds gateMu.
func (g *gate) wake() {
	if !g.closed {
		g.closed = true
		close(g.ch)
	}
}

// wakeForDone closes the channel of the node's gate: done is closed.
func (nr *nodeRun) wakeForDone() {
	nr.gateMu.Lock()
	defer nr.gateMu.Unlock()
	nr.gate.Load().wake()
}

// recvOr is recv for a goroutine that a pause holds: wake is the channel
// of its gate, closed by a pause and by done. It returns woken when wake
// closed while it waited; the caller then looks at done and the gate
// again. On the path of a message that is already there it costs what
// recv costs, and it inlines.
func recvOr(in <-chan any, done, wake <-chan struct{}) (msg any, ok, woken bool) {
	select {
	case <-done:
		return nil, false, false
	default:
	}
	select {
	case msg, ok = <-in:
		return msg, ok, false
	default:
	}
	select {
	case msg, ok = <-in:
		return msg, ok, false
	case <-wake:
		return nil, false, true
	}
}

// take is recv for a goroutine that a pause holds: while the gate is
// paused it waits for Resume or done, and a pause that comes while it
// waits for a message wakes it to look again. The hot loops of workers
// and sinks write it out in place, to keep recvOr inlined there.
func (nr *nodeRun) take(in <-chan any, done <-chan struct{}) (msg any, ok bool) {
	for {
		g := nr.gate.Load()
		if g.paused {
			if !nr.park(g, done) {
				return nil, false
			}
			continue
		}
		msg, ok, woken := recvOr(in, done, g.ch)
		if !woken {
			return msg, ok
		}
	}
}

// park waits on a paused gate until Resume or done; false means done.
func (nr *nodeRun) park(g *gate, done <-chan struct{}) bool {
	nr.parked.Add(1)
	defer nr.parked.Add(-1)
	nr.settle()
	<-g.ch
	select {
	case <-done:
		return false
	default:
		return true
	}
}

// takers is the number of goroutines of the node that take, which is how
// many must be parked for it to count as paused.
func (nr *nodeRun) takers() int32 {
	if nr.loopIn != nil || nr.node.kind == KindSink {
		return 1
	}
	return int32(nr.node.workers)
}

// resumeAll resumes every node of the run.
func (r *run) resumeAll() {
	for _, nr := range r.nodes {
		if nr.node.kind != KindSource {
			nr.setGate(false)
		}
	}
}
