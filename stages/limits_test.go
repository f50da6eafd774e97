package stages

import (
	"testing"
	"time"
)

// Sizes that a run could not allocate are refused when the graph is built.
func TestWireAndStageLimits(t *testing.T) {
	g := New(Options{})
	if err := errorsJoin(g.AddSource("src", idle), g.AddSink("out", into(nil))); err != nil {
		t.Fatal(err)
	}
	if err := g.Wire("src", "out", MaxBuffer+1); err == nil {
		t.Error("a buffer over MaxBuffer was accepted")
	}
	if err := g.Wire("src", "out", -1); err == nil {
		t.Error("a negative buffer was accepted")
	}
	if err := g.Wire("src", "out", MaxBuffer); err != nil {
		t.Errorf("MaxBuffer refused: %v", err)
	}
	if err := g.AddStage("many", pass, MaxWorkers+1); err == nil {
		t.Error("more than MaxWorkers workers were accepted")
	}
	if err := g.AddStage("most", pass, MaxWorkers); err != nil {
		t.Errorf("MaxWorkers refused: %v", err)
	}
}

// Status.Ended is set once every goroutine of a running run has returned,
// and not before.
func TestStatusEnded(t *testing.T) {
	feed := make(chan any)
	g := New(Options{})
	sunk := make(chan any, 8)
	if err := errorsJoin(g.AddSource("src", fed(feed)), g.AddSink("out", into(sunk)),
		g.Wire("src", "out", 0)); err != nil {
		t.Fatal(err)
	}
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	if st := g.Status(); !st.Running || st.Ended {
		t.Errorf("just started: %+v", st)
	}
	feed <- 1
	<-sunk
	if st := g.Status(); st.Ended {
		t.Errorf("the source lives on, yet Ended: %+v", st)
	}
	if _, err := g.Stop(stopCtx(t)); err != nil {
		t.Fatal(err)
	}
	if st := g.Status(); st.Running || st.Ended {
		t.Errorf("stopped: %+v", st)
	}

	// A source that returns ends the run's goroutines one by one.
	once := func(stop <-chan struct{}, out chan<- any) error { out <- 1; return nil }
	g2 := New(Options{})
	if err := errorsJoin(g2.AddSource("src", once), g2.AddSink("out", into(sunk)),
		g2.Wire("src", "out", 0)); err != nil {
		t.Fatal(err)
	}
	if err := g2.Start(); err != nil {
		t.Fatal(err)
	}
	<-sunk
	for deadline := time.Now().Add(10 * time.Second); !g2.Status().Ended; {
		if time.Now().After(deadline) {
			t.Fatalf("never Ended: %+v", g2.Status())
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := g2.Stop(stopCtx(t)); err != nil {
		t.Fatal(err)
	}
}
