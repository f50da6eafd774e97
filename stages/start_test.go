package stages

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestStartValidates(t *testing.T) {
	sink := func(any) error { return nil }
	tests := []struct {
		name    string
		build   func(g *Graph) error
		wantIs  error
		wantSub string
	}{
		{"a wire to an unknown node is ErrNoNode naming it", func(g *Graph) error {
			return errorsJoin(g.AddSource("src", count(1)), g.Wire("src", "nope", 0))
		}, ErrNoNode, `"nope"`},
		{"a duplicate name is ErrExists", func(g *Graph) error {
			return errorsJoin(g.AddSource("src", count(1)), g.AddSink("src", sink))
		}, ErrExists, `"src"`},
		{"a source without output is named", func(g *Graph) error {
			return errorsJoin(g.AddSource("src", count(1)), g.Start())
		}, nil, `source "src" has no output`},
		{"a stage without input is named", func(g *Graph) error {
			return errorsJoin(g.AddSource("src", count(1)), g.AddStage("a", pass, 1),
				g.AddSink("sink", sink), g.Wire("src", "sink", 0), g.Wire("a", "sink", 0), g.Start())
		}, nil, `stage "a" has no input`},
		{"a sink without input is named", func(g *Graph) error {
			return errorsJoin(g.AddSource("src", count(1)), g.AddSink("sink", sink),
				g.AddSink("lonely", sink), g.Wire("src", "sink", 0), g.Start())
		}, nil, `sink "lonely" has no input`},
		{"a cycle is named", func(g *Graph) error {
			return errorsJoin(g.AddSource("src", count(1)), g.AddStage("a", pass, 1),
				g.AddStage("b", pass, 1), g.AddSink("sink", sink), g.Wire("src", "a", 0),
				g.Wire("a", "b", 0), g.Wire("b", "a", 0), g.Wire("b", "sink", 0), g.Start())
		}, nil, `cycle through stage "a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.build(New(Options{}))
			if err == nil || (tt.wantIs != nil && !errors.Is(err, tt.wantIs)) || !strings.Contains(err.Error(), tt.wantSub) {
				t.Errorf("got %v, want %v containing %s", err, tt.wantIs, tt.wantSub)
			}
		})
	}

	t.Run("a running graph refuses Start and changes with ErrRunning", func(t *testing.T) {
		g := build(t, Options{}, func(g *Graph) error {
			return errorsJoin(g.AddSource("src", count(1)), g.AddSink("sink", sink))
		}, wire{"src", "sink", 0})
		if err := g.Start(); err != nil {
			t.Fatal(err)
		}
		for _, err := range []error{g.Start(), g.AddSink("x", sink), g.Wire("src", "sink", 1)} {
			if !errors.Is(err, ErrRunning) {
				t.Errorf("got %v, want ErrRunning", err)
			}
		}
		if _, err := g.Stop(stopCtx(t)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestStatus(t *testing.T) {
	sent := make(chan struct{})
	src := func(stop <-chan struct{}, out chan<- any) error {
		defer close(sent)
		return count(10)(stop, out)
	}
	odd := func(msg any) (any, bool, error) { return msg, msg.(int)%2 == 1, nil }
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("src", src), g.AddStage("odd", odd, 2), g.AddSink("sink", func(any) error { return nil }))
	}, wire{"src", "odd", 3}, wire{"odd", "sink", 5})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	<-sent
	if _, err := g.Stop(stopCtx(t)); err != nil {
		t.Fatal(err)
	}
	st := g.Status()
	want := []NodeStatus{
		{Name: "src", Kind: KindSource, Version: 1, Workers: 1, Out: 10},
		{Name: "odd", Kind: KindStage, Version: 1, Workers: 2, In: 10, Out: 5, Filtered: 5},
		{Name: "sink", Kind: KindSink, Version: 1, Workers: 1, In: 5},
	}
	if st.Running || st.Run != 1 || !slices.Equal(st.Nodes, want) {
		t.Errorf("status %+v, want nodes %+v", st, want)
	}
	wantEdges := []EdgeStatus{{From: "src", To: "odd", Buffer: 3, Sent: 10},
		{From: "odd", To: "sink", Buffer: 5, Sent: 5}}
	if !slices.Equal(st.Edges, wantEdges) || !slices.Equal(g.Names(), []string{"src", "odd", "sink"}) {
		t.Errorf("edges %+v, names %v", st.Edges, g.Names())
	}
}

func TestSources(t *testing.T) {
	t.Run("Ticker sends 1 to limit as ints", func(t *testing.T) {
		got := make(chan any)
		g := build(t, Options{}, func(g *Graph) error {
			return errorsJoin(g.AddSource("tick", Ticker(time.Millisecond, 3)), g.AddSink("sink", into(got)))
		}, wire{"tick", "sink", 0})
		if err := g.Start(); err != nil {
			t.Fatal(err)
		}
		for want := 1; want <= 3; want++ {
			if msg := <-got; msg != want {
				t.Errorf("got %v, want %d", msg, want)
			}
		}
		if _, err := g.Stop(stopCtx(t)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("Lines of a missing file fails at once", func(t *testing.T) {
		if _, err := Lines(filepath.Join(t.TempDir(), "none"), false); err == nil {
			t.Error("no error")
		}
	})

	t.Run("Lines sends each line without its newline", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "log")
		write(t, path, "a\nb\r\nc")
		got := runLines(t, path, false, nil, "a", "b", "c")
		if len(got) != 0 {
			t.Errorf("more: %v", got)
		}
	})

	t.Run("Lines with follow reads growth, truncation and rotation", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "log")
		write(t, path, "1\n")
		steps := map[string]func(){
			"1": func() { appendTo(t, path, "2\n") },
			"2": func() { write(t, path, "3\n") },
			"3": func() {
				if err := os.Rename(path, path+".old"); err != nil {
					t.Fatal(err)
				}
				write(t, path, "4\n")
			},
		}
		runLines(t, path, true, steps, "1", "2", "3", "4")
	})
}

// runLines runs a Lines source into a sink, calls after[line] once each
// line arrives, checks the lines, stops the graph and returns the rest.
func runLines(t *testing.T, path string, follow bool, after map[string]func(), want ...string) []any {
	t.Helper()
	src, err := Lines(path, follow)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan any, 16)
	g := build(t, Options{}, func(g *Graph) error {
		return errorsJoin(g.AddSource("lines", src), g.AddSink("sink", into(got)))
	}, wire{"lines", "sink", 0})
	if err := g.Start(); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if line := <-got; line != w {
			t.Fatalf("got %q, want %q", line, w)
		}
		if f := after[w]; f != nil {
			f()
		}
	}
	rep, err := g.Stop(stopCtx(t))
	if err != nil || !rep.Graceful {
		t.Errorf("stop %+v, %v", rep, err)
	}
	close(got)
	var rest []any
	for line := range got {
		rest = append(rest, line)
	}
	return rest
}

func write(t *testing.T, path, s string) {
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, path, s string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString(s)
		f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
}
