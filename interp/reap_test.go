package interp

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	yaegi "github.com/traefik/yaegi/interp"
)

// spinning reports whether an evaluation goroutine of yaegi is still
// running, waiting up to d for every one to end.
func spinning(d time.Duration) bool {
	for deadline := time.Now().Add(d); ; {
		buf := make([]byte, 1<<20)
		if !strings.Contains(string(buf[:runtime.Stack(buf, true)]), "EvalWithContext.func") {
			return false
		}
		if time.Now().After(deadline) {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestBumpRunIDFindsTheField(t *testing.T) {
	if !bumpRunID(yaegi.New(yaegi.Options{})) {
		t.Fatal("yaegi.Interpreter has no uint64 field id: reap.go no longer stops lost cancels")
	}
}

// A context cancelled before yaegi's goroutine begins its run is lost by
// yaegi: without the reaper the `for {}` spins forever.
func TestLostCancelIsReaped(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	i := yaegi.New(yaegi.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.evalCtx(ctx, i, "for {}"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	id := strconv.FormatUint(s.evals.Load(), 10)
	for deadline := time.Now().Add(5 * time.Second); evalAlive(id); {
		if time.Now().After(deadline) {
			t.Fatal("the interrupted `for {}` still runs after 5 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Ctrl-C at any moment of an input, early or late, leaves nothing running.
func TestInterruptAtAnyMomentLeavesNothing(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, "func f() int { return 1 }")
	for n := range 40 {
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(time.Duration(rand.IntN(3000)) * time.Microsecond)
			cancel()
		}()
		src := "for {}"
		if n%2 == 1 {
			src = "func spin() int { for {} }\nvar x = spin()"
		}
		_, err := s.Eval(ctx, Input{Name: "<stdin>", Line: 1, Src: src})
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("input %d: err = %v, want ErrInterrupted", n, err)
		}
		cancel()
	}
	if spinning(10 * time.Second) {
		t.Fatal("an interrupted input still runs 10 s after its cancel")
	}
	if res := eval(t, s, "f()"); res.Value != "1" {
		t.Errorf("f() = %q after the interrupts", res.Value)
	}
}
