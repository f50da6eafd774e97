package interp

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pipeconsole/pipeconsole/stages"
)

// BenchmarkInterpretedPipeline runs source -> map -> map -> sink with both
// maps interpreted, as a stages.Graph and, for reference, as a compiled
// loop that calls the same two handlers directly, one after the other, on
// one goroutine. The two are timed in interleaved rounds of one run; x-of-ref
// is the graph's throughput as a fraction of the loop's. Run it with a fixed
// count, e.g. -benchtime 200000x.
func BenchmarkInterpretedPipeline(b *testing.B) {
	s, _, _ := newTestSession(b, Options{})
	eval(b, s, "func inc(n int) int { return n + 1 }\nfunc dbl(n int) int { return n * 2 }")
	inc, dbl := mustHandler(b, s.Current(), "inc"), mustHandler(b, s.Current(), "dbl")

	for _, buffer := range []int{0, 64, 1024} {
		b.Run(fmt.Sprintf("buffer=%d", buffer), func(b *testing.B) {
			const rounds = 10
			var ref, graph time.Duration
			for r := range rounds {
				n := b.N / rounds
				if r == 0 {
					n += b.N % rounds
				}
				ref += directLoop(b, n, inc, dbl)
				graph += interpretedGraph(b, n, buffer, inc, dbl)
			}
			b.ReportMetric(float64(b.N)/ref.Seconds(), "ref-msgs/s")
			b.ReportMetric(float64(b.N)/graph.Seconds(), "stages-msgs/s")
			b.ReportMetric(ref.Seconds()/graph.Seconds(), "x-of-ref")
		})
	}
}

// directLoop is the reference: a compiled loop calling both handlers.
func directLoop(b *testing.B, n int, f, g stages.Handler) time.Duration {
	start := time.Now()
	sum := 0
	for i := range n {
		x, _, err := f(i)
		if err != nil {
			b.Fatal(err)
		}
		y, _, err := g(x)
		if err != nil {
			b.Fatal(err)
		}
		sum += y.(int)
	}
	_ = sum
	return time.Since(start)
}

func interpretedGraph(b *testing.B, n, buffer int, f, h stages.Handler) time.Duration {
	got, all := 0, make(chan struct{})
	sink := func(any) error {
		if got++; got == n {
			close(all)
		}
		return nil
	}
	src := func(stop <-chan struct{}, out chan<- any) error {
		for i := range n {
			select {
			case out <- i:
			case <-stop:
				return nil
			}
		}
		return nil
	}
	g := stages.New(stages.Options{})
	for _, err := range []error{
		g.AddSource("src", src), g.AddStage("inc", f, 1), g.AddStage("dbl", h, 1),
		g.AddSink("sink", sink),
		g.Wire("src", "inc", buffer), g.Wire("inc", "dbl", buffer), g.Wire("dbl", "sink", buffer),
	} {
		if err != nil {
			b.Fatal(err)
		}
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
