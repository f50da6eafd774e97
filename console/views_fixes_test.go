package console

import (
	"strings"
	"testing"
	"time"

	"github.com/pipeconsole/pipeconsole/stages"
)

// A stage spinning in its code (no sleep, no channel, no lock: only
// yaegi's frames on its stack, but for one look at the clock in a million
// turns) holds one message: STUCK.
func TestStatusFlagsAStageSpinningInItsCode(t *testing.T) {
	c, _ := newTestConsole(t)
	do(t, c, `import "time"`,
		`func spin(n int) int { if n == 2 { start := time.Now(); for i := 1; i%1000000 != 0 || time.Since(start) < 3*time.Second; i++ {} }; return n }`,
		":source t ticker every=1ms limit=3", ":stage spin", ":sink s count",
		":wire t -> spin -> s", ":start", ":wait spin.in >= 2")

	// Poll until the view flags it or the spin is over (spin.out reaches
	// 2): no timing is asserted, only that some view while it spun did.
	var out string
	flagged := false
	for !flagged {
		out = do(t, c, ":status stuck=20ms")
		flagged = strings.Contains(out, "STUCK spin: one message in hand")
		if st := c.graph.Status(); st.Nodes[1].Out >= 2 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !flagged {
		t.Errorf("the spinning stage was never flagged STUCK; last:\n%s", out)
	}
	do(t, c, ":wait s.in >= 3", ":stop")
}

// A stage waiting on a channel of its own inside its code is flagged too,
// and :goroutines says what its code waits on: a channel receive, not
// reflect's select.
func TestGoroutinesSayWhatInterpretedCodeWaitsOn(t *testing.T) {
	c, _ := newTestConsole(t)
	do(t, c, `import "time"`,
		`func hold(n int) int { if n == 2 { <-time.After(2 * time.Second) }; return n }`,
		":source t ticker every=1ms limit=3", ":stage hold", ":sink s count",
		":wire t -> hold -> s", ":start", ":wait hold.in >= 2")
	var status, gor string
	for {
		status = do(t, c, ":status stuck=20ms")
		gor = do(t, c, ":goroutines hold")
		if strings.Contains(status, "STUCK hold") || c.graph.Status().Nodes[1].Out >= 2 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !strings.Contains(status, "STUCK hold: one message in hand for 0s, in chan receive") {
		t.Errorf(":status never flagged hold in a chan receive; last:\n%s", status)
	}
	if !strings.Contains(gor, "1× in chan receive") {
		t.Errorf(":goroutines hold:\n%s", gor)
	}
	do(t, c, ":wait s.in >= 3", ":stop")
}

func TestSettleTextNeverSaysBackWhileGoroutinesAreLeft(t *testing.T) {
	tests := []struct {
		name              string
		n, before, leaked int
		want              string
	}{
		{"a leak under an unchanged total is named, and why the total hides it", 14, 14, 1,
			"goroutines: 14 (14 before :start, some of them ended since); " +
				"the graph left 1 behind\n"},
		{"a lower total is not called the same", 13, 14, 0,
			"goroutines: 13, fewer than before :start (14)\n"},
		{"no leak and the same total is back", 14, 14, 0,
			"goroutines: 14, back to the count before :start\n"},
		{"a leak is counted by label, not by the difference", 16, 14, 3,
			"goroutines: 16 (14 before :start, some of them ended since); " +
				"the graph left 3 behind\n"},
		{"a leak on top of an unchanged rest", 17, 14, 3,
			"goroutines: 17 (14 before :start); the graph left 3 behind\n"},
		{"a higher total without a leak is not the graph's", 16, 14, 0,
			"goroutines: 16 (14 before :start), none of them the graph's (see :goroutines)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := settleText(tt.n, tt.before, tt.leaked); got != tt.want {
				t.Errorf("settleText(%d, %d, %d) = %q, want %q", tt.n, tt.before, tt.leaked, got, tt.want)
			}
		})
	}
}

func statusOf(run int, in uint64) stages.Status {
	return stages.Status{Running: true, Run: run, Nodes: []stages.NodeStatus{
		{Name: "up", Kind: stages.KindStage, In: in}}}
}

func TestRateWithoutAnEarlierSampleInTheWindow(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	t.Run("one sample: since the run started", func(t *testing.T) {
		var in insight
		in.started(1, t0)
		in.record(statusOf(1, 128), t0.Add(2*time.Second))
		if got := in.rate("up"); got != 64 {
			t.Errorf("rate = %v, want 64", got)
		}
	})
	t.Run("samples further apart than the window: since the first", func(t *testing.T) {
		var in insight
		in.record(statusOf(1, 10), t0)
		in.record(statusOf(1, 110), t0.Add(10*time.Second))
		if got := in.rate("up"); got != 10 {
			t.Errorf("rate = %v, want 10", got)
		}
	})
	t.Run("a start of another run is not used", func(t *testing.T) {
		var in insight
		in.started(1, t0)
		in.record(statusOf(2, 128), t0.Add(2*time.Second))
		if got := in.rate("up"); got != 0 {
			t.Errorf("rate = %v, want 0", got)
		}
	})
	t.Run("inside the window the window's samples count", func(t *testing.T) {
		var in insight
		in.started(1, t0)
		in.record(statusOf(1, 100), t0.Add(10*time.Second))
		in.record(statusOf(1, 120), t0.Add(11*time.Second))
		if got := in.rate("up"); got != 20 {
			t.Errorf("rate = %v, want 20", got)
		}
	})
}
