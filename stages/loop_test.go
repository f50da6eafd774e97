package stages

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// tagger is a loop that marks each message with version v.
func tagger(v int) LoopFunc {
	return func(stop <-chan struct{}, in <-chan any, out chan<- any) {
		for {
			select {
			case <-stop:
				return
			case msg, ok := <-in:
				if !ok {
					return
				}
				out <- marked{msg.(int), v}
			}
		}
	}
}

// fed is a source that sends what the test puts on feed.
func fed(feed <-chan any) SourceFunc {
	return func(stop <-chan struct{}, out chan<- any) error {
		for {
			select {
			case msg := <-feed:
				select {
				case out <- msg:
				case <-stop:
					return nil
				}
			case <-stop:
				return nil
			}
		}
	}
}

// checkMarked fails unless got is 1..len(got) in order, each once, with
// versions that never go down; it returns the versions seen.
func checkMarked(t *testing.T, got []marked) map[int]bool {
	t.Helper()
	seen, prev := map[int]bool{}, 0
	for i, m := range got {
		if m.n != i+1 {
			t.Fatalf("message %d is %d: lost, duplicated or reordered", i+1, m.n)
		}
		if m.version < prev {
			t.Fatalf("message %d by version %d after version %d", m.n, m.version, prev)
		}
		prev = m.version
		seen[m.version] = true
	}
	return seen
}

func TestSwapLoop(t *testing.T) {
	t.Run("every message reaches the sink once across several swaps", func(t *testing.T) {
		const n, swaps = 5000, 5
		sunk := make(chan any, n)
		// The source pauses every 100 messages, so that the flow keeps
		// pace with the reads below and every swap meets messages still to
		// come (unpaced, all n could pass before the second swap).
		paced := func(stop <-chan struct{}, out chan<- any) error {
			for i := 1; i <= n; i++ {
				if i%100 == 0 {
					time.Sleep(time.Millisecond)
				}
				select {
				case out <- i:
				case <-stop:
					return nil
				}
			}
			return nil
		}
		g := build(t, Options{}, func(g *Graph) error {
			return errorsJoin(g.AddSource("src", paced), g.AddLoop("tag", tagger(1)),
				g.AddSink("sink", into(sunk)))
		}, wire{"src", "tag", 16}, wire{"tag", "sink", 16})
		if err := g.Start(); err != nil {
			t.Fatal(err)
		}

		// Swap each time the sink has another n/(swaps+1) messages, so
		// that every swap happens while messages flow.
		var got []marked
		for v := 2; v <= swaps+1; v++ {
			for len(got) < (v-1)*n/(swaps+1) {
				got = append(got, (<-sunk).(marked))
			}
			if nv, err := g.SwapLoop("tag", tagger(v), true, stopCtx(t)); nv != v || err != nil {
				t.Fatalf("SwapLoop = %d, %v; want %d", nv, err, v)
			}
		}
		for len(got) < n {
			got = append(got, (<-sunk).(marked))
		}
		if _, err := g.Stop(stopCtx(t)); err != nil {
			t.Fatal(err)
		}
		if seen := checkMarked(t, got); len(seen) < 3 {
			t.Errorf("only versions %v handled messages", seen)
		}
		ns := nodeStatus(g, "tag")
		if ns.In != n || ns.Out != n || ns.Version != swaps+1 {
			t.Errorf("status In %d Out %d version %d; want %d, %d, %d",
				ns.In, ns.Out, ns.Version, n, n, swaps+1)
		}
		vs, err := g.Versions("tag")
		if err != nil || len(vs) != swaps+1 {
			t.Fatalf("Versions = %v, %v", vs, err)
		}
		var handled uint64
		for _, v := range vs {
			handled += v.Handled
		}
		if handled != n {
			t.Errorf("versions handled %d messages in all, want %d", handled, n)
		}
	})

	t.Run("a loop that ignores its stop fails the swap with ErrStuck and stays", func(t *testing.T) {
		feed, sunk := make(chan any), make(chan any, 10)
		holding, release := make(chan struct{}), make(chan struct{})
		var once sync.Once
		stuck := func(stop <-chan struct{}, in <-chan any, out chan<- any) {
			for {
				select {
				case <-stop:
					return
				case msg, ok := <-in:
					if !ok {
						return
					}
					once.Do(func() { close(holding); <-release })
					out <- marked{msg.(int), 1}
				}
			}
		}
		g := build(t, Options{}, func(g *Graph) error {
			return errorsJoin(g.AddSource("src", fed(feed)), g.AddLoop("tag", stuck),
				g.AddSink("sink", into(sunk)))
		}, wire{"src", "tag", 4}, wire{"tag", "sink", 4})
		if err := g.Start(); err != nil {
			t.Fatal(err)
		}
		feed <- 1
		<-holding

		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		defer cancel()
		v, err := g.SwapLoop("tag", tagger(2), true, ctx)
		if !errors.Is(err, ErrStuck) || v != 1 {
			t.Fatalf("SwapLoop = %d, %v; want 1, ErrStuck", v, err)
		}
		for _, want := range []string{`"tag"`, "TestSwapLoop", "loop_test.go:"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error does not say %s:\n%v", want, err)
			}
		}
		if v := nodeStatus(g, "tag").Version; v != 1 {
			t.Errorf("version %d after the failed swap, want 1", v)
		}

		// Released, the old version finishes its message, returns on its
		// closed stop and is started again: it still handles the next.
		close(release)
		feed <- 2
		for i, want := range []marked{{1, 1}, {2, 1}} {
			if got := <-sunk; got != want {
				t.Errorf("message %d is %v, want %v", i+1, got, want)
			}
		}
		if v, err := g.SwapLoop("tag", tagger(2), true, stopCtx(t)); v != 2 || err != nil {
			t.Fatalf("second SwapLoop = %d, %v; want 2", v, err)
		}
		feed <- 3
		if got, want := <-sunk, (marked{3, 2}); got != want {
			t.Errorf("after the swap: %v, want %v", got, want)
		}
		if _, err := g.Stop(stopCtx(t)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("a loop that closes its output is reported", func(t *testing.T) {
		errs := make(chan StageError, 10)
		closer := func(stop <-chan struct{}, in <-chan any, out chan<- any) {
			close(out)
			<-stop
		}
		g := build(t, Options{OnError: func(se StageError) { errs <- se }}, func(g *Graph) error {
			return errorsJoin(g.AddSource("src", count(0)), g.AddLoop("c", closer),
				g.AddSink("sink", into(nil)))
		}, wire{"src", "c", 0}, wire{"c", "sink", 0})
		if err := g.Start(); err != nil {
			t.Fatal(err)
		}
		if se := <-errs; se.Node != "c" || !strings.Contains(se.Err.Error(), "closed its output") {
			t.Errorf("error %+v", se)
		}
		if _, err := g.StopNow(stopCtx(t)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("a Handler stage cannot take a LoopFunc", func(t *testing.T) {
		g := New(Options{})
		if err := g.AddStage("h", pass, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := g.SwapLoop("h", tagger(2), true, t.Context()); err == nil {
			t.Error("no error")
		}
		if _, err := g.SwapLoop("x", tagger(2), true, t.Context()); !errors.Is(err, ErrNoNode) {
			t.Errorf("unknown stage: %v", err)
		}
	})
}

func TestSwapSource(t *testing.T) {
	t.Run("the new version writes into the same output and nothing is lost", func(t *testing.T) {
		const n, swaps = 3000, 4
		next := 1 // only one version runs at a time
		version := func(v int) SourceFunc {
			return func(stop <-chan struct{}, out chan<- any) error {
				for {
					select {
					case out <- marked{next, v}:
						next++
					case <-stop:
						return nil
					}
				}
			}
		}
		sunk := make(chan any, 64)
		g := build(t, Options{}, func(g *Graph) error {
			return errorsJoin(g.AddSource("src", version(1)), g.AddStage("a", pass, 1),
				g.AddSink("sink", into(sunk)))
		}, wire{"src", "a", 8}, wire{"a", "sink", 8})
		if err := g.Start(); err != nil {
			t.Fatal(err)
		}

		// The swap runs beside the reader: the old version may be blocked
		// sending until the sink is read. Each step then reads until the
		// new version's first message.
		got := []marked{(<-sunk).(marked)}
		for v := 2; v <= swaps+1; v++ {
			swapped := make(chan error, 1)
			go func() {
				_, err := g.SwapSource("src", version(v), true, stopCtx(t))
				swapped <- err
			}()
			for waiting := true; waiting; {
				select {
				case err := <-swapped:
					if err != nil {
						t.Fatal(err)
					}
					waiting = false
				case msg := <-sunk:
					got = append(got, msg.(marked))
				}
			}
			for len(got) == 0 || got[len(got)-1].version != v {
				got = append(got, (<-sunk).(marked))
			}
		}
		for len(got) < n {
			got = append(got, (<-sunk).(marked))
		}
		go func() {
			for range sunk {
			}
		}()
		if _, err := g.StopNow(stopCtx(t)); err != nil {
			t.Fatal(err)
		}
		close(sunk)
		if seen := checkMarked(t, got); len(seen) != swaps+1 {
			t.Errorf("versions seen %v, want %d of them", seen, swaps+1)
		}
		if v := nodeStatus(g, "src").Version; v != swaps+1 {
			t.Errorf("source version %d, want %d", v, swaps+1)
		}
	})
}
