package stages

import (
	"errors"
	"testing"
)

// pausedGraph runs src (fed by the test) -> s (2 workers, pass) -> sink,
// with 3 places on src -> s, and pauses s once it is idle.
func pausedGraph(t *testing.T) (g *Graph, feed chan any, sunk chan any) {
	t.Helper()
	feed, sunk = make(chan any, 10), make(chan any, 10)
	g = build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", fed(feed)), g.AddStage("s", pass, 2),
			g.AddSink("sink", into(sunk)))
	}, wire{"src", "s", 3}, wire{"s", "sink", 0})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	if err := g.Pause("s"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "both workers to wait", func() bool { return nodeStatus(g, "s").Paused })

	// Three messages fill the wire; the paused stage takes none.
	for i := 1; i <= 3; i++ {
		feed <- i
	}
	waitFor(t, "the wire to fill", func() bool { return g.Status().Edges[0].Len == 3 })
	if in := nodeStatus(g, "s").In; in != 0 || len(sunk) != 0 {
		t.Fatalf("paused stage took %d messages, sink has %d", in, len(sunk))
	}
	return g, feed, sunk
}

func TestPause(t *testing.T) {
	t.Run("a resumed stage delivers everything that waited", func(t *testing.T) {
		g, _, sunk := pausedGraph(t)
		if err := g.Resume("s"); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			<-sunk
		}
		if ns := nodeStatus(g, "s"); ns.In != 3 || ns.Out != 3 || ns.Paused {
			t.Errorf("after resume: %+v", ns)
		}
		if _, err := g.Stop(stopCtx(t)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("a graceful Stop resumes a paused stage so that it drains", func(t *testing.T) {
		g, _, sunk := pausedGraph(t)
		rep, err := g.Stop(stopCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Graceful || rep.Drained != 3 || rep.Discarded != 0 || len(sunk) != 3 {
			t.Errorf("report %+v, sink got %d", rep, len(sunk))
		}
	})

	t.Run("a paused graph stops at once with StopNow", func(t *testing.T) {
		g, _, sunk := pausedGraph(t)
		if err := g.Pause(""); err != nil {
			t.Fatal(err)
		}
		rep, err := g.StopNow(stopCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Discarded != 3 || len(sunk) != 0 || len(rep.Alive) != 0 {
			t.Errorf("report %+v, sink got %d", rep, len(sunk))
		}
	})

	t.Run("a source cannot be paused", func(t *testing.T) {
		g, _, _ := pausedGraph(t)
		defer g.StopNow(stopCtx(t))
		if err := g.Pause("src"); err == nil {
			t.Error("no error")
		}
		if err := g.Pause("nope"); !errors.Is(err, ErrNoNode) {
			t.Errorf("unknown node: %v", err)
		}
	})

	t.Run("a graph that is not running cannot be paused", func(t *testing.T) {
		g := New(Options{})
		if err := g.AddStage("s", pass, 1); err != nil {
			t.Fatal(err)
		}
		if err := g.Pause("s"); !errors.Is(err, ErrNotRunning) {
			t.Errorf("Pause = %v, want ErrNotRunning", err)
		}
	})
}
