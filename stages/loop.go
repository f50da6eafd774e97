package stages

import (
	"context"
	"errors"
	"fmt"
	"runtime/pprof"
	"strconv"
	"strings"
)

// LoopFunc is a stage that owns its loop: it receives from in and sends
// on out until in is closed or stop is, then returns. It may send any
// number of messages per message received. Both channels belong to the
// runtime and outlive a swap: the function must not close out (the
// runtime closes it after the last version returns; a loop that closes it
// ends the stage's output and is reported as an error). Its receive must
// also watch stop, which is its own: closed when this version is swapped
// out or the run stops at once. The message in hand should be finished,
// sent with a plain send, before returning: the runtime keeps reading out
// until the version has returned, so that send cannot block for ever.
type LoopFunc func(stop <-chan struct{}, in <-chan any, out chan<- any)

// ErrStuck is wrapped by the error of a swap whose old version did not
// return within the swap's context.
var ErrStuck = errors.New("old version did not return")

// AddLoop adds a stage named name that runs f on one goroutine. Its
// version is 1.
func (g *Graph) AddLoop(name string, f LoopFunc) error {
	if f == nil {
		return fmt.Errorf("add stage %q: nil LoopFunc", name)
	}
	return g.add(newNode(name, KindStage, 1, &version{loop: f}))
}

// AddSourceSetup adds a source whose SourceFunc setup makes at every
// Start, before any goroutine of the run starts. If a setup fails (or
// panics), Start returns its error naming the source and starts nothing;
// the SourceFuncs that earlier setups of that Start made are dropped
// without being run, so a setup should check and not hold what only its
// SourceFunc would release (open the file in the SourceFunc). Setups run
// in the order the sources were added, with the graph locked.
func (g *Graph) AddSourceSetup(name string, setup func() (SourceFunc, error)) error {
	if setup == nil {
		return fmt.Errorf("add source %q: nil setup", name)
	}
	return g.add(newNode(name, KindSource, 1, &version{setup: setup}))
}

// SwapLoop replaces the LoopFunc of the loop stage name and returns the
// version now in place. While the graph runs it closes the running
// version's stop, waits until that version returns, then starts f on the
// same channels: the messages waiting in the input go to f, none is lost
// or given twice. If the old version does not return before ctx ends, the
// swap fails with an error wrapping ErrStuck that says where it is
// blocked; f does not start (two versions reading one input would
// reorder it), the stage stays on the old version, and that goroutine is
// left running with its stop closed. If it returns later, the runtime
// starts it again with a fresh stop; a later SwapLoop or a stop may end
// it. When the graph is not running, f is what the next Start runs.
func (g *Graph) SwapLoop(name string, f LoopFunc, newVersion bool,
	ctx context.Context) (int, error) {
	if f == nil {
		return 0, fmt.Errorf("swap %q: nil LoopFunc", name)
	}
	return g.swapRunning(name, &version{loop: f}, newVersion, ctx)
}

// SwapSource replaces the SourceFunc of source name as SwapLoop does a
// LoopFunc: the old version's stop is closed, and once it has returned
// src starts writing into the same output. A source that had already
// returned (it had no more to send) is not started again in this run.
func (g *Graph) SwapSource(name string, src SourceFunc, newVersion bool,
	ctx context.Context) (int, error) {
	if src == nil {
		return 0, fmt.Errorf("swap %q: nil SourceFunc", name)
	}
	return g.swapRunning(name, &version{src: src}, newVersion, ctx)
}

func (g *Graph) swapRunning(name string, v *version, newVersion bool,
	ctx context.Context) (int, error) {
	n, nr := g.runningNode(name)
	switch {
	case n == nil:
		return 0, fmt.Errorf("swap %q: %w", name, ErrNoNode)
	case v.loop != nil && describe(n) != "loop stage",
		v.src != nil && n.kind != KindSource:
		return 0, fmt.Errorf("swap %q: a %s cannot be swapped for this", name, describe(n))
	}
	n.swapMu.Lock()
	defer n.swapMu.Unlock()
	if nr == nil {
		return n.commit(v, newVersion, 0), nil
	}
	return nr.swap(v, newVersion, ctx)
}

// Hold closes the stop of the running version of the source or loop stage
// name and waits until it has returned, leaving the node's channels open:
// no code of the node runs until the next SwapSource or SwapLoop, which
// starts the new version at once (a held loop stage takes no message
// meanwhile; its input waits). It is for work that must not race with that
// code, such as carrying its variables into a new program. If the version
// has not returned when ctx ends, Hold fails with ErrStuck as a swap does,
// and the node goes on as a swap that gave up would leave it. On a graph
// that is not running, or a node that has ended, it does nothing; a stop
// of the run ends a held node.
func (g *Graph) Hold(ctx context.Context, name string) error {
	n, nr := g.runningNode(name)
	switch {
	case n == nil:
		return fmt.Errorf("hold %q: %w", name, ErrNoNode)
	case n.kind != KindSource && describe(n) != "loop stage":
		return fmt.Errorf("hold %q: a %s runs no versions to hold", name, describe(n))
	case nr == nil:
		return nil
	}
	n.swapMu.Lock()
	defer n.swapMu.Unlock()
	return nr.hold(ctx)
}

// hold ends the running version and marks nr idle, so that the next swap
// starts its version at once. The caller holds swapMu.
func (nr *nodeRun) hold(ctx context.Context) error {
	nr.loopMu.Lock()
	defer nr.loopMu.Unlock()
	if nr.ended || nr.idle {
		return nil
	}
	old, ok := nr.endCurrent(ctx)
	switch {
	case !ok:
		return nr.stuck(old.v.n)
	case nr.signalled: // the run stopped meanwhile: nothing to hold
		nr.end()
	default:
		nr.idle = true
	}
	return nil
}

// endCurrent closes the running version's stop and waits, without loopMu,
// until it returns or ctx ends. It reports whether it returned; if not,
// the version is marked abandoned (started again if it returns later).
// The caller holds loopMu, and holds it again on return.
func (nr *nodeRun) endCurrent(ctx context.Context) (old *liveVersion, returned bool) {
	old = nr.cur
	nr.swapping = true
	old.closeStop()
	nr.loopMu.Unlock()

	select {
	case <-old.returned:
	case <-ctx.Done():
	}

	nr.loopMu.Lock()
	nr.swapping = false
	select {
	case <-old.returned:
		return old, true
	default:
		old.abandoned = true
		return old, false
	}
}

// runningNode returns the node name and, while the graph runs, its run.
func (g *Graph) runningNode(name string) (*node, *nodeRun) {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := g.byName[name]
	if n == nil || !g.running {
		return n, nil
	}
	return n, g.cur.nodes[slicesIndex(g.nodes, n)]
}

func slicesIndex(nodes []*node, n *node) int {
	for i, m := range nodes {
		if m == n {
			return i
		}
	}
	return -1
}

// swap replaces the running version of nr by v. The caller holds swapMu.
func (nr *nodeRun) swap(v *version, newVersion bool, ctx context.Context) (int, error) {
	nr.loopMu.Lock()
	if nr.ended {
		nr.loopMu.Unlock()
		return nr.node.commit(v, newVersion, 0), nil
	}
	// Reserve a count of live for the new version while a goroutine of
	// the node is certainly alive: the old version has not ended the node.
	nr.run.live.Add(1)
	if nr.idle {
		nr.idle = false
		n := nr.node.commit(v, newVersion, 0)
		nr.startVersion(nr.node.handler.Load(), true)
		nr.loopMu.Unlock()
		return n, nil
	}
	if old, ok := nr.endCurrent(ctx); !ok {
		nr.loopMu.Unlock()
		nr.run.exit()
		return old.v.n, nr.stuck(old.v.n)
	}
	n := nr.node.commit(v, newVersion, 0)
	nr.startVersion(nr.node.handler.Load(), true)
	nr.loopMu.Unlock()
	return n, nil
}

// stuck describes where version n of nr is blocked, from the goroutine
// profile filtered by the node's labels.
func (nr *nodeRun) stuck(n int) error {
	var where []string
	if recs, err := goroutines(); err == nil {
		for _, rec := range recs {
			l := rec.labels
			if l[LabelGraph] == nr.run.graph && l[LabelRun] == strconv.Itoa(nr.run.id) &&
				l[LabelStage] == nr.node.name && l[LabelVersion] == strconv.Itoa(n) {
				where = append(where, rec.where)
			}
		}
	}
	return fmt.Errorf("swap %q: version %d: %w within the context; blocked in:\n%s",
		nr.node.name, n, ErrStuck, strings.Join(where, "\n--\n"))
}

// liveVersion is one version running in one run.
type liveVersion struct {
	v         *version
	stop      chan struct{}
	stopped   bool          // stop is closed (guarded by loopMu)
	returned  chan struct{} // closed when v's function returned
	abandoned bool          // a swap gave up waiting for it (loopMu)
}

func (lv *liveVersion) closeStop() {
	if !lv.stopped {
		lv.stopped = true
		close(lv.stop)
	}
}

// startVersion runs v on a goroutine labelled with its version. The
// caller holds loopMu; reserved says it took the count of live already.
func (nr *nodeRun) startVersion(v *version, reserved bool) {
	lv := &liveVersion{v: v, stop: make(chan struct{}), returned: make(chan struct{})}
	nr.cur = lv
	if nr.signalled {
		lv.closeStop()
	}
	labels := pprof.WithLabels(nr.labels, pprof.Labels(LabelVersion, strconv.Itoa(v.n)))
	if !reserved {
		nr.run.live.Add(1)
	}
	go func() {
		defer nr.run.exit()
		pprof.SetGoroutineLabels(labels)
		nr.runVersion(lv)
	}()
}

// runVersion calls the version's function, then decides what comes next:
// a swap in progress starts the next version itself; a version a swap gave
// up on is started again; otherwise this was the node's last version.
func (nr *nodeRun) runVersion(lv *liveVersion) {
	nr.callVersion(lv)

	nr.loopMu.Lock()
	defer nr.loopMu.Unlock()
	close(lv.returned)
	over := nr.signalled || nr.inClosed.Load()
	switch {
	case nr.swapping && nr.cur == lv:
		return
	case lv.abandoned && !over:
		nr.startVersion(nr.node.handler.Load(), false)
		return
	case nr.loopIn != nil && !over:
		nr.fail(StageError{Version: lv.v.n,
			Err: errors.New("loop returned before its input closed; the stage waits for a swap")})
		nr.idle = true
		nr.dropIfIdle()
		return
	}
	nr.end()
}

// dropIfIdle makes feed discard what reaches a loop stage that waits for a
// swap once a graceful stop has begun: nothing would take those messages,
// and the stages before it could not drain. Each is counted as discarded,
// and the stage ends when its input closes. The caller holds loopMu.
func (nr *nodeRun) dropIfIdle() {
	if !nr.idle || nr.noTaker == nil || nr.noTakerClosed {
		return
	}
	select {
	case <-nr.run.stop:
		nr.noTakerClosed = true
		close(nr.noTaker)
	default:
	}
}

// callVersion calls the function of lv, recovering a panic.
func (nr *nodeRun) callVersion(lv *liveVersion) {
	defer func() {
		if p := recover(); p != nil {
			nr.recovered(&hand{version: lv.v.n}, p)
		}
	}()
	if lv.v.loop != nil {
		lv.v.loop(lv.stop, nr.loopIn, nr.loopOut)
		return
	}
	if err := lv.v.src(lv.stop, nr.srcOut); err != nil {
		nr.fail(StageError{Version: lv.v.n, Err: err})
	}
}

// end closes the node's output after its last version. The caller holds
// loopMu. A function that closed the output itself is reported.
func (nr *nodeRun) end() {
	nr.ended = true
	out := nr.srcOut
	if nr.loopOut != nil {
		out = nr.loopOut
		nr.outClosed.Store(true)
	}
	if !closeOnce(out) {
		nr.closedByUser(nr.cur.v.n)
	}
}

// closedByUser reports, once per run, that the node's function closed
// the output the runtime owns.
func (nr *nodeRun) closedByUser(version int) {
	if nr.closeReported.CompareAndSwap(false, true) {
		nr.fail(StageError{Version: version,
			Err: fmt.Errorf("%s closed its output; the runtime owns it", describe(nr.node))})
	}
}

// closeOnce closes c and reports false if it was closed already.
func closeOnce(c chan any) (ok bool) {
	defer func() { ok = recover() == nil }()
	close(c)
	return true
}

// signal closes the running version's stop: the run stops (at once for a
// loop stage, in either way for a source). A loop stage waiting for a swap
// ends.
func (nr *nodeRun) signal() {
	nr.loopMu.Lock()
	defer nr.loopMu.Unlock()
	nr.signalled = true
	if nr.cur != nil {
		nr.cur.closeStop()
	}
	if nr.idle && !nr.ended {
		nr.end()
	}
}

// feed is the input forwarder of a loop stage: it takes each message from
// the stage's input, counts it, and hands it to whichever version reads
// the runtime's channel next. It closes that channel when the input is
// closed or the run stops at once.
func (nr *nodeRun) feed() {
	defer func() {
		nr.inClosed.Store(true)
		close(nr.loopIn)
		nr.loopMu.Lock()
		if nr.idle && !nr.ended {
			nr.end()
		}
		nr.loopMu.Unlock()
	}()
	done := nr.run.done
	for {
		msg, ok := nr.take(nr.input, done)
		if !ok {
			return
		}
		nr.in.Add(1)
		select {
		case nr.loopIn <- msg:
			nr.node.handler.Load().rec.handled.Add(1)
		case <-nr.noTaker:
			nr.run.discarded.Add(1)
		case <-done:
			nr.run.discarded.Add(1)
			return
		}
	}
}

// relay is the output forwarder of a loop stage: it counts what the loop
// sends and passes it to every out-edge. After an immediate stop it goes
// on reading, and discarding, until the last version has returned.
func (nr *nodeRun) relay() {
	defer nr.closeOutputsNow()
	done := nr.run.done
	for {
		msg, ok := recv(nr.loopOut, done)
		if !ok {
			break
		}
		nr.out.Add(1)
		if !nr.emit(msg) {
			break
		}
	}
	if !nr.run.isDone() {
		if !nr.outClosed.Load() {
			nr.closedByUser(nr.node.handler.Load().n)
		}
		return
	}
	for range nr.loopOut {
		nr.run.discarded.Add(uint64(len(nr.outputs)))
	}
}
