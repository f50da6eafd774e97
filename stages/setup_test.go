package stages

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
)

func TestStartWithASetupThatFails(t *testing.T) {
	errBroken := errors.New("broken")
	var ran atomic.Bool
	good := func() (SourceFunc, error) {
		return func(stop <-chan struct{}, out chan<- any) error {
			ran.Store(true)
			return count(3)(stop, out)
		}, nil
	}
	fail := true
	bad := func() (SourceFunc, error) {
		if fail {
			return nil, errBroken
		}
		return count(3), nil
	}
	sunk := make(chan any, 6)
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSourceSetup("good", good), g.AddStage("s", pass, 1),
			g.AddSourceSetup("bad", bad), g.AddSink("sink", into(sunk)))
	}, wire{"good", "s", 0}, wire{"bad", "s", 0}, wire{"s", "sink", 0})

	t.Run("the error names the source and nothing is left running", func(t *testing.T) {
		err := g.Start()
		if !errors.Is(err, errBroken) || !strings.Contains(err.Error(), `source "bad"`) {
			t.Fatalf("Start = %v", err)
		}
		if g.Running() || ran.Load() {
			t.Errorf("running %v, the good source ran %v", g.Running(), ran.Load())
		}
		if groups := stageGroups(t, g); len(groups) != 0 {
			t.Errorf("goroutines left: %+v", groups)
		}
	})
	t.Run("a setup that panics is an error", func(t *testing.T) {
		g := build(t, Options{}, func(g *Graph) error {
			return errorsJoin(g.AddSourceSetup("p", func() (SourceFunc, error) { panic("no") }),
				g.AddSink("sink", into(nil)))
		}, wire{"p", "sink", 0})
		if err := g.Start(); err == nil || !strings.Contains(err.Error(), `source "p"`) {
			t.Errorf("Start = %v", err)
		}
	})
	t.Run("the next Start calls the setups again", func(t *testing.T) {
		fail = false
		if err := g.Start(); err != nil {
			t.Fatal(err)
		}
		for range 6 {
			<-sunk
		}
		if _, err := g.Stop(stopCtx(t)); err != nil {
			t.Fatal(err)
		}
		if !ran.Load() {
			t.Error("the good source did not run")
		}
	})
}
