package stages

import "fmt"

// gate is the pause state of one node in one run. It is replaced, never
// changed: Pause and Resume store the next gate and close ch of the one
// they replace, which wakes the goroutines that wait on it.
type gate struct {
	paused bool
	ch     chan struct{}
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
	nr.gate.Store(&gate{paused: paused, ch: make(chan struct{})})
	close(old.ch)
}

// take is recv for a worker that a pause holds: while the gate is
// paused it waits for Resume or done, and a pause that comes while it
// waits for a message wakes it. The cost on the path of a message that
// is already there is one atomic load.
func (nr *nodeRun) take(in <-chan any, done <-chan struct{}) (msg any, ok bool) {
	for {
		g := nr.gate.Load()
		if g.paused {
			if !nr.park(g, done) {
				return nil, false
			}
			continue
		}
		select {
		case <-done:
			return nil, false
		default:
		}
		select {
		case msg, ok = <-in:
			return msg, ok
		default:
		}
		select {
		case msg, ok = <-in:
			return msg, ok
		case <-done:
			return nil, false
		case <-g.ch: // paused while waiting: look again
		}
	}
}

// park waits on a paused gate; false means done closed.
func (nr *nodeRun) park(g *gate, done <-chan struct{}) bool {
	nr.parked.Add(1)
	defer nr.parked.Add(-1)
	select {
	case <-g.ch:
		return true
	case <-done:
		return false
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
