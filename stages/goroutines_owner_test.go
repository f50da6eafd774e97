package stages

import (
	"testing"
	"time"
)

// A paced source's inner goroutine (started by the runtime through
// sync.WaitGroup.Go), a plain stage's worker and a goroutine the stage's
// code starts: only the last is "started by its code".
func TestGoroutinesTellTheRuntimesFromTheCodes(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	spawn := func(msg any) (any, bool, error) {
		if msg.(int) == 1 {
			go func() {
				close(started)
				<-release
			}()
		}
		return msg, true, nil
	}
	plain := func(msg any) (any, bool, error) { return msg, true, nil }
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("paced", Paced(Ticker(time.Millisecond, 0), time.Millisecond)),
			g.AddStage("spawn", spawn, 1), g.AddStage("plain", plain, 1), g.AddSink("out", func(any) error { return nil }))
	}, wire{"paced", "spawn", 0}, wire{"spawn", "plain", 0}, wire{"plain", "out", 0})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	<-started
	waitFor(t, "the paced source's two goroutines", func() bool {
		return sum(ownGroups(t, g, "paced"), func(Goroutines) bool { return true }) == 2
	})

	if n := sum(ownGroups(t, g, "paced"), func(gs Goroutines) bool { return gs.User }); n != 0 {
		t.Errorf("paced source: %d goroutines marked started by its code, want 0: %+v", n, ownGroups(t, g, "paced"))
	}
	if n := sum(ownGroups(t, g, "plain"), func(gs Goroutines) bool { return gs.User }); n != 0 {
		t.Errorf("plain stage: %d goroutines marked started by its code, want 0", n)
	}
	if n := sum(ownGroups(t, g, "spawn"), func(gs Goroutines) bool { return gs.User }); n != 1 {
		t.Errorf("spawn stage: %d goroutines marked started by its code, want 1: %+v", n, ownGroups(t, g, "spawn"))
	}
	close(release)
	if _, err := g.StopNow(stopCtx(t)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the stage's goroutine to end", func() bool { return len(ownGroups(t, g, "spawn")) == 0 })
}

func TestStartsInRuntimeByOutermostFrame(t *testing.T) {
	tests := []struct {
		name  string
		stack []Frame
		want  bool
	}{
		{"a goroutine yaegi started for interpreted code is the user's", []Frame{
			{Func: "reflect.rselect"}, {Func: "github.com/traefik/yaegi/interp.recv.func2"},
			{Func: "github.com/traefik/yaegi/interp.call.func9.2"}}, false},
		{"the interp loop adapter's forwarder is the runtime's", []Frame{
			{Func: "reflect.chanrecv"}, {Func: "github.com/pipeconsole/pipeconsole/interp.runLoop.func2", File: "/x/interp/loop.go"}}, true},
		{"a goroutine started by WaitGroup.Go in stages is the runtime's", []Frame{
			{Func: "github.com/pipeconsole/pipeconsole/stages.Paced.func1.1", File: "/x/stages/paced.go"},
			{Func: "sync.(*WaitGroup).Go.func1", File: "/go/src/sync/waitgroup.go"}, {Func: "runtime.goexit"}}, true},
		{"a worker is the runtime's", []Frame{
			{Func: "github.com/pipeconsole/pipeconsole/stages.(*run).spawn.func1", File: "/x/stages/run.go"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := startsInRuntime(tt.stack); got != tt.want {
				t.Errorf("startsInRuntime = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestYaegiWaitNamesWhatInterpretedCodeWaitsOn(t *testing.T) {
	stack := func(op string) []Frame {
		return []Frame{{Func: "runtime.gopark"}, {Func: "reflect.rselect"}, {Func: "reflect.Select"},
			{Func: "github.com/traefik/yaegi/interp." + op}, {Func: "github.com/traefik/yaegi/interp.runCfg"}}
	}
	tests := []struct {
		name  string
		op    string
		cases int
		want  string
	}{
		{"a receive", "recv.func2", 2, "chan receive"},
		{"a send", "send.func3", 2, "chan send"},
		{"a select with cases", "_select.func4", 3, "select"},
		{"a select {}: only yaegi's own case", "_select.func4", 1, "select {} (forever)"},
		{"a select, cases unknown", "_select.func4", -1, "select"},
		{"a range over a channel", "rangeChan.func1", 2, "chan receive"},
		{"another yaegi frame says nothing", "callBin.func2", -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := yaegiWait(stack(tt.op), tt.cases); got != tt.want {
				t.Errorf("yaegiWait(%s, %d) = %q, want %q", tt.op, tt.cases, got, tt.want)
			}
		})
	}
	if got := yaegiWait([]Frame{{Func: "reflect.Select"}, {Func: "main.f"}, {Func: "github.com/traefik/yaegi/interp.recv"}}, 2); got != "" {
		t.Errorf("a compiled frame before yaegi's: %q, want \"\"", got)
	}
}

func TestSliceLen(t *testing.T) {
	for args, want := range map[string]int{
		"({0xc000010000, 0x2, 0x2})":   2,
		"({0xc000010000?, 0x1, 0x4?})": 1,
		"({0xc000010000, 0x3?, 0x4?})": -1,
		"(0x1)":                        -1,
		"({...})":                      -1,
	} {
		if got := sliceLen(args); got != want {
			t.Errorf("sliceLen(%q) = %d, want %d", args, got, want)
		}
	}
}
