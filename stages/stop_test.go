package stages

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestStopGracefulDrainsEverything(t *testing.T) {
	const n = 20
	sentAll, stopSeen, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
	src := func(stop <-chan struct{}, out chan<- any) error {
		for i := 1; i <= n; i++ {
			out <- i // the buffers hold all n
		}
		close(sentAll)
		<-stop
		close(stopSeen)
		return nil
	}
	var got []int
	first := make(chan struct{})
	sink := func(msg any) error {
		got = append(got, msg.(int))
		if len(got) == 1 {
			close(first)
			<-release
		}
		return nil
	}
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", src), g.AddStage("a", pass, 1),
			g.AddStage("b", pass, 1), g.AddSink("sink", sink))
	}, wire{"src", "a", 10}, wire{"a", "b", 10}, wire{"b", "sink", 10})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	<-first
	<-sentAll

	// The sink holds message 1; the other 19 are in buffers and hands
	// when Stop begins, and the sink is released only once it has.
	reports := make(chan StopReport)
	go func() {
		rep, err := g.Stop(stopCtx(t))
		if err != nil {
			t.Error(err)
		}
		reports <- rep
	}()
	<-stopSeen
	close(release)
	rep := <-reports

	if !rep.Graceful || rep.Escalated || rep.Discarded != 0 || rep.Drained != n-1 {
		t.Errorf("report = %+v, want graceful, drained %d, nothing discarded", rep, n-1)
	}
	if want := seq(1, n); !slices.Equal(got, want) {
		t.Errorf("sink got %v, want %v", got, want)
	}
	if len(rep.Alive) != 0 || len(stageGroups(t, g)) != 0 {
		t.Errorf("goroutines left: %+v", rep.Alive)
	}
}

func TestStopNowAccountsForEveryMessage(t *testing.T) {
	stopSeen, release, first := make(chan struct{}), make(chan struct{}), make(chan struct{})
	src := func(stop <-chan struct{}, out chan<- any) error {
		defer close(stopSeen)
		for i := 1; ; i++ {
			select {
			case out <- i:
			case <-stop:
				return nil
			}
		}
	}
	// a filters multiples of 3, fails on multiples of 5, panics on 7s.
	a := func(msg any) (any, bool, error) {
		switch i := msg.(int); {
		case i%7 == 0:
			panic("seven")
		case i%5 == 0:
			return nil, false, errors.New("five")
		case i%3 == 0:
			return nil, false, nil
		}
		return msg, true, nil
	}
	sinkIn := 0
	sink := func(msg any) error {
		if sinkIn++; sinkIn == 1 {
			close(first)
			<-release
		}
		return nil
	}
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", src), g.AddStage("a", a, 1),
			g.AddStage("b", pass, 1), g.AddSink("sink", sink))
	}, wire{"src", "a", 4}, wire{"a", "b", 4}, wire{"b", "sink", 4})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}

	// Jam the chain: the sink holds one message, every buffer is full,
	// a and b each hold one message they cannot send.
	<-first
	waitFor(t, "full buffers", func() bool {
		for _, e := range g.Status().Edges {
			if e.Len < e.Buffer {
				return false
			}
		}
		// Full buffers alone do not say that a and b each hold a message
		// they cannot send: wait for that too (a message in hand is
		// received and not yet sent, filtered or failed).
		held := func(n NodeStatus) bool { return n.In == n.Out+n.Filtered+n.Errors+1 }
		return held(nodeStatus(g, "a")) && held(nodeStatus(g, "b"))
	})

	// StopNow closes done before stop: once the source has seen stop,
	// the sink, released, returns at its next receive.
	reports := make(chan StopReport)
	go func() {
		rep, err := g.StopNow(stopCtx(t))
		if err != nil {
			t.Error(err)
		}
		reports <- rep
	}()
	<-stopSeen
	close(release)
	rep := <-reports

	if rep.Graceful || rep.Escalated {
		t.Errorf("report = %+v, want neither graceful nor escalated", rep)
	}
	if want := uint64(3*4 + 2); rep.Discarded != want {
		t.Errorf("discarded %d, want %d (three full buffers, two hands)", rep.Discarded, want)
	}
	src1, a1, b1, sink1 := nodeStatus(g, "src"), nodeStatus(g, "a"), nodeStatus(g, "b"), nodeStatus(g, "sink")
	lost := a1.Filtered + a1.Errors + b1.Filtered + b1.Errors
	if src1.Out != sink1.In+lost+rep.Discarded {
		t.Errorf("src.Out %d != sink.In %d + filtered and errors %d + discarded %d",
			src1.Out, sink1.In, lost, rep.Discarded)
	}
	if len(rep.Alive) != 0 || len(stageGroups(t, g)) != 0 {
		t.Errorf("goroutines left: %+v", rep.Alive)
	}
}

func TestStartMakesFreshChannels(t *testing.T) {
	sent, stopSeen, release, first := make(chan struct{}), make(chan struct{}), make(chan struct{}), make(chan struct{})
	runs := 0
	src := func(stop <-chan struct{}, out chan<- any) error {
		runs++
		if runs > 1 {
			out <- "second run"
			<-stop
			return nil
		}
		out <- "first"
		out <- "marker" // stays in the buffer: the sink is busy
		close(sent)
		<-stop
		close(stopSeen)
		return nil
	}
	got := make(chan any, 4)
	sink := func(msg any) error {
		got <- msg
		if msg == "first" {
			close(first)
			<-release
		}
		return nil
	}
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", src), g.AddSink("sink", sink))
	}, wire{"src", "sink", 4})

	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	<-first
	<-sent
	reports := make(chan StopReport)
	go func() {
		rep, _ := g.StopNow(stopCtx(t))
		reports <- rep
	}()
	<-stopSeen
	close(release)
	if rep := <-reports; rep.Discarded != 1 {
		t.Errorf("first run discarded %d, want the marker", rep.Discarded)
	}

	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	if msg := <-got; msg != "first" {
		t.Fatalf("first message %v", msg)
	}
	if msg := <-got; msg != "second run" {
		t.Errorf("second run's sink got %v first, want %q", msg, "second run")
	}
	if _, err := g.Stop(stopCtx(t)); err != nil {
		t.Fatal(err)
	}
	close(got)
	for msg := range got {
		t.Errorf("sink also got %v", msg)
	}
}

func TestStopsAreSafeToRepeat(t *testing.T) {
	stops := []struct {
		name string
		stop func(*Graph, context.Context) (StopReport, error)
	}{
		{"Stop", (*Graph).Stop},
		{"StopNow", (*Graph).StopNow},
	}
	for _, s := range stops {
		t.Run(s.name+" on a graph never started returns ErrNotRunning", func(t *testing.T) {
			g := New(Options{})
			rep, err := s.stop(g, t.Context())
			if !errors.Is(err, ErrNotRunning) || rep.Took != 0 {
				t.Errorf("got %+v, %v", rep, err)
			}
		})
		t.Run(s.name+" twice returns ErrNotRunning the second time", func(t *testing.T) {
			g := build(t, Options{}, func(g *Graph) error {
				return errorsJoin(g.AddSource("src", Ticker(1e9, 0)), g.AddSink("sink", into(nil)))
			}, wire{"src", "sink", 0})
			if err := g.Start(); err != nil {
				t.Fatal(err)
			}
			if _, err := s.stop(g, stopCtx(t)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.stop(g, stopCtx(t)); !errors.Is(err, ErrNotRunning) {
				t.Errorf("second stop: %v", err)
			}
			if g.Running() {
				t.Error("still running")
			}
		})
	}
}

func seq(from, to int) []int {
	var s []int
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}
