package console

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

var cmdWait = &command{
	name:    "wait",
	args:    "COND [timeout=DURATION]",
	summary: "wait until COND holds (default timeout 5s)",
	detail: `COND is NAME.in|out|errors|version OP N, goroutines OP N (the whole
process) or leaks OP N (goroutines of stopped runs still alive), with OP one
of == != < <= > >=. Example: :wait count.in >= 10 timeout=2s`,
	minPos: 1, maxPos: -1,
	opts: []string{"timeout"},
	run: func(c *Console, ctx context.Context, a Args) (string, error) {
		cond, err := parseCond(a.joinPos())
		if err != nil {
			return "", err
		}
		timeout, err := a.optDuration("timeout", 5*time.Second)
		if err != nil {
			return "", err
		}
		return "", c.waitFor(ctx, cond, timeout)
	},
}

var cmdExpect = &command{
	name:    "expect",
	args:    "COND",
	summary: "fail unless COND holds now (see :help wait for COND)",
	minPos:  1, maxPos: -1,
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		cond, err := parseCond(a.joinPos())
		if err != nil {
			return "", err
		}
		v, err := c.counter(cond)
		if err != nil {
			return "", err
		}
		if !cond.Holds(v) {
			return "", fmt.Errorf("%s is %d, want %s %d", cond.Counter(), v, cond.Op, cond.Want)
		}
		return "", nil
	},
}

var cmdSleep = &command{
	name:    "sleep",
	args:    "DURATION",
	summary: "pause (Ctrl-C interrupts)",
	minPos:  1, maxPos: 1,
	run: func(c *Console, ctx context.Context, a Args) (string, error) {
		d, err := time.ParseDuration(a.Pos[0])
		if err != nil || d < 0 {
			return "", fmt.Errorf("%q: want a duration such as 100ms or 2s", a.Pos[0])
		}
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return "", nil
		case <-ctx.Done():
			return "", errInterrupted
		}
	},
}

// waitFor polls cond every 10ms until it holds, timeout passes or ctx ends.
func (c *Console) waitFor(ctx context.Context, cond Cond, timeout time.Duration) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		v, err := c.counter(cond)
		if err != nil {
			return err
		}
		if cond.Holds(v) {
			return nil
		}
		if cond.Node != "" && !c.graph.Running() {
			// Nothing moves a stopped graph's counters: waiting is futile.
			return fmt.Errorf("the graph is not running: %s is %d, want %s %d",
				cond.Counter(), v, cond.Op, cond.Want)
		}
		select {
		case <-tick.C:
		case <-deadline.C:
			return fmt.Errorf("timed out after %v: %s is %d, want %s %d",
				timeout, cond.Counter(), v, cond.Op, cond.Want)
		case <-ctx.Done():
			return errInterrupted
		}
	}
}

// counter reads the counter a condition names.
func (c *Console) counter(cond Cond) (int64, error) {
	switch cond.Field {
	case "goroutines":
		return int64(runtime.NumGoroutine()), nil
	case "leaks":
		census, err := c.graph.Census()
		if err != nil {
			return 0, err
		}
		return int64(leaks(census)), nil
	}
	st := c.graph.Status()
	names := make([]string, 0, len(st.Nodes))
	for _, n := range st.Nodes {
		names = append(names, n.Name)
		if n.Name != cond.Node {
			continue
		}
		switch cond.Field {
		case "in":
			return int64(n.In), nil
		case "out":
			return int64(n.Out), nil
		case "errors":
			return int64(n.Errors), nil
		case "version":
			return int64(n.Version), nil
		}
	}
	return 0, fmt.Errorf("unknown stage %q%s", cond.Node, didYouMean(cond.Node, names))
}
