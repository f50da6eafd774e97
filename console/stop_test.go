package console

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// blocking is a stage that holds message 3 until release fires, so that
// its goroutine ends before the test does and goleak is happy. (The
// prompt's interpreter is not the stages', so a foreground close could not
// release it.)
const blocking = `import "time"
var release = time.After(2 * time.Second)
func hold(n int) int { if n == 3 { <-release }; return n }
:source t ticker every=1ms
:stage hold
:sink c count
:wire t -> hold -> c
:start
:wait hold.in >= 3
`

// Ctrl-C ends the wait of a graceful stop at once: it escalates to the
// immediate stop and the session goes on.
func TestInterruptEndsTheWaitOfAStop(t *testing.T) {
	inR, inW := io.Pipe()
	interrupts := make(chan os.Signal, 1)
	var out, errs syncBuffer
	done := make(chan int)
	go func() {
		done <- Run(context.Background(), Config{Mode: Piped, In: inR, Out: &out, Err: &errs,
			Name: "t.pcs", NoColor: true, Interrupts: interrupts})
	}()

	io.WriteString(inW, blocking+"println(\"stopping\")\n:stop timeout=1h\n")
	waitFor(t, &out, "stopping")
	// Interrupt until the stop reports: an interrupt that lands before
	// :stop began finds nothing in the foreground and is ignored.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "stopped at once") {
		if time.Now().After(deadline) {
			t.Fatalf("Ctrl-C did not end the stop:\n%s", out.String())
		}
		select {
		case interrupts <- os.Interrupt:
		default:
		}
		waitForOrNot(&out, "stopped at once")
	}
	waitFor(t, &out, "still alive: hold")

	// The session still answers; releasing the stage ends its goroutine.
	io.WriteString(inW, ":wait leaks == 0\n:quit\n")
	inW.Close()
	if code := <-done; code != 0 {
		t.Errorf("exit %d:\n%s", code, errs.String())
	}
}

// waitForOrNot polls b for want for a little while.
func waitForOrNot(b *syncBuffer, want string) {
	for i := 0; i < 20 && !strings.Contains(b.String(), want); i++ {
		time.Sleep(5 * time.Millisecond)
	}
}

// :stop now does not wait the graceful timeout for a stage stuck in user
// code: it reports it alive after its own short wait.
func TestStopNowReportsAStuckStageWithoutWaitingLong(t *testing.T) {
	code, out, errs := runText(t, Script, blocking+":stop now\n:wait leaks == 0 timeout=10s\n")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	if !strings.Contains(out, "stopped at once") || !strings.Contains(out, "still alive: hold") {
		t.Errorf("want an immediate stop that names the stuck stage:\n%s", out)
	}
}
