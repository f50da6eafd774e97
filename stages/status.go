package stages

// Status returns a snapshot of the graph: the nodes in the order they were
// added with the counters of the current or last run, and the wires with
// their buffer size and, while running, how many messages they hold. The
// counters are read one by one, so a snapshot of a running graph need not
// add up; once a stop has returned they do (see doc.go).
func (g *Graph) Status() Status {
	g.mu.Lock()
	defer g.mu.Unlock()
	st := Status{Running: g.running, Run: g.runs}
	r := g.cur
	if g.running && r != nil {
		select {
		case <-r.finished:
			st.Ended = true
		default:
		}
	}

	for i, n := range g.nodes {
		ns := NodeStatus{Name: n.name, Kind: n.kind, Version: 1, Workers: n.workers}
		if v := n.handler.Load(); v != nil {
			ns.Version = v.n
		}
		if r != nil && i < len(r.nodes) {
			r.nodes[i].count(&ns)
			ns.Paused = g.running && r.nodes[i].isPaused()
		}
		st.Nodes = append(st.Nodes, ns)
	}

	for i, e := range g.edges {
		es := EdgeStatus{From: e.from.name, To: e.to.name, Buffer: e.buffer}
		if r != nil && i < len(r.edges) {
			er := r.edges[i]
			if g.running {
				es.Len = len(er.ch)
			}
			if er.received != nil {
				es.Sent = er.received.Load()
			}
			es.Sent += uint64(es.Len) + er.drained.Load()
		}
		st.Edges = append(st.Edges, es)
	}
	return st
}

// count fills the counters of ns.
func (nr *nodeRun) count(ns *NodeStatus) {
	ns.In = nr.in.Load()
	ns.Out = nr.out.Load()
	ns.Filtered = nr.filtered.Load()
	ns.Errors = nr.errors.Load()
	ns.LastError = nr.lastError.Load()

	// A source or Handler stage with one output sends on the wire itself:
	// what it produced is what left the wire (received or drained) plus
	// what is still in it. For such a stage nr.out counts only the
	// messages it held when an immediate stop came (see emit).
	if e := nr.direct; e != nil {
		ns.Out += e.received.Load() + e.drained.Load() + uint64(len(e.ch))
	}
}

// isPaused reports whether the node is paused and every taker waits or,
// for a handler stage, has returned: one whose input closed takes nothing
// more.
func (nr *nodeRun) isPaused() bool {
	if !nr.gate.Load().paused {
		return false
	}
	if nr.node.kind == KindStage && nr.loopIn == nil {
		// A handler stage's workers that returned (their input closed)
		// take nothing more: every one still alive must be parked.
		return nr.parked.Load() == nr.senders.Load()
	}
	return nr.parked.Load() == nr.takers()
}
