package stages

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestPauseWait(t *testing.T) {
	t.Run("returns once every worker waits, with the message in hand sent on", func(t *testing.T) {
		feed, sunk := make(chan any, 10), make(chan any, 10)
		entered, release := make(chan struct{}, 10), make(chan struct{})
		slow := func(msg any) (any, bool, error) {
			entered <- struct{}{}
			<-release
			return msg, true, nil
		}
		g := build(t, Options{}, func(g *Graph) error {
			return errorsJoin(g.AddSource("src", fed(feed)), g.AddStage("s", slow, 2),
				g.AddSink("sink", into(sunk)))
		}, wire{"src", "s", 3}, wire{"s", "sink", 3})
		if err := g.Start(); err != nil {
			t.Fatal(err)
		}
		defer g.StopNow(context.Background())
		feed <- 1
		<-entered // one worker holds message 1; the other waits for a message

		// While a worker is in its function, PauseWait cannot return.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		err := g.PauseWait(ctx, "s")
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("PauseWait with a worker busy = %v, want DeadlineExceeded", err)
		}
		if nodeStatus(g, "s").Paused {
			t.Fatal("Paused while a worker is in its function")
		}

		done := make(chan error, 1)
		go func() { done <- g.PauseWait(context.Background(), "s") }()
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		// No polling: the status says paused the moment PauseWait returns,
		// and the message that was in hand has gone on to the sink.
		if ns := nodeStatus(g, "s"); !ns.Paused || ns.In != 1 {
			t.Errorf("after PauseWait: %+v", ns)
		}
		if got := <-sunk; got != 1 {
			t.Errorf("sink got %v", got)
		}
	})

	t.Run("bad names and a stopped graph are errors", func(t *testing.T) {
		feed := make(chan any)
		g := build(t, Options{}, func(g *Graph) error {
			return errorsJoin(g.AddSource("src", fed(feed)), g.AddStage("s", pass, 1),
				g.AddSink("sink", into(make(chan any, 1))))
		}, wire{"src", "s", 0}, wire{"s", "sink", 0})
		ctx := context.Background()
		if err := g.PauseWait(ctx, "s"); !errors.Is(err, ErrNotRunning) {
			t.Errorf("not running: %v", err)
		}
		if err := g.Start(); err != nil {
			t.Fatal(err)
		}
		defer g.StopNow(ctx)
		if err := g.PauseWait(ctx, "nope"); !errors.Is(err, ErrNoNode) {
			t.Errorf("unknown node: %v", err)
		}
		if err := g.PauseWait(ctx, "src"); err == nil {
			t.Error("pausing a source: no error")
		}
		if err := g.PauseWait(ctx, ""); err == nil {
			t.Error("empty name: no error")
		}
	})
}
