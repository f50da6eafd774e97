package stages

import (
	"context"
	"runtime"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// count returns a source that sends the ints 1..n, then returns.
func count(n int) SourceFunc {
	return func(stop <-chan struct{}, out chan<- any) error {
		for i := 1; i <= n; i++ {
			select {
			case out <- i:
			case <-stop:
				return nil
			}
		}
		return nil
	}
}

// into returns a sink that sends every message on ch.
func into(ch chan<- any) SinkFunc {
	return func(msg any) error {
		ch <- msg
		return nil
	}
}

// pass is a Handler that passes every message on.
func pass(msg any) (any, bool, error) { return msg, true, nil }

// build makes a graph from nodes and wires, failing the test on error.
func build(t *testing.T, opts Options, add func(g *Graph) error, wires ...wire) *Graph {
	t.Helper()
	g := New(opts)
	if err := add(g); err != nil {
		t.Fatal(err)
	}
	for _, w := range wires {
		if err := g.Wire(w.from, w.to, w.buffer); err != nil {
			t.Fatal(err)
		}
	}
	return g
}

type wire struct {
	from, to string
	buffer   int
}

// stopCtx bounds a stop that is expected to finish.
func stopCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// waitFor polls cond until it holds. It waits on a state, never on a
// duration: the test's own timeout bounds it.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		if t.Context().Err() != nil {
			t.Fatalf("gave up waiting for %s", what)
		}
		runtime.Gosched()
		time.Sleep(100 * time.Microsecond)
	}
}

// stageGroups returns g's stage groups in a fresh census.
func stageGroups(t *testing.T, g *Graph) []Group {
	t.Helper()
	c, err := g.Census()
	if err != nil {
		t.Fatal(err)
	}
	var groups []Group
	for _, grp := range c.Groups {
		if grp.Owner == OwnerStage {
			groups = append(groups, grp)
		}
	}
	return groups
}

func nodeStatus(g *Graph, name string) NodeStatus {
	for _, ns := range g.Status().Nodes {
		if ns.Name == name {
			return ns
		}
	}
	return NodeStatus{}
}

func errorsJoin(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
