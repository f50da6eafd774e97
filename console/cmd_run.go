package console

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/pipeconsole/pipeconsole/stages"
)

var cmdStop = &command{
	name:    "stop",
	args:    "[now] [timeout=DURATION]",
	summary: "stop the graph: drain every message (default), or at once with now",
	detail: `The graceful stop lets every message inside reach the sinks, for at
most timeout (default 5s); then it stops at once. :stop now discards what is
in the channels and waits for the goroutines at most timeout (default 1s).
Ctrl-C ends either wait at once. Both report goroutines still alive, by
stage: a stage stuck in code that never returns cannot be ended from
outside, and is counted under leaks until it returns.`,
	maxPos: 1,
	opts:   []string{"timeout"},
	run: func(c *Console, ctx context.Context, a Args) (string, error) {
		now := false
		if len(a.Pos) == 1 {
			if a.Pos[0] != "now" {
				return "", fmt.Errorf("unknown word %q (want now)", a.Pos[0])
			}
			now = true
		}
		def := c.cfg.StopTimeout
		if now {
			def = stopNowWait
		}
		timeout, err := a.optDuration("timeout", def)
		if err != nil {
			return "", err
		}
		if !c.graph.Running() {
			return "", errors.New("the graph is not running")
		}
		return c.stopGraphCtx(ctx, now, timeout)
	},
}

// stopGraph stops the graph and renders the report, then waits briefly for
// the goroutine count to settle (G1) and compares it with the count before
// :start.
func (c *Console) stopGraph(now bool, timeout time.Duration) (string, error) {
	return c.stopGraphCtx(context.Background(), now, timeout)
}

// stopNowWait bounds how long :stop now waits for goroutines to end.
const stopNowWait = time.Second

// stopGraphCtx is stopGraph with a parent context: an interrupt (Ctrl-C)
// ends the wait, and a graceful stop then escalates to an immediate one.
func (c *Console) stopGraphCtx(parent context.Context, now bool,
	timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	var rep stages.StopReport
	var err error
	if now {
		rep, err = c.graph.StopNow(ctx)
	} else {
		stopped := c.noteSlow(slowStop, fmt.Sprintf("stopping: the graph is still draining; "+
			"waiting up to %v (Ctrl-C stops it at once)", timeout))
		rep, err = c.graph.Stop(ctx)
		stopped()
	}
	if err != nil && ctx.Err() == nil {
		return "", err
	}
	c.mu.Lock()
	before := c.preStart
	c.mu.Unlock()
	alive := 0
	n := settle(before)
	leakText, leaked := c.leakCheckCount(context.Background())
	for _, g := range rep.Alive {
		alive += g.Count
	}
	interrupted := parent.Err() != nil
	return renderStop(rep, now, timeout, interrupted) +
		settleText(n, before, max(leaked, alive)) + leakText + "\n", nil
}

// slowStop is how long a graceful stop runs before the console says that
// it is waiting, and how to end the wait.
const slowStop = 500 * time.Millisecond

// noteSlow prints note if the work it is called for is still under way
// after after; the work calls the function it returns when it is over.
func (c *Console) noteSlow(after time.Duration, note string) (over func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTimer(after)
		defer t.Stop()
		select {
		case <-t.C:
			c.out.Printf("%s", c.outPal.noticef(note))
		case <-done:
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// settle polls runtime.NumGoroutine for up to a second until it is back to
// before, and returns where it ended.
func settle(before int) int {
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(time.Second); n > before && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

// settleText compares the goroutine count n after a stop with before, the
// count before :start. leaked is how many of the graph's goroutines are
// known to be still alive (counted by label, which is exact where the
// process total is not: other goroutines come and go). It never says
// "back" while the graph left any, and never blames the graph for a
// higher total it does not own.
func settleText(n, before, leaked int) string {
	switch {
	case leaked > 0 && n-leaked < before:
		// The total alone would hide the leak: say why it does not add up.
		return fmt.Sprintf("goroutines: %d (%d before :start, some of them ended since); "+
			"the graph left %d behind\n", n, before, leaked)
	case leaked > 0:
		return fmt.Sprintf("goroutines: %d (%d before :start); the graph left %d behind\n",
			n, before, leaked)
	case n == before:
		return fmt.Sprintf("goroutines: %d, back to the count before :start\n", n)
	case n < before:
		return fmt.Sprintf("goroutines: %d, fewer than before :start (%d)\n", n, before)
	}
	return fmt.Sprintf("goroutines: %d (%d before :start), none of them the graph's "+
		"(see :goroutines)\n", n, before)
}

// leaks counts the goroutines of stopped runs still alive.
func leaks(census stages.Census) int {
	n := 0
	for _, g := range census.Groups {
		if g.Leaked {
			n += g.Count
		}
	}
	return n
}

// aliveText renders goroutines still alive after a stop, by stage.
func aliveText(groups []stages.Group) string {
	var parts []string
	for _, g := range groups {
		parts = append(parts, fmt.Sprintf("%s: %d", groupName(g), g.Count))
	}
	return strings.Join(parts, ", ")
}
