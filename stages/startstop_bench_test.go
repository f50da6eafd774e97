package stages

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkStartStop1000 starts and stops (StopNow) a chain of 1000 stages,
// and, in the same loop, the same chain made of plain goroutines and
// channels that watch one done channel. x-of-ref is the graph's time over
// the plain one's: lower is better. The graph is built once; Start makes
// every channel afresh.
func BenchmarkStartStop1000(b *testing.B) {
	const n = 1000
	g := New(Options{})
	src := func(stop <-chan struct{}, out chan<- any) error { <-stop; return nil }
	check(b, g.AddSource("src", src), g.AddSink("sink", func(any) error { return nil }))
	prev := "src"
	for i := range n {
		name := fmt.Sprint("s", i)
		check(b, g.AddStage(name, inc, 1), g.Wire(prev, name, 0))
		prev = name
	}
	check(b, g.Wire(prev, "sink", 0))

	var ref, graph time.Duration
	for b.Loop() {
		ref += plainStartStop(n)

		start := time.Now()
		check(b, g.Start())
		_, err := g.StopNow(context.Background())
		check(b, err)
		graph += time.Since(start)
	}
	b.ReportMetric(float64(ref.Microseconds())/1000/float64(b.N), "ref-ms")
	b.ReportMetric(float64(graph.Microseconds())/1000/float64(b.N), "stages-ms")
	b.ReportMetric(graph.Seconds()/ref.Seconds(), "x-of-ref")
}

// plainStartStop starts a chain of n goroutines linked by unbuffered
// channels, each receiving or stopping, then closes done and waits.
func plainStartStop(n int) time.Duration {
	start := time.Now()
	done, finished := make(chan struct{}), make(chan struct{}, n)
	in := make(chan any)
	for range n {
		out := make(chan any)
		go func(in <-chan any, out chan<- any) {
			defer func() { finished <- struct{}{} }()
			for {
				select {
				case msg := <-in:
					select {
					case out <- msg:
					case <-done:
						return
					}
				case <-done:
					return
				}
			}
		}(in, out)
		in = out
	}
	close(done)
	for range n {
		<-finished
	}
	return time.Since(start)
}
