package interp

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestVariablesAcrossGenerations(t *testing.T) {
	const bump = "func bump(n int) int { count++; return int(count) }"
	tests := []struct {
		name  string
		decl  string // the first declaration of count
		redef string // the input that makes the next generation
		want  int    // what bump returns after the redefinition
		kept  []string
		fresh []string
		typed []string // reset because the type changed
	}{
		{name: "an unchanged var keeps counting across an unrelated redefinition",
			decl: "var count int", redef: "func other() {}", want: 4, kept: []string{"count"}},
		{name: "retyping the same declaration keeps the value",
			decl: "var count int", redef: "var   count int", want: 4, kept: []string{"count"}},
		{name: "a changed initializer starts afresh",
			decl: "var count int", redef: "var count = 10", want: 11, fresh: []string{"count"}},
		{name: "a var marked keep at the end of its line survives a changed initializer",
			decl: "var count int //pc:keep", redef: "var count = 10 //pc:keep", want: 4, kept: []string{"count"}},
		{name: "a var marked keep on the line above survives a changed initializer",
			decl: "var count int", redef: "//pc:keep\nvar count = 10", want: 4, kept: []string{"count"}},
		{name: "a type change resets even a kept var",
			decl: "var count int //pc:keep", redef: "var count int64 = 10 //pc:keep", want: 11,
			typed: []string{"count"}},
		{name: "a short variable declaration typed again with another value starts afresh",
			decl: "count := 0", redef: "count := 100", want: 101, fresh: []string{"count"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _ := newTestSession(t, Options{})
			eval(t, s, tt.decl)
			eval(t, s, bump)
			for range 3 {
				call(t, s.Current(), "bump", 0)
			}
			res := eval(t, s, tt.redef)
			if got := call(t, s.Current(), "bump", 0); got != tt.want {
				t.Errorf("bump after the redefinition = %v, want %d", got, tt.want)
			}
			h := res.Handover
			if !slices.Equal(h.Kept, tt.kept) || !slices.Equal(h.Fresh, tt.fresh) ||
				!slices.Equal(h.TypeChanged, tt.typed) {
				t.Errorf("handover kept %q fresh %q type changed %q, want %q %q %q",
					h.Kept, h.Fresh, h.TypeChanged, tt.kept, tt.fresh, tt.typed)
			}
		})
	}
}

func TestKeptValuesOfCompositeTypes(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, "type point struct{ X, Y int }")
	eval(t, s, "var seen = map[string]int{}")
	eval(t, s, "var last point")
	eval(t, s, "func note(s string) int { seen[s]++; last.X++; return seen[s]*100 + last.X }")
	call(t, s.Current(), "note", "a")
	call(t, s.Current(), "note", "a")

	eval(t, s, "func other() {}")
	if got := call(t, s.Current(), "note", "a"); got != 303 {
		t.Errorf("note after a redefinition = %v, want 303 (map and struct kept)", got)
	}
}

func TestReinitStartsEveryVariableAfresh(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, "var count = 7")
	eval(t, s, "func bump(n int) int { count++; return count }")
	call(t, s.Current(), "bump", 0)
	if _, err := s.Reinit(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := call(t, s.Current(), "bump", 0); got != 8 {
		t.Errorf("bump after Reinit = %v, want 8", got)
	}
}

func TestReloadHooks(t *testing.T) {
	tests := []struct {
		name      string
		hooks     string // definitions of the first generation
		redef     string
		out       []string // in this order in Stdout
		beforeErr string   // in Handover.BeforeReload
		afterErr  string
	}{
		{name: "BeforeReload of the old generation runs, then AfterReload of the new",
			hooks: `func BeforeReload() { fmt.Println("before", tag, count) }
func AfterReload() { fmt.Println("after", tag, count) }`,
			redef: `var tag = "v2"`, out: []string{"before v1 3", "after v2 3"}},
		{name: "a panic in BeforeReload is reported and the reload goes on",
			hooks: `func BeforeReload() { panic("boom") }`, redef: `var tag = "v2"`,
			beforeErr: "BeforeReload panicked: <stdin>:1:23: boom"},
		{name: "a panic in AfterReload is reported and the new generation stays",
			hooks: `func AfterReload() { if tag == "v2" { panic("late") } }`, redef: `var tag = "v2"`,
			afterErr: "AfterReload panicked: <stdin>:1:25: late"},
		{name: "a hook of the wrong type is not called",
			hooks: `func AfterReload(n int) { panic("called") }`, redef: `var tag = "v2"`,
			afterErr: "AfterReload is func(int), want func(): not called"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out, _ := newTestSession(t, Options{})
			eval(t, s, `import "fmt"`)
			eval(t, s, `var tag = "v1"`)
			eval(t, s, "var count int")
			eval(t, s, "func bump(n int) int { count++; return count }")
			eval(t, s, tt.hooks)
			for range 3 {
				call(t, s.Current(), "bump", 0)
			}
			before := out.String()
			res := eval(t, s, tt.redef)
			got := strings.TrimPrefix(out.String(), before)
			if want := strings.Join(tt.out, "\n"); want != "" && strings.TrimSpace(got) != want {
				t.Errorf("hooks printed %q, want %q", got, want)
			}
			if e := errText(res.Handover.BeforeReload); e != tt.beforeErr {
				t.Errorf("BeforeReload error %q, want %q", e, tt.beforeErr)
			}
			if e := errText(res.Handover.AfterReload); e != tt.afterErr {
				t.Errorf("AfterReload error %q, want %q", e, tt.afterErr)
			}
			if res.Generation != s.Current().N() || eval(t, s, "tag").Value != `"v2"` {
				t.Error("the reload did not happen")
			}
			if got := call(t, s.Current(), "bump", 0); got != 4 {
				t.Errorf("bump after the reload = %v, want 4", got)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// A hook still running when the input is interrupted is left running and
// reported; the reload goes on, and after such a BeforeReload no variable
// is carried over (the hook may still be writing them).
func TestHookThatDoesNotReturn(t *testing.T) {
	s, out, _ := newTestSession(t, Options{})
	eval(t, s, `import "fmt"`)
	eval(t, s, `import "time"`)
	eval(t, s, "var count = 0")
	eval(t, s, "func bump(n int) int { count++; return count }")
	eval(t, s, `func BeforeReload() { fmt.Println("hook began"); time.Sleep(time.Second) }
func AfterReload() { fmt.Println("after ran") }`)
	call(t, s.Current(), "bump", 0)

	// Ctrl-C once the hook runs.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for !strings.Contains(out.String(), "hook began") {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	res, err := s.Eval(ctx, Input{Name: "<stdin>", Line: 1, Src: "func other() {}"})
	if err != nil {
		t.Fatal(err)
	}
	e := res.Handover.BeforeReload
	if !errors.Is(e, ErrHookRunning) ||
		!strings.Contains(e.Error(), "BeforeReload was interrupted") {
		t.Errorf("BeforeReload error = %v, want one wrapping ErrHookRunning", e)
	}
	if len(res.Handover.Kept) != 0 {
		t.Errorf("kept %v after a BeforeReload that did not return", res.Handover.Kept)
	}
	// The AfterReload after it returns at once: not called interrupted.
	if e := res.Handover.AfterReload; e != nil {
		t.Errorf("AfterReload error = %v, want none", e)
	}
	if res.Generation != s.Current().N() || !slices.Contains(s.Current().Names(), "other") {
		t.Error("the reload did not happen")
	}
	if got := call(t, s.Current(), "bump", 0); got != 1 {
		t.Errorf("bump after the reload = %v, want 1 (count afresh)", got)
	}
	time.Sleep(time.Second) // let the hook end before goleak looks
}

// A variable left by Leave is not read: it starts afresh and is reported.
func TestLeaveStartsAVariableAfresh(t *testing.T) {
	s, _, _ := newTestSession(t, Options{Adopt: func(ctx context.Context, next *Generation,
		changed []string) error {
		next.Leave([]string{"busy"})
		return nil
	}})
	eval(t, s, "var busy = 1")
	eval(t, s, "var calm = 1")
	eval(t, s, "func bump(n int) int { busy++; calm++; return busy }")
	call(t, s.Current(), "bump", 0)
	res := eval(t, s, "func other() {}")
	if !slices.Equal(res.Handover.Busy, []string{"busy"}) || slices.Contains(res.Handover.Kept, "busy") {
		t.Errorf("handover %+v, want busy afresh", res.Handover)
	}
	// The stages' generation, not the prompt's own copy.
	if got, _ := s.Current().Var("busy"); got != 1 {
		t.Errorf("busy = %v, want 1 (afresh)", got)
	}
	if got, _ := s.Current().Var("calm"); got != 2 {
		t.Errorf("calm = %v, want 2 (kept)", got)
	}
}
