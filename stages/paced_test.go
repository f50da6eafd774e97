package stages

import (
	"errors"
	"testing"
	"time"
)

func TestPacedSendsEverythingTheInnerSourceSends(t *testing.T) {
	out := make(chan any, 10)
	err := Paced(Ticker(time.Microsecond, 5), time.Microsecond)(make(chan struct{}), out)
	if err != nil {
		t.Fatal(err)
	}
	close(out)
	var got []int
	for m := range out {
		got = append(got, m.(int))
	}
	if len(got) != 5 || got[0] != 1 || got[4] != 5 {
		t.Fatalf("got %v, want 1..5", got)
	}
}

func TestPacedStopsWithItsInnerSource(t *testing.T) {
	stop := make(chan struct{})
	returned := make(chan error)
	go func() { returned <- Paced(Ticker(time.Millisecond, 0), time.Hour)(stop, make(chan any)) }()
	close(stop)
	if err := <-returned; err != nil {
		t.Fatal(err)
	}
}

func TestPacedPassesOnTheInnerError(t *testing.T) {
	boom := errors.New("boom")
	inner := func(stop <-chan struct{}, out chan<- any) error { return boom }
	if err := Paced(inner, time.Microsecond)(make(chan struct{}), make(chan any)); !errors.Is(err, boom) {
		t.Fatalf("err %v, want boom", err)
	}
}
