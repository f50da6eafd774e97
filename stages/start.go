package stages

import (
	"errors"
	"fmt"
)

// Start validates the graph, makes fresh channels and starts every
// goroutine, then returns without waiting for any message. It fails with
// ErrRunning if the graph runs (or a stop is in progress), and names the
// node when a source or stage has no output, a stage or sink has no input,
// or the wires make a cycle. Counters start again from zero.
func (g *Graph) Start() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running {
		return fmt.Errorf("start: %w", ErrRunning)
	}
	if err := g.validate(); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	firsts, err := g.setup()
	if err != nil {
		return fmt.Errorf("start: %w", err)
	}

	g.runs++
	r := g.newRun(g.runs)
	for i, v := range firsts {
		if v != nil {
			r.nodes[i].first = v
		}
	}
	g.cur, g.running = r, true
	r.launch()
	return nil
}

// validate checks the wiring of every node, in the order they were added.
func (g *Graph) validate() error {
	if len(g.nodes) == 0 {
		return errors.New("graph has no nodes")
	}
	for _, n := range g.nodes {
		if n.kind != KindSink && len(n.outs) == 0 {
			return fmt.Errorf("%s %q has no output", n.kind, n.name)
		}
		if n.kind != KindSource && len(n.ins) == 0 {
			return fmt.Errorf("%s %q has no input", n.kind, n.name)
		}
	}
	if n := g.cycle(); n != nil {
		return fmt.Errorf("cycle through %s %q", n.kind, n.name)
	}
	return nil
}

// cycle returns a node on a cycle of wires, or nil if there is none.
func (g *Graph) cycle() *node {
	const (
		unseen = iota
		open   // on the current path
		closed // every path from it explored
	)
	state := make(map[*node]int, len(g.nodes))
	var visit func(n *node) *node
	visit = func(n *node) *node {
		state[n] = open
		for _, e := range n.outs {
			switch state[e.to] {
			case open:
				return e.to
			case unseen:
				if c := visit(e.to); c != nil {
					return c
				}
			}
		}
		state[n] = closed
		return nil
	}
	for _, n := range g.nodes {
		if state[n] == unseen {
			if c := visit(n); c != nil {
				return c
			}
		}
	}
	return nil
}

// setup calls the setup of every source that has one, in the order the
// nodes were added, before any goroutine starts, and returns the versions
// they made (nil for the other nodes). It stops at the first failure.
func (g *Graph) setup() ([]*version, error) {
	firsts := make([]*version, len(g.nodes))
	for i, n := range g.nodes {
		v := n.handler.Load()
		if n.kind != KindSource || v.setup == nil {
			continue
		}
		src, err := callSetup(v.setup)
		if err == nil && src == nil {
			err = errors.New("setup returned a nil SourceFunc")
		}
		if err != nil {
			return nil, fmt.Errorf("source %q: %w", n.name, err)
		}
		firsts[i] = &version{src: src, n: v.n, rec: v.rec}
	}
	return firsts, nil
}

// callSetup calls setup, turning a panic into an error.
func callSetup(setup func() (SourceFunc, error)) (src SourceFunc, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("setup panicked: %v", p)
		}
	}()
	return setup()
}
