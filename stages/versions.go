package stages

import (
	"fmt"
	"sync/atomic"
	"time"
)

// VersionInfo is one version of a stage or source, as Versions lists it.
type VersionInfo struct {
	N          int       // the version number, from 1
	Since      time.Time // when it was put in place
	Handled    uint64    // messages given to it, over every run (0 for a source)
	RollbackOf int       // the version it rolls back to (see Rollback), or 0
}

// version is what one node runs: exactly one of h, loop, src is set (a
// source may have setup instead of src). Swaps that keep the number share
// the record, so they keep counting into it.
type version struct {
	h     Handler
	loop  LoopFunc
	src   SourceFunc
	setup func() (SourceFunc, error)
	n     int
	rec   *versionRecord
}

// versionRecord is one entry of a node's history. handled is the only
// field written after it is made; the worker adds to it once per message.
type versionRecord struct {
	n          int
	since      time.Time
	rollbackOf int
	handled    atomic.Uint64
}

// newNode makes a node whose version 1 is v.
func newNode(name string, kind Kind, workers int, v *version) *node {
	n := &node{name: name, kind: kind, workers: workers}
	n.commit(v, true, 0)
	return n
}

// commit puts v in place with the next number (newVersion) or the current
// one, and records it. The caller holds swapMu, or owns n alone.
func (n *node) commit(v *version, newVersion bool, rollbackOf int) int {
	old := n.handler.Load()
	switch {
	case old == nil || newVersion:
		v.n = 1
		if old != nil {
			v.n = old.n + 1
		}
		v.rec = &versionRecord{n: v.n, since: time.Now(), rollbackOf: rollbackOf}
		n.history = append(n.history, v.rec)
	default:
		v.n, v.rec = old.n, old.rec
	}
	n.handler.Store(v)
	return v.n
}

// describe names the kind of n for an error: "sink", "source", "stage" or
// "loop stage".
func describe(n *node) string {
	if v := n.handler.Load(); v != nil && v.loop != nil {
		return "loop stage"
	}
	return n.kind.String()
}

// Versions lists the versions of the stage or source name, oldest first.
// A sink has no versions and is an error. Handled is read while messages
// flow, so it may lag the stage's In by the messages in hand.
func (g *Graph) Versions(name string) ([]VersionInfo, error) {
	n, err := g.node(name)
	if err != nil {
		return nil, fmt.Errorf("versions %q: %w", name, err)
	}
	if n.kind == KindSink {
		return nil, fmt.Errorf("versions %q: a sink has no versions", name)
	}
	n.swapMu.Lock()
	defer n.swapMu.Unlock()
	infos := make([]VersionInfo, len(n.history))
	for i, rec := range n.history {
		infos[i] = VersionInfo{
			N:          rec.n,
			Since:      rec.since,
			Handled:    rec.handled.Load(),
			RollbackOf: rec.rollbackOf,
		}
	}
	return infos, nil
}

// Rollback puts h in place of the Handler of stage name as a new version,
// recorded as a rollback to version to, and returns its number. The
// runtime keeps no old Handler: the caller passes the code of version to
// again (the console keeps its source). The history keeps growing; a
// rollback never reuses an old number or its count. to must be an earlier
// version of the stage. It behaves as Swap with newVersion otherwise.
func (g *Graph) Rollback(name string, to int, h Handler) (int, error) {
	if h == nil {
		return 0, fmt.Errorf("rollback %q: nil Handler", name)
	}
	n, err := g.node(name)
	if err != nil {
		return 0, fmt.Errorf("rollback %q: %w", name, err)
	}
	if n.kind != KindStage || n.handler.Load().h == nil {
		return 0, fmt.Errorf("rollback %q: a %s has no Handler", name, describe(n))
	}
	n.swapMu.Lock()
	defer n.swapMu.Unlock()
	if cur := n.handler.Load().n; to < 1 || to >= cur {
		return 0, fmt.Errorf("rollback %q: no version %d before version %d", name, to, cur)
	}
	return n.commit(&version{h: h}, true, to), nil
}
