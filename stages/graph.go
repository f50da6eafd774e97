package stages

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
)

// Graph is a graph of sources, stages and sinks. Build it with AddSource
// (or AddSourceSetup), AddStage (or AddLoop), AddSink and Wire, then Start
// it; stop it with Stop or StopNow and start it again as often as needed.
// All methods are safe for concurrent use. The graph cannot be changed
// while it runs (ErrRunning), except for its code (Swap, SwapLoop,
// SwapSource, Rollback) and its pauses (Pause, Resume).
type Graph struct {
	id   string // the pc.graph label, unique per New
	opts Options

	mu       sync.Mutex
	nodes    []*node // in the order they were added
	byName   map[string]*node
	edges    []*edge // in the order they were wired
	runs     int     // number of the last run
	cur      *run    // the current or last run; nil before the first Start
	running  bool    // cur is running (a stop in progress still counts)
	stopping bool    // a stop owns cur
}

// node is one node as built; what a run needs of it lives in nodeRun.
type node struct {
	name    string
	kind    Kind
	workers int
	sink    SinkFunc
	handler atomic.Pointer[version] // stages and sources: what runs now
	ins     []*edge
	outs    []*edge // in wire order

	// swapMu serialises the swaps of the node and guards history.
	swapMu  sync.Mutex
	history []*versionRecord
}

// edge is one wire.
type edge struct {
	from, to *node
	buffer   int
}

var graphIDs atomic.Uint64

// New returns an empty graph. Each graph has its own id, used as the
// pc.graph label of its goroutines.
func New(opts Options) *Graph {
	return &Graph{
		id:     strconv.FormatUint(graphIDs.Add(1), 10),
		opts:   opts,
		byName: map[string]*node{},
	}
}

// AddSource adds a source named name. It fails with ErrExists if the name
// is taken and with ErrRunning while the graph runs.
func (g *Graph) AddSource(name string, src SourceFunc) error {
	if src == nil {
		return fmt.Errorf("add source %q: nil SourceFunc", name)
	}
	return g.add(newNode(name, KindSource, 1, &version{src: src}))
}

// AddStage adds a stage named name that runs workers goroutines (at least
// one) on its input, each calling the current Handler. Its version is 1.
func (g *Graph) AddStage(name string, h Handler, workers int) error {
	if h == nil {
		return fmt.Errorf("add stage %q: nil Handler", name)
	}
	if workers > MaxWorkers {
		return fmt.Errorf("add stage %q: %d workers, more than %d", name, workers, MaxWorkers)
	}
	return g.add(newNode(name, KindStage, max(workers, 1), &version{h: h}))
}

// AddSink adds a sink named name; one goroutine calls sink per message.
func (g *Graph) AddSink(name string, sink SinkFunc) error {
	if sink == nil {
		return fmt.Errorf("add sink %q: nil SinkFunc", name)
	}
	return g.add(&node{name: name, kind: KindSink, workers: 1, sink: sink})
}

func (g *Graph) add(n *node) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running {
		return fmt.Errorf("add %s %q: %w", n.kind, n.name, ErrRunning)
	}
	if _, ok := g.byName[n.name]; ok {
		return fmt.Errorf("add %s %q: %w", n.kind, n.name, ErrExists)
	}
	g.byName[n.name] = n
	g.nodes = append(g.nodes, n)
	return nil
}

// MaxWorkers is the most workers a stage may have.
const MaxWorkers = 4096

// MaxBuffer is the largest buffer of a wire: 16 Mi messages, 256 MiB of
// channel slots, made afresh at every Start. A much larger one could not be
// allocated, and Go ends the process on that, without a chance to recover.
const MaxBuffer = 1 << 24

// Wire connects from's output to to's input with a channel of the given
// buffer size, at most MaxBuffer. Unknown names fail with ErrNoNode, a
// second wire between the same two nodes with ErrExists. Wiring into a
// source or out of a sink is an error. Cycles are found by Start.
func (g *Graph) Wire(from, to string, buffer int) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running {
		return fmt.Errorf("wire %s -> %s: %w", from, to, ErrRunning)
	}
	a, b := g.byName[from], g.byName[to]
	switch {
	case a == nil:
		return fmt.Errorf("wire %s -> %s: %w: %q", from, to, ErrNoNode, from)
	case b == nil:
		return fmt.Errorf("wire %s -> %s: %w: %q", from, to, ErrNoNode, to)
	case a.kind == KindSink:
		return fmt.Errorf("wire %s -> %s: %q is a sink and has no output", from, to, from)
	case b.kind == KindSource:
		return fmt.Errorf("wire %s -> %s: %q is a source and has no input", from, to, to)
	case buffer < 0:
		return fmt.Errorf("wire %s -> %s: negative buffer %d", from, to, buffer)
	case buffer > MaxBuffer:
		return fmt.Errorf("wire %s -> %s: buffer %d is more than a wire holds (%d)",
			from, to, buffer, MaxBuffer)
	}
	for _, e := range a.outs {
		if e.to == b {
			return fmt.Errorf("wire %s -> %s: %w", from, to, ErrExists)
		}
	}
	e := &edge{from: a, to: b, buffer: buffer}
	a.outs = append(a.outs, e)
	b.ins = append(b.ins, e)
	g.edges = append(g.edges, e)
	return nil
}

// Swap replaces the Handler of stage name from its next message on; with
// newVersion the version number goes up by one, otherwise the new Handler
// keeps the current number and its count of handled messages. It works
// running or not, does not wait for the message in hand, and returns the
// version now in place. A loop stage is swapped with SwapLoop.
func (g *Graph) Swap(name string, h Handler, newVersion bool) (int, error) {
	if h == nil {
		return 0, fmt.Errorf("swap %q: nil Handler", name)
	}
	n, err := g.node(name)
	if err != nil {
		return 0, fmt.Errorf("swap %q: %w", name, err)
	}
	if n.kind != KindStage || n.handler.Load().h == nil {
		return 0, fmt.Errorf("swap %q: a %s has no Handler", name, describe(n))
	}
	n.swapMu.Lock()
	defer n.swapMu.Unlock()
	return n.commit(&version{h: h}, newVersion, 0), nil
}

// node returns the node named name, or ErrNoNode.
func (g *Graph) node(name string) (*node, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if n := g.byName[name]; n != nil {
		return n, nil
	}
	return nil, ErrNoNode
}

// Running reports whether the graph runs (a stop in progress counts as
// running).
func (g *Graph) Running() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.running
}

// Names lists the nodes in the order they were added.
func (g *Graph) Names() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	names := make([]string, len(g.nodes))
	for i, n := range g.nodes {
		names[i] = n.name
	}
	return names
}
