package stages

import (
	"context"
	"maps"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseLabels(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want map[string]string
	}{
		{"an empty set has no labels", "{}", map[string]string{}},
		{"pairs are split at the comma", `{"pc.owner":"stage", "pc.stage":"a"}`,
			map[string]string{"pc.owner": "stage", "pc.stage": "a"}},
		{"quoted commas and quotes stay in the value", `{"pc.stage":"a\", \"b"}`,
			map[string]string{"pc.stage": `a", "b`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseLabels(tt.in); !maps.Equal(got, tt.want) {
				t.Errorf("parseLabels(%s) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestCensusGroupsByOwner(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 3)
	for _, owner := range []string{OwnerConsole, OwnerPrompt} {
		ctx := pprof.WithLabels(context.Background(), pprof.Labels(LabelOwner, owner))
		go pprof.Do(ctx, pprof.Labels(), func(context.Context) {
			started <- struct{}{}
			<-release
		})
	}
	// A goroutine of another graph is not this graph's.
	other := pprof.Labels(LabelOwner, OwnerStage, LabelGraph, "other", LabelStage, "a", LabelRun, "1")
	go pprof.Do(context.Background(), other, func(context.Context) {
		started <- struct{}{}
		<-release
	})
	for range 3 {
		<-started
	}
	defer close(release)

	g := New(Options{})
	c, err := g.Census()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, grp := range c.Groups {
		sum += grp.Count
		if grp.Owner == OwnerStage {
			t.Errorf("a stage group in a graph that never ran: %+v", grp)
		}
		if (grp.Owner == OwnerConsole || grp.Owner == OwnerPrompt) &&
			(grp.Count < 1 || !strings.Contains(strings.Join(grp.Stacks, "\n"), "TestCensusGroupsByOwner")) {
			t.Errorf("group %+v", grp)
		}
	}
	if sum != c.Total || sum == 0 {
		t.Errorf("total %d, sum of groups %d", c.Total, sum)
	}
	owners := []string{}
	for _, grp := range c.Groups {
		owners = append(owners, grp.Owner)
	}
	if !slices.Equal(owners, []string{OwnerConsole, OwnerPrompt, OwnerOther}) {
		t.Errorf("owners %v", owners)
	}
}

func TestGoroutinesStartedByAHandlerBelongToItsStage(t *testing.T) {
	release, started := make(chan struct{}), make(chan struct{})
	spawn := func(msg any) (any, bool, error) {
		go func() {
			close(started)
			<-release
		}()
		return msg, true, nil
	}
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", count(1)), g.AddStage("spawn", spawn, 1),
			g.AddSink("sink", func(any) error { return nil }))
	}, wire{"src", "spawn", 0}, wire{"spawn", "sink", 0})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	<-started

	// Running: the worker and its child are the running run's.
	want := Group{Owner: OwnerStage, Stage: "spawn", Run: 1}
	waitFor(t, "the worker to end", func() bool {
		for _, grp := range stageGroups(t, g) {
			if grp.Stage == "spawn" && grp.Count == 1 {
				return !grp.Leaked
			}
		}
		return false
	})

	// Stopped: the child is still alive, reported and now leaked.
	rep, err := g.Stop(stopCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	want.Leaked, want.Count = true, 1
	if len(rep.Alive) != 1 || !sameGroup(rep.Alive[0], want) {
		t.Errorf("alive %+v, want %+v", rep.Alive, want)
	}
	if groups := stageGroups(t, g); len(groups) != 1 || !sameGroup(groups[0], want) {
		t.Errorf("census %+v", groups)
	}

	close(release)
	waitFor(t, "the child to end", func() bool { return len(stageGroups(t, g)) == 0 })
}

func sameGroup(a, b Group) bool {
	return a.Owner == b.Owner && a.Stage == b.Stage && a.Run == b.Run && a.Leaked == b.Leaked && a.Count == b.Count
}

func TestStopWithAHandlerThatNeverReturns(t *testing.T) {
	release, blocked := make(chan struct{}), make(chan struct{})
	first := true
	h := func(msg any) (any, bool, error) {
		if first { // only run 1 reaches here first
			first = false
			close(blocked)
			<-release
		}
		return msg, true, nil
	}
	got := make(chan any, 1)
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", count(1)), g.AddStage("stuck", h, 1), g.AddSink("sink", into(got)))
	}, wire{"src", "stuck", 0}, wire{"stuck", "sink", 0})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	<-blocked

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	rep, err := g.Stop(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Group{Owner: OwnerStage, Stage: "stuck", Run: 1, Leaked: true, Count: 1}
	if !rep.Escalated || rep.Graceful || len(rep.Alive) != 1 || !sameGroup(rep.Alive[0], want) {
		t.Errorf("report %+v, want escalated with %+v alive", rep, want)
	}
	if g.Running() {
		t.Fatal("still running")
	}

	// The graph starts again with fresh channels beside the stuck one.
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	if msg := <-got; msg != 1 {
		t.Errorf("run 2 got %v", msg)
	}
	if _, err := g.Stop(stopCtx(t)); err != nil {
		t.Fatal(err)
	}
	close(release)
	waitFor(t, "the stuck worker to end", func() bool { return len(stageGroups(t, g)) == 0 })
	if len(got) != 0 {
		t.Errorf("run 1's message reached the sink after its stop: %v", <-got)
	}
}
