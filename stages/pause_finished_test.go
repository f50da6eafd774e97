package stages

import (
	"testing"
	"time"
)

// A stage whose input has closed takes nothing more: pausing it is done at
// once, so that a caller waiting for Paused (a reload's quiesce) does not
// wait for workers that have returned.
func TestPausingAFinishedStageCountsAsPaused(t *testing.T) {
	sunk := make(chan any, 3)
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", Ticker(time.Microsecond, 3)),
			g.AddStage("s", pass, 2), g.AddSink("sink", into(sunk)))
	}, wire{"src", "s", 0}, wire{"s", "sink", 0})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	defer g.StopNow(t.Context())
	for range 3 {
		<-sunk
	}
	if err := g.Pause("s"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); !nodeStatus(g, "s").Paused; {
		if time.Now().After(deadline) {
			t.Fatal("a stage whose workers returned never counts as paused")
		}
		time.Sleep(time.Millisecond)
	}
}
