package stages

// This file fixes the API that the interp and console packages are written
// against. The stages helper replaces it with real files (graph.go, node.go,
// stop.go, census.go, sources.go, ...) keeping these names and meanings;
// additions are fine, changes must be reported.

import (
	"context"
	"errors"
	"time"
)

// Handler handles one message. keep == false drops the message (a filter
// said no). A non-nil err counts as an error of the stage and the message is
// not passed on. Panics are recovered by the runtime.
type Handler func(msg any) (out any, keep bool, err error)

// SourceFunc produces messages on out until it has no more or stop is
// closed; the runtime closes out after it returns. A returned error is kept
// as the source's last error.
type SourceFunc func(stop <-chan struct{}, out chan<- any) error

// SinkFunc consumes one message. A returned error (or panic) counts as an
// error of the sink.
type SinkFunc func(msg any) error

// Kind is the kind of a node.
type Kind int

const (
	KindSource Kind = iota + 1
	KindStage
	KindSink
)

// Sentinels.
var (
	ErrRunning    = errors.New("graph is running")
	ErrNotRunning = errors.New("graph is not running")
	ErrNoNode     = errors.New("no such node")
	ErrExists     = errors.New("node exists")
)

// Options configure a Graph. The zero value is usable.
type Options struct {
	// OnError, if set, is called for every error of a node (a Handler that
	// returned an error or panicked, a SourceFunc that returned an error).
	// It runs on the stage's goroutine: it must not block.
	OnError func(StageError)
}

// StageError is one error of one node, with the message it was handling.
type StageError struct {
	Node    string
	Version int
	Msg     any    // the message being handled (nil for a source)
	Err     error  // the error returned, or one describing the panic
	Panic   any    // the panic value, if it panicked
	Stack   []byte // the stack at the panic
	Time    time.Time
}

// NodeStatus is a snapshot of one node.
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
}

// EdgeStatus is a snapshot of one wire.
type EdgeStatus struct {
	From, To string
	Buffer   int
	Len      int // messages in the buffer now (0 when stopped)
}

// Status is a snapshot of the whole graph.
type Status struct {
	Running bool
	Run     int // number of the current or last run, from 1
	Nodes   []NodeStatus
	Edges   []EdgeStatus
}

// StopReport says what a stop did.
type StopReport struct {
	Graceful  bool          // Stop finished without escalating
	Escalated bool          // Stop's context ended and it stopped at once
	Drained   uint64        // messages delivered to sinks while stopping
	Discarded uint64        // messages dropped from buffers or hands
	Took      time.Duration // from the call to the last goroutine's end
	Alive     []Group       // goroutines of the run still alive at return
}

// Group is a count of goroutines with one owner.
type Group struct {
	Owner   string // "console", "prompt", "stage", "runtime/other"
	Stage   string // for Owner == "stage"
	Run     int
	Version int
	Leaked  bool // belongs to a run that has stopped
	Count   int
	Stacks  []string
}

// Census is a count of every goroutine of the process by owner.
type Census struct {
	Total  int
	Groups []Group
}

var _ = context.Background
