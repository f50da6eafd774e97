package stages

import "testing"

func TestChainDeliversEverything(t *testing.T) {
	got := make(chan any)
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(
			g.AddSource("src", count(100)),
			g.AddStage("a", pass, 1),
			g.AddStage("b", pass, 2),
			g.AddSink("sink", into(got)),
		)
	}, wire{"src", "a", 0}, wire{"a", "b", 4}, wire{"b", "sink", 64})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for range 100 {
		seen[(<-got).(int)] = true
	}
	rep, err := g.Stop(stopCtx(t))
	if err != nil || !rep.Graceful || len(rep.Alive) != 0 {
		t.Fatalf("stop: %+v %v", rep, err)
	}
	if len(seen) != 100 {
		t.Fatalf("got %d distinct", len(seen))
	}
	t.Logf("%+v", g.Status())
}
