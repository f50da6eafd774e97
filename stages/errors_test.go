package stages

import (
	"bytes"
	"errors"
	"sync"
	"testing"
)

func TestNodeErrors(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name         string
		handler      Handler
		source       SourceFunc
		sink         SinkFunc
		node         string
		wantErrors   uint64
		wantFiltered uint64
		wantSunk     int
		wantPanic    any
		wantMsg      any
	}{
		{
			name: "a panicking handler is recovered and the worker goes on",
			handler: func(msg any) (any, bool, error) {
				if msg == 3 {
					panic("three")
				}
				return msg, true, nil
			},
			node: "a", wantErrors: 1, wantSunk: 4, wantPanic: "three", wantMsg: 3,
		},
		{
			name: "a returned error is counted and the message dropped",
			handler: func(msg any) (any, bool, error) {
				if msg.(int)%2 == 0 {
					return nil, true, boom
				}
				return msg, true, nil
			},
			node: "a", wantErrors: 2, wantSunk: 3, wantMsg: 4,
		},
		{
			name: "keep false counts as filtered, not as an error",
			handler: func(msg any) (any, bool, error) {
				return msg, msg.(int) > 2, nil
			},
			node: "a", wantFiltered: 2, wantSunk: 3,
		},
		{
			name:   "a source's error is the source's",
			source: func(<-chan struct{}, chan<- any) error { return boom },
			node:   "src", wantErrors: 1,
		},
		{
			name: "a panicking sink is recovered and goes on",
			sink: func(msg any) error {
				if msg == 5 {
					panic(boom)
				}
				return nil
			},
			node: "sink", wantErrors: 1, wantSunk: 5, wantPanic: boom, wantMsg: 5,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var reported []StageError
			opts := Options{OnError: func(se StageError) {
				mu.Lock()
				defer mu.Unlock()
				reported = append(reported, se)
			}}
			tt.handler = cmpOr(tt.handler, pass)
			sent := make(chan struct{})
			tt.source = cmpOr(tt.source, count(5))
			source := func(stop <-chan struct{}, out chan<- any) error {
				defer close(sent)
				return tt.source(stop, out)
			}
			tt.sink = cmpOr(tt.sink, func(any) error { return nil })
			g := build(t, opts, func(g *Graph) error {
				return errorsJoin(g.AddSource("src", source), g.AddStage("a", tt.handler, 1),
					g.AddSink("sink", tt.sink))
			}, wire{"src", "a", 0}, wire{"a", "sink", 0})
			if err := g.Start(); err != nil {
				t.Fatal(err)
			}
			<-sent // Stop now would end the source early
			if _, err := g.Stop(stopCtx(t)); err != nil {
				t.Fatal(err)
			}

			ns := nodeStatus(g, tt.node)
			if ns.Errors != tt.wantErrors || ns.Filtered != tt.wantFiltered {
				t.Errorf("errors %d filtered %d, want %d and %d", ns.Errors, ns.Filtered, tt.wantErrors, tt.wantFiltered)
			}
			if sunk := nodeStatus(g, "sink").In; sunk != uint64(tt.wantSunk) {
				t.Errorf("sink got %d, want %d", sunk, tt.wantSunk)
			}
			if uint64(len(reported)) != tt.wantErrors {
				t.Fatalf("OnError called %d times", len(reported))
			}
			if tt.wantErrors == 0 {
				return
			}
			last := ns.LastError
			if last == nil || last.Node != tt.node || last.Msg != tt.wantMsg || last.Panic != tt.wantPanic ||
				last.Version != 1 || last.Err == nil || last.Time.IsZero() {
				t.Fatalf("last error %+v", last)
			}
			if (tt.wantPanic != nil) != bytes.Contains(last.Stack, []byte("TestNodeErrors")) {
				t.Errorf("stack %s", last.Stack)
			}
		})
	}
}

func cmpOr[F any](f, or F) F {
	if any(f) == nil || isNilFunc(f) {
		return or
	}
	return f
}

func isNilFunc[F any](f F) bool {
	switch f := any(f).(type) {
	case Handler:
		return f == nil
	case SourceFunc:
		return f == nil
	case SinkFunc:
		return f == nil
	}
	return false
}
