package stages

import (
	"errors"
	"testing"
	"time"
)

func TestRemoveAndUnwire(t *testing.T) {
	newGraph := func(t *testing.T) (*Graph, chan any) {
		sunk := make(chan any, 100)
		g := build(t, Options{}, func(g *Graph) error {
			return errorsJoin(g.AddSource("src", Ticker(time.Microsecond, 3)),
				g.AddStage("a", pass, 1), g.AddStage("b", pass, 1), g.AddSink("sink", into(sunk)))
		}, wire{"src", "a", 0}, wire{"a", "sink", 0}, wire{"src", "b", 0}, wire{"b", "sink", 0})
		return g, sunk
	}
	t.Run("a removed node takes its wires with it and the rest runs", func(t *testing.T) {
		g, sunk := newGraph(t)
		if err := g.Remove("b"); err != nil {
			t.Fatal(err)
		}
		st := g.Status()
		if len(st.Nodes) != 3 || len(st.Edges) != 2 {
			t.Fatalf("after Remove: %d nodes, %d edges, want 3 and 2", len(st.Nodes), len(st.Edges))
		}
		if err := g.Start(); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			<-sunk
		}
		if _, err := g.Stop(t.Context()); err != nil {
			t.Fatal(err)
		}
		if n := len(sunk); n != 0 {
			t.Errorf("%d more messages than the one remaining path sends", n)
		}
	})
	t.Run("an unwired node without input is refused at start", func(t *testing.T) {
		g, _ := newGraph(t)
		if err := g.Unwire("src", "b"); err != nil {
			t.Fatal(err)
		}
		if len(g.Status().Edges) != 3 {
			t.Fatalf("edges: %+v", g.Status().Edges)
		}
		if err := g.Start(); err == nil {
			g.StopNow(t.Context())
			t.Fatal("a stage with no input started")
		}
	})
	t.Run("unknown names and a running graph are refused", func(t *testing.T) {
		g, _ := newGraph(t)
		if err := g.Remove("nope"); !errors.Is(err, ErrNoNode) {
			t.Errorf("Remove(nope) = %v", err)
		}
		if err := g.Unwire("a", "b"); !errors.Is(err, ErrNoNode) {
			t.Errorf("Unwire(a, b) = %v", err)
		}
		if err := g.Start(); err != nil {
			t.Fatal(err)
		}
		defer g.StopNow(t.Context())
		if err := g.Remove("a"); !errors.Is(err, ErrRunning) {
			t.Errorf("Remove while running = %v", err)
		}
		if err := g.Unwire("src", "a"); !errors.Is(err, ErrRunning) {
			t.Errorf("Unwire while running = %v", err)
		}
	})
}
