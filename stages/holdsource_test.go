package stages

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// HoldSource ends the running version of a source and nothing of it runs
// until SwapSource starts the next, on the same output; a stop ends a held
// source.
func TestHoldSource(t *testing.T) {
	var next atomic.Int64
	counting := func(stop <-chan struct{}, out chan<- any) error {
		for {
			select {
			case out <- next.Load() + 1:
				next.Add(1)
			case <-stop:
				return nil
			}
		}
	}
	sunk := make(chan any, 64)
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", counting), g.AddSink("sink", into(sunk)))
	}, wire{"src", "sink", 4})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	reading := make(chan struct{})
	var got []int64
	go func() {
		defer close(reading)
		for m := range sunk {
			got = append(got, m.(int64))
		}
	}()
	for next.Load() < 100 {
		time.Sleep(time.Millisecond)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := g.Hold(ctx, "src"); err != nil {
		t.Fatal(err)
	}
	held := next.Load()
	time.Sleep(20 * time.Millisecond)
	if n := next.Load(); n != held {
		t.Fatalf("the held source ran on: %d then %d", held, n)
	}
	if _, err := g.SwapSource("src", counting, true, ctx); err != nil {
		t.Fatal(err)
	}
	for next.Load() < held+100 {
		time.Sleep(time.Millisecond)
	}
	if err := g.Hold(ctx, "src"); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	close(sunk)
	<-reading
	for i, v := range got {
		if v != int64(i+1) {
			t.Fatalf("message %d is %d: lost or sent twice", i+1, v)
		}
	}
	if int64(len(got)) != next.Load() {
		t.Errorf("%d sent, %d received", next.Load(), len(got))
	}
}
