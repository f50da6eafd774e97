package stages

import (
	"fmt"
	"runtime/debug"
	"time"
)

// This file holds the loops of the run's goroutines and the per-message
// path. The path allocates nothing, counts with atomics, loads the Handler
// once per message and has no defer per message: each loop recovers a
// panic once, in a deferred call, and its caller starts it again.

// recv takes the next message from in. ok is false when in is closed or
// done is. done is looked at first: a receive of an open, empty channel in
// a select with default takes no lock, so the check is cheap, and a
// goroutine that never has to wait still sees an immediate stop.
func recv(in <-chan any, done <-chan struct{}) (msg any, ok bool) {
	select {
	case <-done:
		return nil, false
	default:
	}
	select {
	case msg, ok = <-in:
		return msg, ok
	default:
	}
	select {
	case msg, ok = <-in:
		return msg, ok
	case <-done:
		return nil, false
	}
}

// send puts msg on out unless done is closed first. Like recv it tries
// without waiting before it waits on both.
func send(out chan<- any, msg any, done <-chan struct{}) bool {
	select {
	case <-done:
		return false
	default:
	}
	select {
	case out <- msg:
		return true
	default:
	}
	select {
	case out <- msg:
		return true
	case <-done:
		return false
	}
}

// emit sends msg to every output in wire order. On an immediate stop the
// copies not yet sent are counted as discarded, one per out-edge.
func (nr *nodeRun) emit(msg any) bool {
	for i, out := range nr.outputs {
		if !send(out, msg, nr.halt) {
			nr.run.discarded.Add(uint64(len(nr.outputs) - i))
			return false
		}
	}
	return true
}

// closeOutputs closes the outputs when the last sender returns.
func (nr *nodeRun) closeOutputs() {
	n := nr.senders.Add(-1)
	nr.settle() // a paused node whose worker returned may now count as paused
	if n == 0 {
		for _, out := range nr.outputs {
			close(out)
		}
	}
}

// hand is what a worker is handling, for the error of a panic, and the
// messages it handled that are not yet added to their version's count.
type hand struct {
	msg     any
	version int

	tallied *version // the version the tally is for
	tally   uint64
}

// tallyBatch is how many messages a worker counts locally, at most,
// before it adds them to their version's record.
const tallyBatch = 64

// count adds one message handled by v to the tally.
func (h *hand) count(v *version) {
	if v != h.tallied {
		h.flush()
		h.tallied = v
	}
	h.tally++
}

// flush adds the tally to its version's record.
func (h *hand) flush() {
	if h.tally > 0 {
		h.tallied.rec.handled.Add(h.tally)
		h.tally = 0
	}
}

// work is one worker of a stage.
func (nr *nodeRun) work() {
	defer nr.closeOutputs()
	var h hand
	for !nr.handleAll(&h) {
	}
}

// handleAll handles messages until the input closes or done; it returns
// false after a Handler panicked, so that work calls it again.
//
// A message costs one atomic add, In. Out is the out-edge's own count
// when the stage has one output (see status.go), and the version's count
// of handled messages is added in batches: before a message is passed on
// when nothing waits in the input, so a stage that has caught up is
// counted exactly, and at least every tallyBatch messages.
func (nr *nodeRun) handleAll(h *hand) (finished bool) {
	defer func() {
		h.flush()
		if !finished {
			nr.recovered(h, recover())
		}
	}()
	in, done, direct := nr.input, nr.run.done, nr.direct != nil
	for {
		// take, written out (see pause.go).
		g := nr.gate.Load()
		if g.paused {
			h.flush()
			if !nr.park(g, done) {
				return true
			}
			continue
		}
		msg, ok, woken := recvOr(in, done, g.ch)
		if woken {
			continue
		}
		if !ok {
			return true
		}
		nr.in.Add(1)

		v := nr.node.handler.Load()
		h.count(v)
		h.msg, h.version = msg, v.n
		out, keep, err := v.h(msg)
		if h.tally >= tallyBatch || len(in) == 0 {
			h.flush()
		}
		switch {
		case err != nil:
			nr.fail(StageError{Version: v.n, Msg: msg, Err: err})
		case !keep:
			nr.filtered.Add(1)
		default:
			if !direct {
				nr.out.Add(1)
			}
			if !nr.emit(out) {
				if direct {
					nr.out.Add(1) // discarded from the hand: produced all the same
				}
				return true
			}
		}
	}
}

// consume is the goroutine of a sink.
func (nr *nodeRun) consume() {
	h := hand{version: 1}
	for !nr.sinkAll(&h) {
	}
}

func (nr *nodeRun) sinkAll(h *hand) (finished bool) {
	defer func() {
		if !finished {
			nr.recovered(h, recover())
		}
	}()
	in, done, sink := nr.input, nr.run.done, nr.node.sink
	for {
		g := nr.gate.Load()
		if g.paused {
			if !nr.park(g, done) {
				return true
			}
			continue
		}
		msg, ok, woken := recvOr(in, done, g.ch)
		if woken {
			continue
		}
		if !ok {
			return true
		}
		nr.in.Add(1)
		h.msg = msg
		if err := sink(msg); err != nil {
			nr.fail(StageError{Version: 1, Msg: msg, Err: err})
		}
	}
}

// copyAll sends each message of a fanning-out source to every out-edge.
func (nr *nodeRun) copyAll() {
	defer nr.closeOutputsNow()
	done := nr.halt
	for {
		msg, ok := recv(nr.private, done)
		if !ok {
			return
		}
		nr.out.Add(1)
		if !nr.emit(msg) {
			return
		}
	}
}

func (nr *nodeRun) closeOutputsNow() {
	for _, out := range nr.outputs {
		close(out)
	}
}

// forward moves the messages of one in-edge of a fan-in node to its merge
// channel; the last forwarder to return closes the merge.
func (nr *nodeRun) forward(er *edgeRun) {
	defer func() {
		if nr.mergers.Add(-1) == 0 {
			close(nr.input)
		}
	}()
	done := nr.halt
	for {
		msg, ok := recv(er.ch, done)
		if !ok {
			return
		}
		er.forwarded.Add(1)
		if !send(nr.input, msg, done) {
			nr.run.discarded.Add(1)
			return
		}
	}
}

// recovered records a recovered panic p as an error of the node. p == nil
// means the goroutine is ending by runtime.Goexit: nothing to record.
func (nr *nodeRun) recovered(h *hand, p any) {
	if p == nil {
		return
	}
	nr.fail(StageError{
		Version: h.version,
		Msg:     h.msg,
		Err:     fmt.Errorf("panic: %v", p),
		Panic:   p,
		Stack:   debug.Stack(),
	})
}

// fail counts one error of the node and reports it.
func (nr *nodeRun) fail(se StageError) {
	se.Node, se.Time = nr.node.name, time.Now()
	nr.errors.Add(1)
	nr.lastError.Store(&se)
	if nr.run.onError != nil {
		nr.run.onError(se)
	}
}
