package stages

import (
	"errors"
	"testing"
)

func TestVersions(t *testing.T) {
	sunk := make(chan any, 5)
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", count(5)), g.AddStage("s", pass, 2),
			g.AddSink("sink", into(sunk)))
	}, wire{"src", "s", 2}, wire{"s", "sink", 2})
	runFive := func(t *testing.T) {
		t.Helper()
		if err := g.Start(); err != nil {
			t.Fatal(err)
		}
		for range 5 {
			<-sunk
		}
		if _, err := g.Stop(stopCtx(t)); err != nil {
			t.Fatal(err)
		}
	}
	versions := func(t *testing.T, want ...VersionInfo) {
		t.Helper()
		got, err := g.Versions("s")
		if err != nil || len(got) != len(want) {
			t.Fatalf("Versions = %+v, %v; want %d versions", got, err, len(want))
		}
		for i := range want {
			got[i].Since = want[i].Since
			if got[i] != want[i] {
				t.Errorf("version %d is %+v, want %+v", i+1, got[i], want[i])
			}
		}
	}

	t.Run("each version counts the messages it handled", func(t *testing.T) {
		runFive(t)
		if _, err := g.Swap("s", pass, true); err != nil {
			t.Fatal(err)
		}
		runFive(t)
		versions(t, VersionInfo{N: 1, Handled: 5}, VersionInfo{N: 2, Handled: 5})
	})
	t.Run("a fix keeps counting into the current version", func(t *testing.T) {
		if v, err := g.Swap("s", pass, false); v != 2 || err != nil {
			t.Fatalf("Swap = %d, %v", v, err)
		}
		runFive(t)
		versions(t, VersionInfo{N: 1, Handled: 5}, VersionInfo{N: 2, Handled: 10})
	})
	t.Run("a rollback is a new version that names the old one", func(t *testing.T) {
		if v, err := g.Rollback("s", 1, pass); v != 3 || err != nil {
			t.Fatalf("Rollback = %d, %v", v, err)
		}
		runFive(t)
		versions(t, VersionInfo{N: 1, Handled: 5}, VersionInfo{N: 2, Handled: 10},
			VersionInfo{N: 3, Handled: 5, RollbackOf: 1})
	})
	t.Run("a rollback must name an earlier version", func(t *testing.T) {
		for _, to := range []int{0, 3, 4} {
			if _, err := g.Rollback("s", to, pass); err == nil {
				t.Errorf("Rollback to %d: no error", to)
			}
		}
	})
	t.Run("a sink has no versions and an unknown node is ErrNoNode", func(t *testing.T) {
		if _, err := g.Versions("sink"); err == nil {
			t.Error("sink: no error")
		}
		if _, err := g.Versions("x"); !errors.Is(err, ErrNoNode) {
			t.Errorf("unknown: %v", err)
		}
	})
}
