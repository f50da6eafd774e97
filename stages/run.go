package stages

import (
	"context"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
)

// run is one Start of a graph: its channels, its goroutines and its
// counters. Nothing of a run is reused by the next one (rule 1), so a
// goroutine a stop left behind can only touch the run it belongs to.
type run struct {
	id      int
	idText  string // id, for the goroutines' labels
	graph   string
	onError func(StageError)

	stop     chan struct{} // closed by both stops: sources return
	done     chan struct{} // closed by an immediate stop: everyone returns
	stopOnce sync.Once
	doneOnce sync.Once

	// live counts the goroutines of the run; the last to end closes
	// finished. It is the run's WaitGroup, with a channel to select on.
	live     atomic.Int64
	finished chan struct{}

	nodes     []*nodeRun    // index as Graph.nodes
	edges     []*edgeRun    // index as Graph.edges
	extra     []chan any    // merge and fan-out channels, for the drain
	discarded atomic.Uint64 // copies dropped from a goroutine's hand

	stopped chan struct{} // closed when the stop that owns the run is done
	report  StopReport    // set before stopped is closed
}

// nodeRun is what one run needs of one node.
type nodeRun struct {
	node *node
	run  *run

	input   chan any   // what the workers read: the in-edge or the merge
	ins     []*edgeRun // in-edges, read by forwarders when there are several
	private chan any   // a fanning-out source's own output, read by its copier
	outputs []chan any // one per out-edge, in wire order
	direct  *edgeRun   // the single out-edge of a source or Handler stage
	labels  context.Context

	// halt is the node's own copy of done, closed just after it: the
	// blocking sends and receives of the node's goroutines watch it, so
	// their selects lock no channel that the other nodes lock too.
	halt chan struct{}

	senders atomic.Int32 // goroutines sending to outputs; the last closes them
	mergers atomic.Int32 // fan-in forwarders; the last closes input

	// Pause (see pause.go): the gate, and how many takers wait on it.
	gate   atomic.Pointer[gate]
	gateMu sync.Mutex
	parked atomic.Int32

	// Sources and loop stages run versions (see loop.go). srcOut is what
	// a source writes to; loopIn and loopOut are a loop's own channels,
	// fed by feed and read by relay.
	srcOut, loopIn, loopOut chan any
	first                   *version // the version to start with
	loopMu                  sync.Mutex
	cur                     *liveVersion
	swapping                bool          // a swap waits for cur to return
	signalled               bool          // the run told cur to stop
	idle                    bool          // cur returned early; waiting for a swap
	noTaker                 chan struct{} // closed: idle in a graceful stop (feed)
	noTakerClosed           bool
	ended                   bool // the last version returned; output closed
	inClosed                atomic.Bool
	outClosed               atomic.Bool // the runtime closed loopOut
	closeReported           atomic.Bool

	in, out, filtered, errors atomic.Uint64
	lastError                 atomic.Pointer[StageError]
	_                         [64]byte // keep the counters of two nodes apart
}

// edgeRun is one wire in one run.
type edgeRun struct {
	ch        chan any
	received  *atomic.Uint64 // the receiver's count: to's In or forwarded
	forwarded atomic.Uint64
	drained   atomic.Uint64
}

// newRun makes every channel of a run afresh.
func (g *Graph) newRun(id int) *run {
	r := &run{
		id:       id,
		idText:   strconv.Itoa(id),
		graph:    g.id,
		onError:  g.opts.OnError,
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
		finished: make(chan struct{}),
		stopped:  make(chan struct{}),
	}
	for _, e := range g.edges {
		r.edges = append(r.edges, &edgeRun{ch: make(chan any, e.buffer)})
	}
	edgeOf := make(map[*edge]*edgeRun, len(g.edges))
	for i, e := range g.edges {
		edgeOf[e] = r.edges[i]
	}

	for _, n := range g.nodes {
		r.nodes = append(r.nodes, r.newNodeRun(n, edgeOf))
	}
	return r
}

func (r *run) newNodeRun(n *node, edgeOf map[*edge]*edgeRun) *nodeRun {
	nr := &nodeRun{node: n, run: r, first: n.handler.Load(), halt: make(chan struct{})}
	nr.gate.Store(&gate{ch: make(chan struct{})})
	// Keys in sorted order: pprof.Labels then neither sorts nor copies.
	nr.labels = pprof.WithLabels(context.Background(), pprof.Labels(
		LabelGraph, r.graph,
		LabelOwner, "stage",
		LabelRun, r.idText,
		LabelStage, n.name,
	))

	// Inputs: one in-edge is read directly; several merge into one
	// unbuffered channel, so the merge holds no hidden buffer.
	switch len(n.ins) {
	case 0:
	case 1:
		er := edgeOf[n.ins[0]]
		nr.input, er.received = er.ch, &nr.in
	default:
		nr.input = make(chan any)
		r.extra = append(r.extra, nr.input)
		for _, e := range n.ins {
			er := edgeOf[e]
			er.received = &er.forwarded
			nr.ins = append(nr.ins, er)
		}
	}

	for _, e := range n.outs {
		nr.outputs = append(nr.outputs, edgeOf[e].ch)
	}
	if n.kind == KindSource {
		if len(n.outs) == 1 {
			nr.direct = edgeOf[n.outs[0]]
			nr.srcOut = nr.outputs[0]
		} else {
			nr.private = make(chan any)
			nr.srcOut = nr.private
			r.extra = append(r.extra, nr.private)
		}
	}
	if nr.first != nil && nr.first.loop != nil {
		nr.loopIn, nr.loopOut = make(chan any), make(chan any)
		nr.noTaker = make(chan struct{})
		r.extra = append(r.extra, nr.loopIn, nr.loopOut)
	} else if n.kind == KindStage && len(n.outs) == 1 {
		// A Handler stage with one output counts its Out as a source
		// does (see status.go): one atomic add less per message.
		nr.direct = edgeOf[n.outs[0]]
	}
	return nr
}

// launch starts every goroutine of the run. It holds one count of live
// itself, so that finished cannot close before the last goroutine started.
func (r *run) launch() {
	r.live.Store(1)
	for _, nr := range r.nodes {
		nr.mergers.Store(int32(len(nr.ins)))
		for _, er := range nr.ins {
			r.spawn(nr.labels, func() { nr.forward(er) })
		}

		switch {
		case nr.node.kind == KindSource:
			// Fan-out: the source sends to its private channel and a
			// copier sends every message on to each out-edge.
			if nr.private != nil {
				r.spawn(nr.labels, nr.copyAll)
			}
			nr.loopMu.Lock()
			nr.startVersion(nr.first, false)
			nr.loopMu.Unlock()
		case nr.loopIn != nil:
			r.spawn(nr.labels, nr.feed)
			r.spawn(nr.labels, nr.relay)
			nr.loopMu.Lock()
			nr.startVersion(nr.first, false)
			nr.loopMu.Unlock()
		case nr.node.kind == KindStage:
			nr.senders.Store(int32(nr.node.workers))
			for range nr.node.workers {
				r.spawn(nr.labels, nr.work)
			}
		case nr.node.kind == KindSink:
			r.spawn(nr.labels, nr.consume)
		}
	}
	r.exit()
}

// spawn starts fn on a goroutine labelled with labels and counted in live.
func (r *run) spawn(labels context.Context, fn func()) {
	r.live.Add(1)
	go func() {
		defer r.exit()
		pprof.SetGoroutineLabels(labels)
		fn()
	}()
}

func (r *run) exit() {
	if r.live.Add(-1) == 0 {
		close(r.finished)
	}
}

// closeStop gives the graceful stop signal: it closes stop and the stop
// of every source's running version.
func (r *run) closeStop() {
	r.stopOnce.Do(func() {
		close(r.stop)
		for _, nr := range r.nodes {
			switch {
			case nr.node.kind == KindSource:
				nr.signal()
			case nr.noTaker != nil:
				nr.loopMu.Lock()
				nr.dropIfIdle()
				nr.loopMu.Unlock()
			}
		}
	})
}

// closeDone gives the immediate stop signal: it closes done, the gate
// channel of every node that takes, and the stop of every loop stage's
// running version.
func (r *run) closeDone() {
	r.doneOnce.Do(func() {
		close(r.done)
		for _, nr := range r.nodes {
			close(nr.halt)
			if nr.node.kind != KindSource {
				nr.wakeForDone()
			}
			if nr.loopIn != nil {
				nr.signal()
			}
		}
	})
}

// isDone reports whether the immediate stop signal was given.
func (r *run) isDone() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// isFinished reports whether every goroutine of the run has returned.
func (r *run) isFinished() bool {
	select {
	case <-r.finished:
		return true
	default:
		return false
	}
}
