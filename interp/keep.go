package interp

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"reflect"
	"slices"
	"strings"
	"time"
)

// keepMark marks a variable whose value survives a changed declaration.
const keepMark = "//pc:keep"

// The names of the reload hooks a program may define, each a func().
const (
	BeforeReloadHook = "BeforeReload"
	AfterReloadHook  = "AfterReload"
)

// markedKeep reports whether the declaration on lines first..last
// (1-based, inclusive) of lines carries the keep mark: on the line above
// it, or in a comment on one of its own lines.
func markedKeep(lines []string, first, last int) bool {
	if first >= 2 && first-2 < len(lines) &&
		strings.HasPrefix(strings.TrimSpace(lines[first-2]), keepMark) {
		return true
	}
	for l := first; l <= last && l-1 < len(lines); l++ {
		if l >= 1 && strings.Contains(lines[l-1], keepMark) {
			return true
		}
	}
	return false
}

// Handover is what a new generation took over from the one before it.
type Handover struct {
	Kept        []string // variables whose value was carried over
	Fresh       []string // variables initialised afresh: declaration changed
	TypeChanged []string // variables initialised afresh: their type changed
	Busy        []string // variables initialised afresh: code still running uses them (Leave)
	// BeforeReload is the error (a panic) of the previous generation's
	// BeforeReload hook, AfterReload that of this generation's.
	BeforeReload, AfterReload error
}

// Takeover runs the BeforeReload hook of prev and then carries the values
// of package-level variables from prev into g, by this rule: a variable
// whose declaration is unchanged keeps its value; one whose declaration
// changed is initialised afresh, unless it is marked //pc:keep (on the
// line above or in a comment on its own line); either way a variable
// whose type changed is initialised afresh. A value is carried as Go
// assigns it: a map, slice or pointer is shared with prev.
//
// Takeover must run while no code of prev can touch those variables
// (stages paused, or not running): the copy reads them. A panic of the
// hook is reported in Handover.BeforeReload and does not stop the copy.
// A hook that has not returned when ctx ends or after hookWait is left
// running (see RunHook); then nothing is carried, since the hook may
// still change what the copy would read. Session calls Takeover itself,
// after Options.Adopt, unless Adopt called it first; it runs once per
// generation.
func (g *Generation) Takeover(ctx context.Context, prev *Generation) Handover {
	if g.tookOver || prev == nil {
		return g.handover
	}
	g.tookOver = true
	g.handover.BeforeReload = prev.RunHook(ctx, BeforeReloadHook)
	if errors.Is(g.handover.BeforeReload, ErrHookRunning) {
		g.handover.BeforeReload = fmt.Errorf("%w; no variable was carried over",
			g.handover.BeforeReload)
		return g.handover
	}
	if g.fresh || prev.i == nil || g.i == nil {
		return g.handover
	}
	olds, news := prev.i.Globals(), g.i.Globals()
	for _, u := range g.prog.units {
		if u.tok != token.VAR {
			continue
		}
		for _, name := range u.names {
			g.carry(prev, u, name, olds[name], news[name])
		}
	}
	return g.handover
}

// Leave names variables that Takeover must not read: code of the previous
// generation that could not be stopped (a stage that ignores its stop)
// still uses them, and reading them would race with it. They start afresh
// (Handover.Busy). Call it before Takeover.
func (g *Generation) Leave(names []string) { g.leave = append(g.leave, names...) }

// carry copies one variable's value if the rule allows it.
func (g *Generation) carry(prev *Generation, u *unit, name string, old, cur reflect.Value) {
	o := prev.prog.lookup(name)
	if o == nil || o.tok != token.VAR || !old.IsValid() || !cur.IsValid() || name == "_" {
		return
	}
	h := &g.handover
	switch {
	case slices.Contains(g.leave, name):
		h.Busy = append(h.Busy, name)
	case o.cmp != u.cmp && !u.keep:
		h.Fresh = append(h.Fresh, name)
	case old.Type() != cur.Type() || !cur.CanSet():
		h.TypeChanged = append(h.TypeChanged, name)
	default:
		cur.Set(old)
		h.Kept = append(h.Kept, name)
	}
}

// ErrHookRunning is returned (wrapped) by RunHook for a hook that did not
// return in time: it goes on running in the background, and nothing can
// stop it (its interpreter is the one the stages use).
var ErrHookRunning = errors.New("still running")

// hookWait bounds how long RunHook waits for a hook.
const hookWait = 10 * time.Second

// RunHook calls the program's func() named name, if it has one, and
// returns its panic as an error. A hook of another type is an error and
// is not called. RunHook waits for the hook until ctx ends (Ctrl-C) or
// for hookWait; then it returns an error wrapping ErrHookRunning and the
// hook's goroutine is left to run (a `for {}` spins on a core until the
// process ends), so that the console never hangs on one.
func (g *Generation) RunHook(ctx context.Context, name string) error {
	v, ok := g.funcs[name]
	if !ok {
		return nil
	}
	if t := v.Type(); t.NumIn() != 0 || t.NumOut() != 0 {
		return fmt.Errorf("%s is %s, want func(): not called", name, t)
	}
	done := make(chan error, 1)
	go func() { done <- g.callHook(v, name) }()
	t := time.NewTimer(hookWait)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		// A hook that returns at once was not interrupted: the context
		// may have ended before it started (Ctrl-C on the BeforeReload
		// before it, whose reload goes on).
		grace := time.NewTimer(hookGrace)
		defer grace.Stop()
		select {
		case err := <-done:
			return err
		case <-grace.C:
		}
		return fmt.Errorf("%s was interrupted and is %w in the background", name, ErrHookRunning)
	case <-t.C:
		return fmt.Errorf("%s did not return within %v and is %w in the background",
			name, hookWait, ErrHookRunning)
	}
}

// hookGrace is how long a hook may take to return once the context has
// ended before it counts as interrupted.
const hookGrace = 50 * time.Millisecond

// callHook calls the hook v and returns its panic as an error, with its
// place in the user's source when yaegi traced one.
func (g *Generation) callHook(v reflect.Value, name string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if rv, ok := p.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
				p = rv.Interface()
			}
			err = fmt.Errorf("%s panicked: %v", name, g.place(p))
		}
	}()
	v.Call(nil)
	return nil
}
