package console

import (
	"sync"
	"time"

	"github.com/pipeconsole/pipeconsole/stages"
)

// The views that look inside the running graph (:status, :top, :graph,
// the web page) share one model, built by view from a Status snapshot, the
// goroutine census and the samples of the sampler below.

const (
	sampleEvery = 500 * time.Millisecond // the sampler's period
	rateWindow  = 3 * time.Second        // messages per second over this
	keepSamples = 20                     // 10s of history
	stuckAfter  = 2 * time.Second        // in hand, In unchanged: stuck
)

// insight keeps timestamped counter samples of the graph. Its zero value
// is usable; the sampler goroutine is optional (samples are also taken at
// each view).
type insight struct {
	mu      sync.Mutex
	run     int
	samples []sample
	changed map[string]time.Time // node -> when its In was last seen to change
	lastIn  map[string]uint64

	startRun int       // the run start was recorded for (started)
	start    time.Time // when startRun started; zero if unknown

	stop chan struct{} // closes to end the sampler
	done chan struct{} // closed when the sampler returned
}

// sample is the handled count of every node at one time: In for stages
// and sinks, Out for sources.
type sample struct {
	at      time.Time
	handled map[string]uint64
}

// record adds a sample of st taken at now. A new run clears the history.
func (in *insight) record(st stages.Status, now time.Time) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if st.Run != in.run || in.changed == nil {
		in.run, in.samples = st.Run, nil
		in.changed, in.lastIn = map[string]time.Time{}, map[string]uint64{}
	}
	s := sample{at: now, handled: map[string]uint64{}}
	for _, n := range st.Nodes {
		s.handled[n.Name] = handled(n)
		if last, ok := in.lastIn[n.Name]; !ok || last != n.In {
			in.changed[n.Name] = now
			in.lastIn[n.Name] = n.In
		}
	}
	in.samples = append(in.samples, s)
	if len(in.samples) > keepSamples {
		in.samples = in.samples[len(in.samples)-keepSamples:]
	}
}

func handled(n stages.NodeStatus) uint64 {
	if n.Kind == stages.KindSource {
		return n.Out
	}
	return n.In
}

// rate is node's messages per second over about rateWindow before the
// last sample. When no earlier sample lies inside the window it is the
// rate since the run started, if started recorded it, else since the
// first sample; 0 with nothing to compare.
func (in *insight) rate(node string) float64 {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.samples) == 0 {
		return 0
	}
	last := in.samples[len(in.samples)-1]
	first := in.samples[0]
	for _, s := range in.samples {
		if last.at.Sub(s.at) <= rateWindow {
			first = s
			break
		}
	}
	if first.at.Equal(last.at) {
		// Nothing earlier inside the window: since the start, or since
		// the oldest sample kept.
		first = in.samples[0]
		if !in.start.IsZero() && in.startRun == in.run && in.start.Before(first.at) {
			first = sample{at: in.start, handled: map[string]uint64{}}
		}
	}
	dt := last.at.Sub(first.at).Seconds()
	if dt <= 0 || last.handled[node] < first.handled[node] {
		return 0
	}
	return float64(last.handled[node]-first.handled[node]) / dt
}

// started records that run started at: rates of that run with no earlier
// sample in the window count from there, every counter at 0.
func (in *insight) started(run int, at time.Time) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.startRun, in.start = run, at
}

// unchangedFor is how long node's In has not changed, as of now.
func (in *insight) unchangedFor(node string, now time.Time) time.Duration {
	in.mu.Lock()
	defer in.mu.Unlock()
	t, ok := in.changed[node]
	if !ok {
		return 0
	}
	return now.Sub(t)
}

// startSampler samples g every sampleEvery until stopSampler. Its
// goroutine inherits the console's label; stopSampler waits for it.
func (in *insight) startSampler(g *stages.Graph) {
	in.mu.Lock()
	if in.stop != nil {
		in.mu.Unlock()
		return
	}
	in.stop, in.done = make(chan struct{}), make(chan struct{})
	stop, done := in.stop, in.done
	in.mu.Unlock()

	go func() {
		defer close(done)
		tick := time.NewTicker(sampleEvery)
		defer tick.Stop()
		for {
			select {
			case now := <-tick.C:
				if st := g.Status(); st.Running {
					in.record(st, now)
				}
			case <-stop:
				return
			}
		}
	}()
}

// stopSampler ends the sampler and waits for it. Safe to call twice.
func (in *insight) stopSampler() {
	in.mu.Lock()
	stop, done := in.stop, in.done
	in.stop, in.done = nil, nil
	in.mu.Unlock()
	if stop != nil {
		close(stop)
		<-done
	}
}
