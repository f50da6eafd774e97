package interp

import (
	"testing"
)

// After an input the session has a spare made, and the next build takes
// it rather than making its own; no interpreter is handed out twice.
func TestSpareMadeAfterInputIsTaken(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	eval(t, s, "func f() int { return 1 }")
	s.spare.mu.Lock()
	pending := s.spare.ready != nil
	s.spare.mu.Unlock()
	if !pending {
		t.Fatal("no spare is being made after an input")
	}
	i1 := s.spare.take(s, &traceFilter{})
	if i1 == nil {
		t.Fatal("take found no spare after an input")
	}
	// A take right after another is a burst: the next spare is being
	// made already, and it is another interpreter.
	i2 := s.spare.take(s, &traceFilter{})
	if i2 == nil || i2 == i1 {
		t.Errorf("second take = %p after %p: want another interpreter", i2, i1)
	}
}

// Close does not wait out the spare's delay, and a session closed while a
// spare waits to be made leaves no goroutine (TestMain checks with goleak).
func TestCloseHurriesTheSpare(t *testing.T) {
	for range 20 {
		s, err := New(Options{})
		if err != nil {
			t.Fatal(err)
		}
		eval(t, s, "func f() int { return 1 }")
		s.Close()
		s.spare.mu.Lock()
		left := s.spare.ready != nil || s.spare.next != nil
		s.spare.mu.Unlock()
		if left {
			t.Fatal("Close left a spare")
		}
	}
}
