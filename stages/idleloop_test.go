package stages

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A graceful stop does not wait for a loop stage that returned early and
// waits for a swap: what reaches it is counted as discarded, it ends when
// its input closes, and the rest of the graph drains.
func TestGracefulStopPassesALoopStageWaitingForASwap(t *testing.T) {
	waiting := make(chan struct{}, 1)
	g := New(Options{OnError: func(e StageError) {
		if e.Err != nil && strings.Contains(e.Err.Error(), "waits for a swap") {
			waiting <- struct{}{}
		}
	}})
	feed, got := make(chan any), make(chan any, 8)
	quits := func(stop <-chan struct{}, in <-chan any, out chan<- any) {}
	if err := errorsJoin(g.AddSource("src", fed(feed)), g.AddLoop("lp", quits),
		g.AddSink("out", into(got)), g.Wire("src", "lp", 4), g.Wire("lp", "out", 0)); err != nil {
		t.Fatal(err)
	}
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	<-waiting
	for i := range 3 {
		feed <- i // into lp's input, which nothing takes now
	}
	// Until the source has sent all three (it drops one in hand at stop).
	for deadline := time.Now().Add(10 * time.Second); nodeStatus(g, "src").Out < 3; {
		if time.Now().After(deadline) {
			t.Fatalf("the source sent %d of 3", nodeStatus(g, "src").Out)
		}
		time.Sleep(time.Millisecond)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rep, err := g.Stop(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Graceful || rep.Escalated {
		t.Fatalf("the stop was not graceful: %+v", rep)
	}
	if rep.Discarded != 3 {
		t.Errorf("discarded %d, want the 3 messages lp never took", rep.Discarded)
	}
}

// PauseWait returns at once for a loop stage waiting for a swap: no code
// of it runs, though its forwarder never parks.
func TestPauseWaitPassesALoopStageWaitingForASwap(t *testing.T) {
	waiting := make(chan struct{}, 1)
	g := New(Options{OnError: func(e StageError) {
		if e.Err != nil && strings.Contains(e.Err.Error(), "waits for a swap") {
			waiting <- struct{}{}
		}
	}})
	feed := make(chan any)
	quits := func(stop <-chan struct{}, in <-chan any, out chan<- any) {}
	if err := errorsJoin(g.AddSource("src", fed(feed)), g.AddLoop("lp", quits),
		g.AddSink("out", into(nil)), g.Wire("src", "lp", 0), g.Wire("lp", "out", 0)); err != nil {
		t.Fatal(err)
	}
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	defer g.StopNow(context.Background())
	<-waiting
	feed <- 1 // soon held by lp's forwarder, for a version that never comes
	for deadline := time.Now().Add(10 * time.Second); nodeStatus(g, "lp").In < 1; {
		if time.Now().After(deadline) {
			t.Fatal("lp's forwarder never took the message")
		}
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := g.PauseWait(ctx, "lp"); err != nil {
		t.Fatal(err)
	}
}
