package stages

import (
	"context"
	"time"
)

// Graph: see doc.go. All methods are safe for concurrent use.
type Graph struct{}

func New(opts Options) *Graph                                      { panic("sketch") }
func (g *Graph) AddSource(name string, src SourceFunc) error        { panic("sketch") }
func (g *Graph) AddStage(name string, h Handler, workers int) error { panic("sketch") }
func (g *Graph) AddSink(name string, sink SinkFunc) error           { panic("sketch") }

// Wire connects from's output to to's input with a buffer of the given size.
func (g *Graph) Wire(from, to string, buffer int) error { panic("sketch") }

// Start validates the graph (sources and stages need an output, stages and
// sinks an input, no cycle), makes fresh channels and starts every goroutine.
func (g *Graph) Start() error { panic("sketch") }

// Stop is the graceful stop, bounded by ctx (then it escalates).
func (g *Graph) Stop(ctx context.Context) (StopReport, error) { panic("sketch") }

// StopNow is the immediate stop; it waits for goroutines up to ctx.
func (g *Graph) StopNow(ctx context.Context) (StopReport, error) { panic("sketch") }

// Swap replaces the Handler of stage name from its next message on; with
// newVersion the version number goes up by one. It works running or not.
func (g *Graph) Swap(name string, h Handler, newVersion bool) (version int, err error) {
	panic("sketch")
}

func (g *Graph) Status() Status { panic("sketch") }
func (g *Graph) Running() bool  { panic("sketch") }

// Names lists the nodes in the order they were added.
func (g *Graph) Names() []string { panic("sketch") }

// Census counts every goroutine of the process by owner: the console's
// (label pc.owner=console), the prompt's, each stage's of this graph (and
// those leaked by earlier runs), and the rest.
func (g *Graph) Census() (Census, error) { panic("sketch") }

// Label keys set on every goroutine the graph starts.
const (
	LabelOwner = "pc.owner" // "console", "prompt" or "stage"
	LabelGraph = "pc.graph"
	LabelRun   = "pc.run"
	LabelStage = "pc.stage"
)

// Lines returns a source that sends each line of the file, without its
// newline, as a string; with follow it keeps reading as the file grows
// (tail -F) until stopped. It checks now that the file can be opened.
func Lines(path string, follow bool) (SourceFunc, error) { panic("sketch") }

// Ticker returns a source that sends the ints 1, 2, 3, ... every interval,
// limit of them (0: no limit).
func Ticker(every time.Duration, limit int) SourceFunc { panic("sketch") }
