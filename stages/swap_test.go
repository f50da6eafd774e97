package stages

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// marked is a message with the Handler version that handled it.
type marked struct{ n, version int }

func TestSwapWhileMessagesFlow(t *testing.T) {
	const n = 20000
	var calls atomic.Int64
	handler := func(v int) Handler {
		return func(msg any) (any, bool, error) {
			calls.Add(1)
			return marked{msg.(int), v}, true, nil
		}
	}
	var got []marked
	all := make(chan struct{})
	sink := func(msg any) error {
		if got = append(got, msg.(marked)); len(got) == n {
			close(all)
		}
		return nil
	}
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", count(n)), g.AddStage("mark", handler(1), 1),
			g.AddSink("sink", sink))
	}, wire{"src", "mark", 16}, wire{"mark", "sink", 16})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}

	// Swap from another goroutine until the sink has everything; every
	// other swap keeps the version number.
	var swapper sync.WaitGroup
	last := 1
	swapper.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-all:
				return
			default:
			}
			// Tagged with the version it will have: a swap that keeps
			// the number keeps last.
			v, err := g.Swap("mark", handler(last+1-i%2), i%2 == 0)
			if err != nil {
				t.Error(err)
				return
			}
			if want := last + 1 - i%2; v != want {
				t.Errorf("swap %d: version %d, want %d", i, v, want)
			}
			last = v
		}
	})
	<-all
	swapper.Wait()
	if _, err := g.Stop(stopCtx(t)); err != nil {
		t.Fatal(err)
	}

	if calls.Load() != n {
		t.Errorf("handlers called %d times for %d messages", calls.Load(), n)
	}
	prev := 0
	for i, m := range got {
		if m.n != i+1 {
			t.Fatalf("message %d is %d: lost, duplicated or reordered", i+1, m.n)
		}
		if m.version < prev || m.version > last {
			t.Fatalf("message %d handled by version %d after %d (last %d)", m.n, m.version, prev, last)
		}
		prev = m.version
	}
	if last < 3 || prev < 2 {
		t.Errorf("only %d versions, the last message by %d: the swaps did not overlap the flow", last, prev)
	}
	if v := nodeStatus(g, "mark").Version; v != last {
		t.Errorf("status version %d, want %d", v, last)
	}
}

func TestSwap(t *testing.T) {
	g := New(Options{})
	if err := errorsJoin(g.AddStage("a", pass, 1), g.AddSink("sink", into(nil))); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		node       string
		newVersion bool
		want       int
		wantErr    error
	}{
		{"a new version increments the number", "a", true, 2, nil},
		{"a fix keeps the number", "a", false, 2, nil},
		{"another new version increments again", "a", true, 3, nil},
		{"an unknown stage is ErrNoNode", "b", true, 0, ErrNoNode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := g.Swap(tt.node, pass, tt.newVersion)
			if v != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("Swap = %d, %v; want %d, %v", v, err, tt.want, tt.wantErr)
			}
		})
	}
	t.Run("a sink cannot be swapped", func(t *testing.T) {
		if _, err := g.Swap("sink", pass, true); err == nil {
			t.Error("no error")
		}
	})
}
