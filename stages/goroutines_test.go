package stages

import (
	"strings"
	"testing"
)

// ownGroups returns the stage groups of g's own stage named stage.
func ownGroups(t *testing.T, g *Graph, stage string) []Goroutines {
	t.Helper()
	all, err := g.Goroutines()
	if err != nil {
		t.Fatal(err)
	}
	var out []Goroutines
	for _, gs := range all {
		if gs.Owner == OwnerStage && gs.Stage == stage {
			out = append(out, gs)
		}
	}
	return out
}

// sum counts the goroutines in groups that match.
func sum(groups []Goroutines, match func(Goroutines) bool) int {
	n := 0
	for _, gs := range groups {
		if match(gs) {
			n += gs.Count
		}
	}
	return n
}

func TestGoroutinesTellsUserGoroutinesAndLeaks(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 3)
	// Each message starts one goroutine that waits for release: user code
	// that leaks until the test lets it go.
	spawn := func(msg any) (any, bool, error) {
		go func() {
			started <- struct{}{}
			<-release
		}()
		return msg, true, nil
	}
	got := make(chan any, 3)
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", count(3)), g.AddStage("up", spawn, 2), g.AddSink("out", into(got)))
	}, wire{"src", "up", 0}, wire{"up", "out", 0})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		<-started
		<-got
	}

	t.Run("the three goroutines user code started are the stage's and marked user", func(t *testing.T) {
		groups := ownGroups(t, g, "up")
		if n := sum(groups, func(gs Goroutines) bool { return gs.User && !gs.Leaked && gs.Run == 1 }); n != 3 {
			t.Errorf("user goroutines of up = %d, want 3: %+v", n, groups)
		}
		for _, gs := range groups {
			if gs.User && !strings.Contains(stackText(gs.Stack), "TestGoroutinesTellsUserGoroutinesAndLeaks") {
				t.Errorf("a user goroutine's stack lacks the test's function:\n%s", stackText(gs.Stack))
			}
		}
	})

	if _, err := g.Stop(stopCtx(t)); err != nil {
		t.Fatal(err)
	}

	t.Run("after the stop they are leaked and the runtime's are gone", func(t *testing.T) {
		groups := ownGroups(t, g, "up")
		if n := sum(groups, func(gs Goroutines) bool { return gs.User && gs.Leaked }); n != 3 {
			t.Errorf("leaked user goroutines of up = %d, want 3: %+v", n, groups)
		}
		if n := sum(groups, func(gs Goroutines) bool { return !gs.User }); n != 0 {
			t.Errorf("runtime goroutines of up after the stop = %d, want 0", n)
		}
	})

	close(release)
	waitFor(t, "the user goroutines to end", func() bool { return len(ownGroups(t, g, "up")) == 0 })
}

func TestGoroutinesCarryALoopsVersion(t *testing.T) {
	echo := func(stop <-chan struct{}, in <-chan any, out chan<- any) {
		for msg := range in {
			select {
			case out <- msg:
			case <-stop:
				return
			}
		}
	}
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", idle), g.AddLoop("lp", echo), g.AddSink("out", into(nil)))
	}, wire{"src", "lp", 0}, wire{"lp", "out", 0})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	defer g.Stop(stopCtx(t))

	waitFor(t, "the loop's version goroutine", func() bool {
		return sum(ownGroups(t, g, "lp"), func(gs Goroutines) bool { return gs.Version == 1 }) == 1
	})
	if n := sum(ownGroups(t, g, "lp"), func(gs Goroutines) bool { return gs.User || gs.Leaked }); n != 0 {
		t.Errorf("a running loop has %d user or leaked goroutines, want 0", n)
	}
}

// idle is a source that sends nothing and waits for its stop.
func idle(stop <-chan struct{}, out chan<- any) error {
	<-stop
	return nil
}

func TestParseFrame(t *testing.T) {
	tests := []struct {
		name string
		line string
		want Frame
	}{
		{"a function with an offset and a position", "#\t0x4a1b2c\tmain.f+0x2c\t/src/main.go:12",
			Frame{"main.f", "/src/main.go", 12}},
		{"a method keeps its receiver, padding tabs are skipped", "#\t0x1\tpkg.(*T).m+0x1\t\t\t/a b/t.go:3",
			Frame{"pkg.(*T).m", "/a b/t.go", 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := parseFrame(tt.line); !ok || got != tt.want {
				t.Errorf("parseFrame(%q) = %+v, %v, want %+v", tt.line, got, ok, tt.want)
			}
		})
	}
}

func stackText(stack []Frame) string {
	var b strings.Builder
	for _, f := range stack {
		b.WriteString(f.Func + "\n")
	}
	return b.String()
}
