package console

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// An interrupt ends the foreground evaluation only: the graph keeps flowing
// and the session keeps reading (Y7).
func TestInterruptEndsOnlyTheForeground(t *testing.T) {
	inR, inW := io.Pipe()
	interrupts := make(chan os.Signal, 1)
	var out, errs syncBuffer
	done := make(chan int)
	go func() {
		done <- Run(context.Background(), Config{Mode: Piped, In: inR, Out: &out, Err: &errs,
			Name: "t.pcs", NoColor: true, Interrupts: interrupts})
	}()

	io.WriteString(inW, "func inc(n int) int { return n + 1 }\n:source t ticker every=2ms\n"+
		":stage inc\n:sink c count\n:wire t -> inc -> c\n:start\n:wait c.in >= 3\n")
	waitFor(t, &out, "started run 1")
	io.WriteString(inW, "for {}\n")
	time.Sleep(100 * time.Millisecond) // let the loop start
	interrupts <- os.Interrupt
	waitFor(t, &errs, "interrupted")

	// The count keeps rising after the interrupt.
	io.WriteString(inW, ":wait c.in >= 40 timeout=3s\n:expect inc.errors == 0\n:stop\n")
	inW.Close()
	if code := <-done; code != 1 { // the interrupt counts as a failure in piped mode
		t.Errorf("exit %d", code)
	}
	if strings.Contains(errs.String(), "timed out") || strings.Contains(errs.String(), ":expect") {
		t.Errorf("the graph stopped flowing after the interrupt:\n%s", errs.String())
	}
	if !strings.Contains(out.String(), "stopped gracefully") {
		t.Errorf("no stop report:\n%s", out.String())
	}
}

// waitFor polls b until it contains want, for up to 5s.
func waitFor(t *testing.T, b *syncBuffer, want string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		if strings.Contains(b.String(), want) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no %q in:\n%s", want, b.String())
}
