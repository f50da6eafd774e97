package stages

import (
	"slices"
	"sync"
	"testing"
)

func TestFanOutSendsEveryMessageToEveryOutput(t *testing.T) {
	const n = 50
	tests := []struct {
		name  string
		wires []wire
	}{
		{"a source with two outputs sends every message to both",
			[]wire{{"src", "x", 0}, {"src", "y", 1}, {"src", "mid", 0}, {"mid", "z", 0}}},
		{"a stage with two outputs sends every message to both",
			[]wire{{"src", "mid", 0}, {"mid", "x", 0}, {"mid", "y", 1}, {"mid", "z", 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]*[]int{"x": {}, "y": {}, "z": {}}
			sinkTo := func(name string) SinkFunc {
				s := got[name]
				return func(msg any) error {
					*s = append(*s, msg.(int)) // one goroutine per sink
					return nil
				}
			}
			sent := make(chan struct{})
			src := func(stop <-chan struct{}, out chan<- any) error {
				defer close(sent)
				return count(n)(stop, out)
			}
			g := build(t, Options{}, func(g *Graph) error {
				return errorsJoin(g.AddSource("src", src), g.AddStage("mid", pass, 1),
					g.AddSink("x", sinkTo("x")), g.AddSink("y", sinkTo("y")), g.AddSink("z", sinkTo("z")))
			}, tt.wires...)
			if err := g.Start(); err != nil {
				t.Fatal(err)
			}
			<-sent
			if _, err := g.Stop(stopCtx(t)); err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"x", "y", "z"} {
				if !slices.Equal(*got[name], seq(1, n)) {
					t.Errorf("%s got %v", name, *got[name])
				}
			}
		})
	}
}

func TestFanOutStopNowCountsCopies(t *testing.T) {
	first, stopSeen, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
	src := func(stop <-chan struct{}, out chan<- any) error {
		defer close(stopSeen)
		return count(1000)(stop, out)
	}
	xIn := 0
	x := func(any) error {
		if xIn++; xIn == 1 {
			close(first)
			<-release
		}
		return nil
	}
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", src), g.AddSink("x", x), g.AddSink("y", func(any) error { return nil }))
	}, wire{"src", "x", 2}, wire{"src", "y", 2})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	<-first
	waitFor(t, "x's buffer full", func() bool { return g.Status().Edges[0].Len == 2 })

	reports := make(chan StopReport)
	go func() {
		rep, _ := g.StopNow(stopCtx(t))
		reports <- rep
	}()
	<-stopSeen
	close(release)
	rep := <-reports

	// Every message counts once per out-edge: on each edge it was
	// received by the sink or discarded.
	out, xs, ys := nodeStatus(g, "src").Out, nodeStatus(g, "x").In, nodeStatus(g, "y").In
	if 2*out != xs+ys+rep.Discarded {
		t.Errorf("2 x src.Out %d != x.In %d + y.In %d + discarded %d", out, xs, ys, rep.Discarded)
	}
	if rep.Discarded < 2 {
		t.Errorf("discarded %d, want at least x's full buffer", rep.Discarded)
	}
}

func TestFanInMergesAndCountsOnStopNow(t *testing.T) {
	first, release := make(chan struct{}), make(chan struct{})
	var stopped sync.WaitGroup
	stopped.Add(2)
	src := func(stop <-chan struct{}, out chan<- any) error {
		defer stopped.Done()
		return count(1000)(stop, out)
	}
	sinkIn := 0
	sink := func(any) error {
		if sinkIn++; sinkIn == 1 {
			close(first)
			<-release
		}
		return nil
	}
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("s1", src), g.AddSource("s2", src), g.AddSink("sink", sink))
	}, wire{"s1", "sink", 3}, wire{"s2", "sink", 3})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	<-first
	waitFor(t, "full buffers", func() bool {
		e := g.Status().Edges
		return e[0].Len == 3 && e[1].Len == 3
	})
	reports := make(chan StopReport)
	go func() {
		rep, _ := g.StopNow(stopCtx(t))
		reports <- rep
	}()
	stopped.Wait()
	close(release)
	rep := <-reports

	s1, s2, in := nodeStatus(g, "s1").Out, nodeStatus(g, "s2").Out, nodeStatus(g, "sink").In
	if s1+s2 != in+rep.Discarded {
		t.Errorf("s1.Out %d + s2.Out %d != sink.In %d + discarded %d", s1, s2, in, rep.Discarded)
	}
	// Both buffers were full and both forwarders held one message.
	if rep.Discarded != 3+3+1 && rep.Discarded != 3+3+2 {
		t.Errorf("discarded %d", rep.Discarded)
	}
}

func TestWorkersShareTheInput(t *testing.T) {
	const workers, n = 4, 100
	arrived, together := make(chan struct{}, workers), make(chan struct{})
	var once sync.Once
	h := func(msg any) (any, bool, error) {
		if msg.(int) <= workers {
			// The first four messages wait here until four workers
			// hold one each: this ends only if there are four.
			arrived <- struct{}{}
			if len(arrived) == workers {
				once.Do(func() { close(together) })
			}
			<-together
		}
		return msg, true, nil
	}
	var got []int
	all := make(chan struct{})
	sink := func(msg any) error {
		if got = append(got, msg.(int)); len(got) == n {
			close(all)
		}
		return nil
	}
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", count(n)), g.AddStage("w", h, workers), g.AddSink("sink", sink))
	}, wire{"src", "w", 0}, wire{"w", "sink", 0})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	<-all
	rep, err := g.Stop(stopCtx(t))
	if err != nil || !rep.Graceful {
		t.Fatalf("stop: %+v, %v", rep, err)
	}
	slices.Sort(got)
	if !slices.Equal(got, seq(1, n)) {
		t.Errorf("sink got %v", got)
	}
}
