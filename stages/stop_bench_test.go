package stages

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

// BenchmarkStop measures how long a stop takes, from the call until no
// goroutine of the run is left (the stop's own census says so), on a chain
// of 100 stages: source -> 100 stages -> sink. The reference is the
// polling pattern, run in the same loop: 100 goroutines, each waiting for
// its transport up to 200ms before it looks at a stop flag. Its rounds are
// slow (~100ms), so run this with a small fixed count: -benchtime 20x.
//
//   - now-flowing: StopNow while messages flow;
//   - graceful-idle: Stop of a graph whose source sends nothing.
func BenchmarkStop(b *testing.B) {
	for _, tc := range []struct {
		name    string
		flowing bool
		now     bool
	}{{"now-flowing", true, true}, {"graceful-idle", false, false}} {
		b.Run(tc.name, func(b *testing.B) {
			var ref, graph, ended []time.Duration
			for b.Loop() {
				ref = append(ref, pollingStop(100))
				call, took := stopChain(b, 100, tc.flowing, tc.now)
				graph, ended = append(graph, call), append(ended, took)
			}
			r, g := median(ref), median(graph)
			b.ReportMetric(float64(r.Microseconds())/1000, "ref-median-ms")
			b.ReportMetric(float64(g.Microseconds())/1000, "stages-median-ms")
			b.ReportMetric(float64(median(ended).Microseconds())/1000, "stages-ended-median-ms")
			b.ReportMetric(float64(slices.Max(graph).Microseconds())/1000, "stages-max-ms")
			b.ReportMetric(r.Seconds()/g.Seconds(), "x-faster")
		})
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// pollingStop starts n goroutines that each wait up to 200ms on a
// transport that never delivers, then check stop; it returns the time
// from setting stop to the last one's end.
func pollingStop(n int) time.Duration {
	var (
		mu        sync.Mutex
		stop      bool
		wg        sync.WaitGroup
		transport = make(chan any)
	)
	stopped := func() bool { mu.Lock(); defer mu.Unlock(); return stop }
	for range n {
		wg.Go(func() {
			for !stopped() {
				t := time.NewTimer(200 * time.Millisecond)
				select {
				case <-transport:
				case <-t.C:
				}
				t.Stop()
			}
		})
	}
	// Stop at a moment that is random with respect to the timers.
	time.Sleep(time.Duration(time.Now().UnixNano()%200) * time.Millisecond)
	start := time.Now()
	mu.Lock()
	stop = true
	mu.Unlock()
	wg.Wait()
	return time.Since(start)
}

// stopChain builds and starts a chain of n stages, lets it run a moment
// and stops it. It returns how long the stop call took, its census of
// what is left included, and StopReport.Took: from the call to the end of
// the run's last goroutine. The census must have found none left.
func stopChain(b *testing.B, n int, flowing, now bool) (call, took time.Duration) {
	g := New(Options{})
	src := func(stop <-chan struct{}, out chan<- any) error {
		if !flowing {
			<-stop
			return nil
		}
		for i := 0; ; i++ {
			select {
			case out <- i:
			case <-stop:
				return nil
			}
		}
	}
	check(b, g.AddSource("src", src), g.AddSink("sink", func(any) error { return nil }))
	prev := "src"
	for i := range n {
		name := fmt.Sprint("s", i)
		check(b, g.AddStage(name, inc, 1), g.Wire(prev, name, 16))
		prev = name
	}
	check(b, g.Wire(prev, "sink", 16), g.Start())
	time.Sleep(5 * time.Millisecond)

	start := time.Now()
	var rep StopReport
	var err error
	if now {
		rep, err = g.StopNow(context.Background())
	} else {
		rep, err = g.Stop(context.Background())
	}
	call = time.Since(start)
	check(b, err)
	if len(rep.Alive) != 0 || (!now && !rep.Graceful) {
		b.Fatalf("stop left %+v (graceful %v)", rep.Alive, rep.Graceful)
	}
	return call, rep.Took
}

func check(b *testing.B, errs ...error) {
	b.Helper()
	if err := errorsJoin(errs...); err != nil {
		b.Fatal(err)
	}
}
