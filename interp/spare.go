package interp

import (
	"context"
	"io"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	yaegi "github.com/traefik/yaegi/interp"

	"github.com/pipeconsole/pipeconsole/stages"
)

// spare is the interpreter the next generation (or foreground) will use,
// made ahead of time. Creating an interpreter and loading the standard
// library into it costs a few milliseconds, most of what a redefinition
// costs; so once an input that took one is done, the next is made in the
// background (refill), and a definition typed later pays only its Eval.
// In a burst of inputs (a script, a paste: takes less than burstGap
// apart) the next one is made at once, alongside the input that took the
// last: nobody watches the first messages of a version that is replaced
// a millisecond later, and the next input waits less.
//
// The zero value holds no spare. The goroutine that makes one belongs to
// the Session: close waits for it.
type spare struct {
	mu     sync.Mutex
	ready  chan struct{} // closed when next is made; nil when none is being made
	hurry  chan struct{} // closed to start making next before spareDelay
	next   *spareInterp
	closed bool
	last   time.Time // when take was last called
}

// spareInterp is an interpreter whose Stderr is not yet bound to the
// traceFilter of the build that takes it.
type spareInterp struct {
	i      *yaegi.Interpreter
	stderr *traceSwitch
	err    error
}

// take returns the spare interpreter with its Stderr bound to trace. It
// waits for a spare being made; it returns nil if there is none (before
// the first refill, or after close), and the caller makes one itself.
func (sp *spare) take(s *Session, trace *traceFilter) *yaegi.Interpreter {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.closed {
		return nil
	}
	var got *spareInterp
	if sp.ready != nil {
		sp.wait()
		got = sp.next
	}
	sp.next, sp.ready = nil, nil
	now := time.Now()
	if now.Sub(sp.last) < burstGap {
		sp.start(s, true)
	}
	sp.last = now
	if got == nil || got.err != nil {
		return nil
	}
	got.stderr.bind(trace)
	return got.i
}

// refill has the next spare made, unless one is made or being made.
// Sessions call it when an input is done, and the making starts
// spareDelay later, or at once when a take or close wants it: made at
// once, it would compete with the stages for the CPU and the garbage
// collector just when the new version handles its first messages, and
// delay the first of them by a millisecond.
func (sp *spare) refill(s *Session) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.closed || sp.ready != nil {
		return
	}
	sp.start(s, false)
}

// start starts making the next spare, after spareDelay unless now. The
// caller holds mu.
func (sp *spare) start(s *Session, now bool) {
	sp.ready, sp.hurry = make(chan struct{}), make(chan struct{})
	if now {
		close(sp.hurry)
	}
	go sp.make(s, sp.ready, sp.hurry)
}

// spareDelay is how long refill waits before it makes a spare.
const spareDelay = 5 * time.Millisecond

// burstGap is the gap between takes below which inputs come in a burst.
const burstGap = 10 * time.Millisecond

// wait waits for the spare being made, hurrying it. The caller holds mu.
func (sp *spare) wait() {
	if sp.ready == nil {
		return
	}
	select {
	case <-sp.hurry:
	default:
		close(sp.hurry)
	}
	<-sp.ready
}

// make makes the next spare and closes ready. Its goroutine is the
// console's (the session's owner), whatever started it: a census must not
// count it as the prompt's or a stage's.
func (sp *spare) make(s *Session, ready, hurry chan struct{}) {
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(),
		pprof.Labels(stages.LabelOwner, stages.OwnerConsole)))
	t := time.NewTimer(spareDelay)
	select {
	case <-t.C:
	case <-hurry:
		t.Stop()
	}
	sw := &traceSwitch{}
	i, err := s.makeInterpreter(sw)
	sp.next = &spareInterp{i: i, stderr: sw, err: err}
	close(ready)
}

// close waits for the spare being made and drops it; later takes return
// nil. It is safe to call twice.
func (sp *spare) close() {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	sp.wait()
	sp.closed, sp.next, sp.ready = true, nil, nil
}

// traceSwitch is the Stderr of a spare interpreter: it writes to the
// traceFilter bound when the spare is taken, and nowhere before.
type traceSwitch struct {
	to atomic.Pointer[traceFilter]
}

func (t *traceSwitch) bind(trace *traceFilter) { t.to.Store(trace) }

func (t *traceSwitch) Write(p []byte) (int, error) {
	if to := t.to.Load(); to != nil {
		return to.Write(p)
	}
	return len(p), nil
}

var _ io.Writer = (*traceSwitch)(nil)
