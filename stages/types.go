package stages

import (
	"errors"
	"time"
)

// Handler handles one message. keep == false drops the message (a filter
// said no) and counts it as filtered. A non-nil err counts as an error of the
// stage and the message is not passed on. Panics are recovered by the
// runtime and counted as errors.
type Handler func(msg any) (out any, keep bool, err error)

// SourceFunc produces messages on out until it has no more or stop is
// closed; the runtime closes out after it returns, unless it was swapped
// out (SwapSource), in which case the next version writes to the same out.
// stop is the version's own: closed by either stop of the run or by a
// swap. Every send must also watch stop (select on both), so that both
// stops end the source at once. A returned error is kept as the source's
// last error. A source must not close out.
type SourceFunc func(stop <-chan struct{}, out chan<- any) error

// SinkFunc consumes one message. A returned error (or panic) counts as an
// error of the sink; the message still counts as received (In).
type SinkFunc func(msg any) error

// Kind is the kind of a node.
type Kind int

// The kinds of node.
const (
	KindSource Kind = iota + 1
	KindStage
	KindSink
)

// String returns "source", "stage" or "sink".
func (k Kind) String() string {
	switch k {
	case KindSource:
		return "source"
	case KindStage:
		return "stage"
	case KindSink:
		return "sink"
	}
	return "kind?"
}

// Sentinels. Errors returned by Graph wrap them with the node's name, so
// test them with errors.Is.
var (
	ErrRunning    = errors.New("graph is running")
	ErrNotRunning = errors.New("graph is not running")
	ErrNoNode     = errors.New("no such node")
	ErrExists     = errors.New("node exists")
)

// Options configure a Graph. The zero value is usable.
type Options struct {
	// OnError, if set, is called for every error of a node (a Handler or
	// SinkFunc that returned an error or panicked, a SourceFunc that
	// returned an error). It runs on the node's goroutine: it must not
	// block. A panic in OnError is not recovered.
	OnError func(StageError)
}

// StageError is one error of one node, with the message it was handling.
type StageError struct {
	Node    string
	Version int    // the Handler version that handled Msg (1 for sources and sinks)
	Msg     any    // the message being handled (nil for a source)
	Err     error  // the error returned, or one describing the panic
	Panic   any    // the panic value, if it panicked
	Stack   []byte // the stack at the panic
	Time    time.Time
}

// NodeStatus is a snapshot of one node's counters for the current or last
// run. Counters start at zero with every Start.
type NodeStatus struct {
	Name      string
	Kind      Kind
	Version   int
	Workers   int
	In        uint64 // messages received
	Out       uint64 // messages produced (counted once, before fan-out)
	Filtered  uint64 // messages a filter dropped
	Errors    uint64
	LastError *StageError
	Paused    bool // paused, and every worker waits (see Graph.Pause)
}

// EdgeStatus is a snapshot of one wire.
type EdgeStatus struct {
	From, To string
	Buffer   int
	Len      int // messages in the buffer now (0 when stopped)
	// Sent is how many messages went on the wire in the current or last
	// run: taken by its receiver, in its buffer, or drained by the stop.
	// A wire made after that run has 0.
	Sent uint64
}

// Status is a snapshot of the whole graph.
type Status struct {
	Running bool
	// Ended: running, and every goroutine of the run has returned (every
	// source ended and every node after it drained): only a stop is left.
	Ended bool
	Run   int // number of the current or last run, from 1; 0 before the first Start
	Nodes []NodeStatus
	Edges []EdgeStatus
}

// StopReport says what a stop did. See doc.go for how Discarded is counted.
type StopReport struct {
	Graceful  bool          // Stop finished without escalating
	Escalated bool          // Stop's context ended (or StopNow was called) and it stopped at once
	Drained   uint64        // messages delivered to sinks while stopping
	Discarded uint64        // messages dropped from buffers or hands, per edge
	Took      time.Duration // from the call to the last goroutine's end (or to the give-up)
	Alive     []Group       // goroutines of the run still alive at return
}

// Group is a count of goroutines with one owner.
type Group struct {
	Owner   string // "console", "prompt", "stage", "runtime/other"
	Stage   string // for Owner == "stage"
	Run     int    // for Owner == "stage"
	Version int    // not set: a worker serves every version of its stage
	Leaked  bool   // belongs to a run that is not the running one
	Count   int
	Stacks  []string // distinct stacks, one function per line, runtime frames dropped
}

// Census is a count of every goroutine of the process by owner.
type Census struct {
	Total  int // the sum of the groups' counts
	Groups []Group
}
