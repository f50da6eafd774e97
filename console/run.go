package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"

	"github.com/pipeconsole/pipeconsole/stages"
)

// Exit codes of Run.
const (
	ExitOK     = 0 // the input ran to its end or :quit
	ExitFailed = 1 // a script failed, or some piped input failed
	ExitPanic  = 2 // the console itself panicked
)

// Run runs a console session until the input ends, :quit, a script fails,
// or ctx ends (SIGTERM, SIGHUP). A graph still running is stopped
// gracefully first, and its report printed. The terminal, in Interactive
// mode, is restored on every one of these paths and after a panic of the
// console's own goroutine. Run labels its goroutine pc.owner=console for
// the duration; goroutines it starts inherit the label.
func Run(ctx context.Context, cfg Config) (code int) {
	pprof.Do(ctx, pprof.Labels(stages.LabelOwner, "console"), func(ctx context.Context) {
		code = run(ctx, cfg)
	})
	return code
}

func run(ctx context.Context, cfg Config) (code int) {
	// Outputs and the reader: readline on a terminal, lines otherwise.
	out, errOut, reader, term, err := setUp(cfg)
	if err != nil {
		fmt.Fprintf(errWriter(cfg), "pipeconsole: %v\n", err)
		return ExitFailed
	}
	if term != nil {
		defer term.close()
	}
	outPal := newPalette(wantColor(cfg.Out, cfg.NoColor))
	errPal := outPal
	if term == nil {
		errPal = newPalette(wantColor(errWriter(cfg), cfg.NoColor))
	}

	c, err := newConsole(cfg, out, errOut, outPal, errPal)
	if err != nil {
		errOut.Printf("pipeconsole: %v", err)
		return ExitFailed
	}
	defer c.sess.Close()
	defer c.stopWatching()
	if term != nil {
		term.burst.set(c.holdInterrupt)
	}

	// The views' sampler and, with -http, the live page; both end here.
	c.insight.startSampler(c.graph)
	defer c.insight.stopSampler()
	if cfg.HTTP != "" {
		stopHTTP, addr, err := c.serveHTTP(cfg.HTTP)
		if err != nil {
			errOut.Printf("pipeconsole: %v", err)
			return ExitFailed
		}
		defer stopHTTP()
		out.Printf("live graph at http://%s/ (pprof under /debug/pprof/)", addr)
	}

	// Helpers: the stage-error printer and the interrupt watcher.
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { c.printStageErrors(done) })
	wg.Go(func() { c.watchInterrupts(done) })
	defer wg.Wait()
	defer close(done)

	// A panic of the console itself: stop the graph, say so, exit 2.
	defer func() {
		if p := recover(); p != nil {
			c.graph.StopNow(context.Background())
			errOut.Printf("pipeconsole: internal error: %v\n%s", p, debug.Stack())
			code = ExitPanic
		}
	}()

	// The read loop, then a graceful stop of a graph still running.
	sh := &shell{c: c, r: reader, mode: cfg.Mode}
	err = sh.run(ctx)
	if c.graph.Running() {
		// Ctrl-C ends the graceful stop's wait, as it does for :stop.
		fg, done := c.foreground(context.Background())
		rep, _ := c.stopGraphCtx(fg, false, c.cfg.StopTimeout)
		done()
		c.show(rep)
	}
	out.Flush()
	switch {
	case errors.Is(err, errSignal):
		return ExitFailed
	case err != nil && !errors.Is(err, errQuit) || sh.failed && cfg.Mode != Interactive:
		return ExitFailed
	}
	return ExitOK
}

// setUp builds the outputs and the line reader for cfg's mode.
func setUp(cfg Config) (out, errOut *Output, r lineReader, t *terminal, err error) {
	if cfg.Mode != Interactive {
		out = NewOutput(cfg.Out)
		errOut = out
		if cfg.Err != nil {
			errOut = NewOutput(cfg.Err)
		}
		return out, errOut, newPlainReader(cfg.In), nil, nil
	}
	f, ok := cfg.In.(*os.File)
	if !ok {
		return nil, nil, nil, nil, errors.New("interactive mode needs a terminal")
	}
	t, err = newTerminal(f, cfg.Out, cfg.HistoryFile)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	out = NewOutput(t)
	return out, out, t, t, nil
}

func errWriter(cfg Config) io.Writer {
	if cfg.Err != nil {
		return cfg.Err
	}
	return cfg.Out
}

// plainReader reads lines without a prompt (R10: stdin not a terminal).
type plainReader struct{ sc *bufio.Scanner }

func newPlainReader(in io.Reader) *plainReader {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	return &plainReader{sc: sc}
}

func (p *plainReader) readLine(string) (string, error) {
	if p.sc.Scan() {
		return strings.TrimSuffix(p.sc.Text(), "\r"), nil
	}
	if err := p.sc.Err(); err != nil {
		return "", err
	}
	return "", io.EOF
}

func (p *plainReader) saveHistory(string) {}
