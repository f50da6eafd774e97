package stages

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkPipeline runs source -> map -> map -> sink over b.N messages,
// by hand and as a Graph, in interleaved rounds of the same run, and
// reports the Graph's throughput as a fraction of the hand-written one.
func BenchmarkPipeline(b *testing.B) {
	for _, buffer := range []int{0, 64, 1024} {
		b.Run(fmt.Sprintf("buffer=%d", buffer), func(b *testing.B) {
			const rounds = 10
			var ref, graph time.Duration
			for r := range rounds {
				n := b.N / rounds
				if r == 0 {
					n += b.N % rounds
				}
				ref += byHand(n, buffer)
				graph += asGraph(b, n, buffer)
			}
			b.ReportMetric(float64(b.N)/ref.Seconds(), "ref-msgs/s")
			b.ReportMetric(float64(b.N)/graph.Seconds(), "stages-msgs/s")
			b.ReportMetric(ref.Seconds()/graph.Seconds(), "x-of-ref")
		})
	}
}

func inc(msg any) (any, bool, error) { return msg.(int) + 1, true, nil }

// byHand is the reference: plain goroutines, channels and for range.
func byHand(n, buffer int) time.Duration {
	start := time.Now()
	c1, c2, c3 := make(chan any, buffer), make(chan any, buffer), make(chan any, buffer)
	go func() {
		for i := range n {
			c1 <- i
		}
		close(c1)
	}()
	stage := func(in <-chan any, out chan<- any) {
		for msg := range in {
			out <- msg.(int) + 1
		}
		close(out)
	}
	go stage(c1, c2)
	go stage(c2, c3)
	got := 0
	for range c3 {
		got++
	}
	return time.Since(start)
}

// asGraph runs the same pipeline as a Graph, timed from Start to the last
// message at the sink.
func asGraph(b *testing.B, n, buffer int) time.Duration {
	got, all := 0, make(chan struct{})
	sink := func(any) error {
		if got++; got == n {
			close(all)
		}
		return nil
	}
	g := New(Options{})
	err := errorsJoin(
		g.AddSource("src", countFast(n)), g.AddStage("a", inc, 1), g.AddStage("b", inc, 1),
		g.AddSink("sink", sink),
		g.Wire("src", "a", buffer), g.Wire("a", "b", buffer), g.Wire("b", "sink", buffer))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := g.Start(); err != nil {
		b.Fatal(err)
	}
	if n > 0 {
		<-all
	}
	took := time.Since(start)
	if _, err := g.Stop(context.Background()); err != nil {
		b.Fatal(err)
	}
	return took
}

// countFast is count with a send that does not wait tried first, as a
// source written for speed would do; it still answers stop at once.
func countFast(n int) SourceFunc {
	return func(stop <-chan struct{}, out chan<- any) error {
		for i := range n {
			select {
			case out <- i:
				continue
			default:
			}
			select {
			case out <- i:
			case <-stop:
				return nil
			}
		}
		return nil
	}
}
