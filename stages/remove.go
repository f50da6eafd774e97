package stages

import (
	"fmt"
	"slices"
)

// Remove takes the node name out of the graph, with every wire to or from
// it. The graph must be stopped (ErrRunning). The counters of the last run
// go with it: Status shows zeros until the next Start, as they would no
// longer line up with the nodes.
func (g *Graph) Remove(name string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running {
		return fmt.Errorf("remove %q: %w", name, ErrRunning)
	}
	n := g.byName[name]
	if n == nil {
		return fmt.Errorf("remove %q: %w", name, ErrNoNode)
	}
	for _, e := range slices.Concat(n.ins, n.outs) {
		g.dropEdge(e)
	}
	delete(g.byName, name)
	g.nodes = slices.DeleteFunc(g.nodes, func(m *node) bool { return m == n })
	g.cur = nil
	return nil
}

// Unwire removes the wire from -> to. The graph must be stopped
// (ErrRunning); the counters of the last run go, as with Remove.
func (g *Graph) Unwire(from, to string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running {
		return fmt.Errorf("unwire %s -> %s: %w", from, to, ErrRunning)
	}
	for _, e := range g.edges {
		if e.from.name == from && e.to.name == to {
			g.dropEdge(e)
			g.cur = nil
			return nil
		}
	}
	return fmt.Errorf("unwire %s -> %s: %w", from, to, ErrNoNode)
}

// dropEdge takes e out of the graph and out of both its nodes.
func (g *Graph) dropEdge(e *edge) {
	is := func(x *edge) bool { return x == e }
	g.edges = slices.DeleteFunc(g.edges, is)
	e.from.outs = slices.DeleteFunc(e.from.outs, is)
	e.to.ins = slices.DeleteFunc(e.to.ins, is)
}
