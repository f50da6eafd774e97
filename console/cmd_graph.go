package console

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/pipeconsole/pipeconsole/interp"
	"github.com/pipeconsole/pipeconsole/stages"
)

var cmdSource = &command{
	name: "source",
	args: "NAME lines file=PATH [follow=true] [every=DURATION]\n" +
		"  :source NAME ticker every=DURATION [limit=N]\n" +
		"  :source NAME fn=FUNC",
	summary: "add a source: the lines of a file, the ints 1, 2, 3, ... on a timer, or Go",
	detail: `lines sends each line of the file as a string; follow=true keeps
reading as the file grows until the graph stops; every=DURATION sends at
most one line per DURATION, as a live feed would. ticker sends 1, 2, 3, ...
every DURATION, limit=N of them (0 or absent: no limit). The file of a
lines source is checked now and opened at each :start.
fn=FUNC runs the session function FUNC, a source written in Go:
func(stop <-chan struct{}, out chan<- T). It sends on out, selecting on
stop too, and returns when it has no more; the runtime then closes out.
Redefining FUNC stops that version, waits for it, and starts the new one.`,
	minPos: 1, maxPos: 2,
	opts: []string{"file", "follow", "every", "limit", "fn"},
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		if err := checkName(a.Pos[0]); err != nil {
			return "", err
		}
		if fn, ok := a.Opts["fn"]; ok && len(a.Pos) == 1 && len(a.Opts) == 1 {
			c.mu.Lock()
			defer c.mu.Unlock()
			return "", c.addGoSource(a.Pos[0], fn) // loopstage.go
		}
		if len(a.Pos) != 2 {
			return "", fmt.Errorf("usage: :source NAME lines|ticker ... or :source NAME fn=FUNC")
		}
		name, kind := a.Pos[0], a.Pos[1]
		if _, err := newSource(kind, a); err != nil {
			return "", err
		}
		// The setup checks the file again and makes the source at :start.
		setup := func() (stages.SourceFunc, error) { return newSource(kind, a) }
		c.mu.Lock()
		defer c.mu.Unlock()
		if err := c.graph.AddSourceSetup(name, setup); err != nil {
			return "", nodeErr(name, err)
		}
		c.types[name] = sourceType(kind)
		return "", nil
	},
}

// newSource builds the source of kind from its options.
func newSource(kind string, a Args) (stages.SourceFunc, error) {
	switch kind {
	case "lines":
		if err := only(a, "file", "follow", "every"); err != nil {
			return nil, err
		}
		path, ok := a.Opts["file"]
		if !ok {
			return nil, fmt.Errorf("lines needs file=PATH")
		}
		follow, err := a.optBool("follow", false)
		if err != nil {
			return nil, err
		}
		src, err := stages.Lines(path, follow)
		if err != nil {
			return nil, err
		}
		if _, ok := a.Opts["every"]; !ok {
			return src, nil
		}
		every, err := positiveDuration(a, "every")
		if err != nil {
			return nil, err
		}
		return stages.Paced(src, every), nil
	case "ticker":
		if err := only(a, "every", "limit"); err != nil {
			return nil, err
		}
		if _, ok := a.Opts["every"]; !ok {
			return nil, fmt.Errorf("ticker needs every=DURATION")
		}
		every, err := positiveDuration(a, "every")
		if err != nil {
			return nil, err
		}
		limit, err := a.optInt("limit", 0)
		if err != nil {
			return nil, err
		}
		return stages.Ticker(every, limit), nil
	}
	return nil, fmt.Errorf("unknown source kind %q (want lines or ticker)%s",
		kind, didYouMean(kind, []string{"lines", "ticker"}))
}

// sourceType is what a source of kind sends.
func sourceType(kind string) nodeType {
	if kind == "ticker" {
		return nodeType{out: intType}
	}
	return nodeType{out: stringType}
}

// positiveDuration reads the duration option key, which must be above zero.
func positiveDuration(a Args, key string) (time.Duration, error) {
	d, err := a.optDuration(key, 0)
	if err != nil {
		return 0, err
	}
	if d <= 0 {
		return 0, fmt.Errorf("%s=%v: want a duration above zero, such as 10ms", key, d)
	}
	return d, nil
}

// only refuses options other than keys.
func only(a Args, keys ...string) error {
	for k := range a.Opts {
		if !contains(keys, k) {
			return fmt.Errorf("option %s= does not apply here (want %s=)",
				k, strings.Join(keys, "=, "))
		}
	}
	return nil
}

var cmdStage = &command{
	name:    "stage",
	args:    "NAME [fn=FUNC] [workers=N]",
	summary: "add a stage calling the session function FUNC (default NAME)",
	detail: `FUNC must be defined first, as func(T) U, func(T) (U, error) or
func(T) bool (a filter). Redefining FUNC, or anything it calls, swaps the
stage to the new code from its next message on.
FUNC may also own its loop (a loop stage, one goroutine):
func(stop <-chan struct{}, in <-chan T, out chan<- U). It reads in until in
is closed or stop is, sending any number of messages on out, each with a
plain send (one dropped in a select on stop is lost). Redefining it closes
that version's stop, waits for it to return (at most 2s), and starts the
new version on the same channels: nothing waiting is lost.`,
	minPos: 1, maxPos: 1,
	opts: []string{"fn", "workers"},
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		name := a.Pos[0]
		if err := checkName(name); err != nil {
			return "", err
		}
		fn := name
		if f, ok := a.Opts["fn"]; ok {
			fn = f
		}
		workers, err := a.optInt("workers", 1)
		if err != nil || workers < 1 || workers > stages.MaxWorkers {
			return "", fmt.Errorf("workers=%s: want a whole number from 1 to %d",
				a.Opts["workers"], stages.MaxWorkers)
		}
		if c.sess.Current().ShapeOf(fn) == interp.NodeLoop {
			c.mu.Lock()
			defer c.mu.Unlock()
			return "", c.addLoopStage(name, fn, workers) // loopstage.go
		}
		h, sig, err := c.sess.Current().Handler(fn)
		if err != nil {
			return "", fmt.Errorf("function %q: %w", fn, err)
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if err := c.graph.AddStage(name, h, workers); err != nil {
			return "", nodeErr(name, err)
		}
		c.stageFns[name] = fn
		c.types[name] = stageType(sig)
		c.book.record(name, 1, fn, c.sess.Current())
		return "", nil
	},
}

var cmdSink = &command{
	name:    "sink",
	args:    "NAME print|count|discard",
	summary: "add a sink: print each message as NAME: value, or only count them",
	detail: `print shows strings quoted ("HELLO"), numbers plain, structs as
{Field:value}; count and discard only count (see :status, NAME.in).`,
	minPos: 2, maxPos: 2,
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		name, kind := a.Pos[0], a.Pos[1]
		if err := checkName(name); err != nil {
			return "", err
		}
		var sink stages.SinkFunc
		switch kind {
		case "print":
			sink = func(msg any) error {
				c.out.Printf("%s: %s", name, renderValue(msg))
				return nil
			}
		case "count", "discard":
			sink = func(any) error { return nil }
		default:
			return "", fmt.Errorf("unknown sink kind %q (want print, count or discard)%s",
				kind, didYouMean(kind, []string{"print", "count", "discard"}))
		}
		if err := c.graph.AddSink(name, sink); err != nil {
			return "", nodeErr(name, err)
		}
		return "", nil
	},
}

var cmdWire = &command{
	name:    "wire",
	args:    "A -> B [-> C ...] [buffer=N]",
	summary: "connect nodes; several wires from one node fan out, into one fan in",
	detail: `Every message of A goes to B (to every node A is wired to: a fan-out
copies it); messages from several wires into one node merge. buffer=N
makes the channel of each wire of the line hold N messages. A line whose
wires would connect a node to itself, directly or round a cycle, or that
names a wire made already, is refused whole.`,
	minPos: 1, maxPos: -1,
	opts: []string{"buffer"},
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		buffer, err := a.optInt("buffer", 0)
		if err != nil {
			return "", err
		}
		if buffer > stages.MaxBuffer {
			return "", fmt.Errorf("buffer=%d: a wire holds at most %d messages",
				buffer, stages.MaxBuffer)
		}
		chain, err := parseChain(a.joinPos())
		if err != nil {
			return "", err
		}
		names := c.graph.Names()
		var edges []stages.EdgeStatus
		for i, n := range chain {
			if !contains(names, n) {
				return "", fmt.Errorf("unknown stage %q%s", n, didYouMean(n, names))
			}
			if i > 0 {
				edges = append(edges, stages.EdgeStatus{From: chain[i-1], To: n})
			}
		}
		if err := checkChain(c.graph.Status(), edges); err != nil {
			return "", err
		}
		c.mu.Lock()
		err = checkEdges(c.types, edges)
		c.mu.Unlock()
		if err != nil {
			return "", err
		}
		for i := 0; i+1 < len(chain); i++ {
			if err := c.graph.Wire(chain[i], chain[i+1], buffer); err != nil {
				return "", err // the graph's error names the wire
			}
		}
		return "", nil
	},
}

// parseChain splits "a -> b -> c" into its names. It is a pure function.
func parseChain(s string) ([]string, error) {
	parts := strings.Split(s, "->")
	if len(parts) < 2 {
		return nil, fmt.Errorf("want A -> B, got %q", s)
	}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || strings.ContainsAny(p, " \t") {
			return nil, fmt.Errorf("want A -> B [-> C ...], got %q", s)
		}
		parts[i] = p
	}
	return parts, nil
}

// nodeErr explains the graph's sentinels in the console's words.
func nodeErr(name string, err error) error {
	switch {
	case errors.Is(err, stages.ErrExists):
		return fmt.Errorf("%q already exists", name)
	case errors.Is(err, stages.ErrRunning):
		return fmt.Errorf("the graph is running; :stop it first")
	}
	return err
}

var cmdStart = &command{
	name:    "start",
	summary: "start the graph with fresh channels",
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		var moved []string
		if !c.graph.Running() {
			// A fresh run runs the current definition of every stage.
			c.mu.Lock()
			var err error
			moved, err = c.refreshStale() // loopstage.go
			c.mu.Unlock()
			if err != nil {
				return "", err
			}
		}
		before := runtime.NumGoroutine()
		if err := c.graph.Start(); err != nil {
			// The graph's errors start with "start: "; the console's
			// ":start: " already says it.
			return "", errors.New(strings.TrimPrefix(nodeErr("", err).Error(), "start: "))
		}
		c.mu.Lock()
		c.preStart = before
		c.held = nil // a new run starts unpaused
		c.mu.Unlock()
		st := c.graph.Status()
		c.insight.started(st.Run, time.Now()) // rates count from here
		var b strings.Builder
		for _, line := range moved {
			b.WriteString("moved " + line + "\n")
		}
		fmt.Fprintf(&b, "started run %d (%d goroutines before start)", st.Run, before)
		return b.String(), nil
	},
}
