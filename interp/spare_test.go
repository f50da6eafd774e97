package interp

import (
	"testing"
	"time"
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
	s.spare.refill(s)
	i2 := s.spare.take(s, &traceFilter{})
	if i2 == nil || i2 == i1 {
		t.Errorf("take after refill = %p after %p: want another interpreter", i2, i1)
	}
}

// A take within burstGap of the one before starts making the next spare
// at once; one after a pause leaves it to refill.
func TestSpareInABurst(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	pending := func() bool {
		s.spare.mu.Lock()
		defer s.spare.mu.Unlock()
		return s.spare.ready != nil
	}
	s.spare.take(s, &traceFilter{}) // the first take: nothing to take, no burst
	if pending() {
		t.Fatal("a lone take started a spare")
	}
	s.spare.mu.Lock()
	s.spare.last = time.Now() // as if a take had just come
	s.spare.mu.Unlock()
	s.spare.take(s, &traceFilter{})
	if !pending() {
		t.Fatal("a take in a burst did not start the next spare")
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
