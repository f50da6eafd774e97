package interp

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(windDown{m})
}

// windDown runs the tests, then gives evaluations that a test cancelled
// time to end before goleak looks (Y7: yaegi's EvalWithContext returns at
// once on cancel while its goroutine runs on until the interpreted code
// next looks at the cancel; on a loaded machine that can take longer than
// goleak's own retries). What is still running after 10 s is reported.
type windDown struct{ m *testing.M }

func (w windDown) Run() int {
	code := w.m.Run()
	spinning(10 * time.Second)
	return code
}

// hammer calls fn of g from n goroutines until stop is closed, checking
// every answer with check, and returns how many calls were made.
func hammer(t *testing.T, g func() *Generation, fn string, n int, stop <-chan struct{}, check func(in int, out any) error) *atomic.Int64 {
	t.Helper()
	var calls atomic.Int64
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				h, _, err := g().Handler(fn)
				if err != nil {
					t.Error(err)
					return
				}
				out, _, err := h(i)
				if err == nil {
					err = check(i, out)
				}
				if err != nil {
					t.Error(err)
					return
				}
				calls.Add(1)
			}
		}()
	}
	t.Cleanup(wg.Wait)
	return &calls
}

func TestInterruptLeavesStagesAlone(t *testing.T) { // Y7
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, "func inc(n int) int { return n + 1 }")
	g := s.Current()

	stop := make(chan struct{})
	calls := hammer(t, func() *Generation { return g }, "inc", 2, stop, func(in int, out any) error {
		if out != in+1 {
			return fmt.Errorf("inc(%d) = %v", in, out) // a zero value: Y7
		}
		return nil
	})
	defer close(stop)

	for range 3 {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := s.Eval(ctx, Input{Name: "<stdin>", Line: 1, Src: "for {}"})
			done <- err
		}()
		before := calls.Load()
		for calls.Load() < before+20 {
			time.Sleep(time.Millisecond) // let the handler run during the loop
		}
		cancel()
		if err := <-done; !errors.Is(err, ErrInterrupted) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want ErrInterrupted and context.Canceled", err)
		}
	}

	// The stages' generation still answers, and so does the prompt.
	if got := call(t, g, "inc", 1); got != 2 {
		t.Errorf("inc(1) = %v", got)
	}
	if res := eval(t, s, "inc(41)"); res.Value != "42" {
		t.Errorf("inc(41) at the prompt = %q", res.Value)
	}
}

func TestInterruptDefinition(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, "func f() int { return 1 }")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := s.Eval(ctx, Input{Name: "<stdin>", Line: 1, Src: "func spin() int { for {} }\nvar x = spin()"})
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("err = %v, want ErrInterrupted", err)
	}
	if s.Current().N() != 1 {
		t.Errorf("generation %d, want 1", s.Current().N())
	}
}

func TestRedefineWhileStagesRun(t *testing.T) { // Y10
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, "func scale(n int) int { return n * 1 }")

	stop := make(chan struct{})
	calls := hammer(t, s.Current, "scale", 2, stop, func(in int, out any) error {
		n, ok := out.(int)
		if in == 0 && n == 0 {
			return nil
		}
		if !ok || in == 0 || n%in != 0 || n/in < 1 || n/in > 10 {
			return fmt.Errorf("scale(%d) = %v", in, out)
		}
		return nil
	})
	for k := 2; k <= 10; k++ {
		eval(t, s, fmt.Sprintf("func scale(n int) int { return n * %d }", k))
	}
	close(stop)
	if calls.Load() == 0 {
		t.Error("no calls were made")
	}
	if got := call(t, s.Current(), "scale", 3); got != 30 {
		t.Errorf("scale(3) = %v, want 30", got)
	}
}
