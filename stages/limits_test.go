package stages

import "testing"

// Sizes that a run could not allocate are refused when the graph is built.
func TestWireAndStageLimits(t *testing.T) {
	g := New(Options{})
	if err := errorsJoin(g.AddSource("src", idle), g.AddSink("out", into(nil))); err != nil {
		t.Fatal(err)
	}
	if err := g.Wire("src", "out", MaxBuffer+1); err == nil {
		t.Error("a buffer over MaxBuffer was accepted")
	}
	if err := g.Wire("src", "out", -1); err == nil {
		t.Error("a negative buffer was accepted")
	}
	if err := g.Wire("src", "out", MaxBuffer); err != nil {
		t.Errorf("MaxBuffer refused: %v", err)
	}
	if err := g.AddStage("many", pass, MaxWorkers+1); err == nil {
		t.Error("more than MaxWorkers workers were accepted")
	}
	if err := g.AddStage("most", pass, MaxWorkers); err != nil {
		t.Errorf("MaxWorkers refused: %v", err)
	}
}
