package console

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// A watched save whose BeforeReload does not return says that it waits,
// and Ctrl-C ends the wait: the reload goes on and reports the hook as
// still running, where it held the console until the hook returned.
func TestCtrlCEndsTheWaitForAWatchedReloadsHook(t *testing.T) {
	dir := t.TempDir()
	src := func(tag string) string {
		return "package p\n\nimport \"time\"\n\nvar tag = \"" + tag + "\"\n\n" +
			"func BeforeReload() { time.Sleep(3 * time.Second) }\n"
	}
	f := write(t, dir, "h.go", src("v1"))
	r, w := io.Pipe()
	interrupts := make(chan os.Signal, 1)
	l := &live{t: t, in: w, done: make(chan int, 1)}
	go func() {
		l.done <- Run(context.Background(), Config{Mode: Piped, In: r, Out: &l.out,
			Err: &l.errs, Name: "t.pcs", NoColor: true, Interrupts: interrupts})
	}()
	t.Cleanup(func() {
		l.end()
		time.Sleep(3 * time.Second) // let the hook end before goleak looks
	})
	l.send(":watch " + f)
	l.await(&l.out, "(generation 1)", 1)

	write(t, dir, "h.go", src("v2"))
	l.await(&l.out, ": still under way after 1s (a reload hook may not return; Ctrl-C stops", 1)
	interrupts <- os.Interrupt
	out := l.await(&l.out, "changed tag", 1)
	if !strings.Contains(out, "BeforeReload was interrupted") {
		t.Errorf("the reload did not report the hook as interrupted:\n%s", out)
	}
}
