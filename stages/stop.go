package stages

import (
	"context"
	"time"
)

// escalateGrace is how long Stop waits for the goroutines to return after
// its context ended and it gave the immediate stop signal. They return at
// their next send or receive, so this is only spent on a Handler that does
// not return.
const escalateGrace = 50 * time.Millisecond

// Stop is the graceful stop. It closes the sources' stop channel and waits,
// until ctx ends, for every goroutine of the run to return: each source
// returns and its output is closed, each stage handles what is left in its
// input and closes its outputs, and the sinks receive every message. If ctx
// ends first, Stop escalates: it gives the immediate stop signal, waits at
// most escalateGrace more, and reports Escalated.
//
// On a graph that is not running Stop returns a zero report and
// ErrNotRunning. A call made while another stop is in progress waits for
// that stop (until ctx ends) and returns its report. The graph is stopped
// when Stop returns, even if goroutines that do not return are left behind
// (see StopReport.Alive); it may be started again.
func (g *Graph) Stop(ctx context.Context) (StopReport, error) {
	return g.stop(ctx, false)
}

// StopNow is the immediate stop. It closes the run's done channel, which
// every blocking send and receive of the runtime watches, and waits for
// every goroutine to return until ctx ends. Messages left in a channel or
// in a goroutine's hand are counted in Discarded. A call made while a
// graceful Stop is in progress escalates that stop and returns its report.
// Otherwise it behaves as Stop does when called twice or when not running.
func (g *Graph) StopNow(ctx context.Context) (StopReport, error) {
	return g.stop(ctx, true)
}

func (g *Graph) stop(ctx context.Context, now bool) (StopReport, error) {
	start := time.Now()
	g.mu.Lock()
	r, running, owner := g.cur, g.running, !g.stopping
	g.stopping = running
	g.mu.Unlock()
	if !running {
		return StopReport{}, ErrNotRunning
	}
	if !owner {
		return r.join(ctx, now)
	}

	rep := r.halt(ctx, now, start)
	rep.Alive = g.alive(r)
	r.report = rep

	g.mu.Lock()
	g.running, g.stopping = false, false
	g.mu.Unlock()
	close(r.stopped)
	return rep, nil
}

// join waits for the stop that owns the run, escalating it if now.
func (r *run) join(ctx context.Context, now bool) (StopReport, error) {
	if now {
		r.closeDone()
		r.closeStop()
	}
	select {
	case <-r.stopped:
		return r.report, nil
	case <-ctx.Done():
		return StopReport{}, ctx.Err()
	}
}

// halt gives the stop signals, waits for the goroutines and counts.
func (r *run) halt(ctx context.Context, now bool, start time.Time) StopReport {
	// An immediate stop closes done before stop, so that a source seeing
	// stop knows the other goroutines have been told to return.
	sunk := r.sunk()
	if now {
		r.closeDone()
	} else {
		r.resumeAll() // a paused node drains too
	}
	r.closeStop()

	select {
	case <-r.finished:
	case <-ctx.Done():
		if !now {
			r.closeDone()
			grace := time.NewTimer(escalateGrace)
			select {
			case <-r.finished:
			case <-grace.C:
			}
			grace.Stop()
		}
	}
	took := time.Since(start)

	// A concurrent StopNow may have escalated a graceful stop.
	escalated := !now && r.isDone()
	return StopReport{
		Graceful:  !now && !escalated,
		Escalated: escalated,
		Drained:   r.sunk() - sunk,
		Discarded: r.drain() + r.discarded.Load(),
		Took:      took,
	}
}

// sunk is the number of messages the sinks of the run received.
func (r *run) sunk() uint64 {
	var n uint64
	for _, nr := range r.nodes {
		if nr.node.kind == KindSink {
			n += nr.in.Load()
		}
	}
	return n
}

// drain empties every channel of the run without waiting and returns how
// many messages it took. It runs once the goroutines are gone (or given
// up on), so nothing refills the channels: a goroutine that returns later
// sees done at its next send and counts nothing into them.
func (r *run) drain() uint64 {
	var total uint64
	for _, er := range r.edges {
		n := drainChan(er.ch)
		er.drained.Add(n)
		total += n
	}
	for _, c := range r.extra {
		total += drainChan(c)
	}
	return total
}

func drainChan(c chan any) uint64 {
	var n uint64
	for {
		select {
		case _, ok := <-c:
			if !ok {
				return n
			}
			n++
		default:
			return n
		}
	}
}
