package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/pipeconsole/pipeconsole/interp"
	"github.com/pipeconsole/pipeconsole/stages"
)

// Mode says where the console's input comes from.
type Mode int

const (
	// Interactive reads a terminal with readline: prompt, history, line
	// editing. Config.In must be a terminal *os.File.
	Interactive Mode = iota + 1
	// Script runs a file and stops at the first failure.
	Script
	// Piped reads lines without a prompt (stdin is not a terminal). It
	// keeps going after a failure and exits 1 at the end if any failed.
	Piped
)

// Config configures Run. In and Out are required.
type Config struct {
	Mode Mode
	In   io.Reader
	Out  io.Writer
	// Err receives errors in Script and Piped mode; nil means Out. In
	// Interactive mode everything goes to Out, through readline.
	Err io.Writer
	// Name names the input in error positions: the script's path, or
	// "<stdin>" when empty.
	Name string

	NoColor bool
	// HistoryFile is readline's history file; "" keeps no history.
	HistoryFile string
	// Interrupts delivers SIGINT: each one interrupts the command or
	// evaluation in progress, if any. May be nil.
	Interrupts <-chan os.Signal
	// Echo shows each line of a script or pipe behind a prompt before its
	// output, so that a script reads like the session it replays.
	Echo bool
	// StopTimeout bounds a graceful stop; 0 means 5s.
	StopTimeout time.Duration
	// HTTP, when set, is a loopback HOST:PORT where the session serves
	// its live page and net/http/pprof (http.go).
	HTTP string
}

// Console is one session: a graph, an interpreter session and the output
// they share. Its commands run one at a time on the goroutine of Run.
type Console struct {
	cfg    Config
	out    *Output // command output, sinks, what user code prints
	errOut *Output // errors; the same Output in Interactive mode
	outPal palette
	errPal palette
	cmds   []*command

	graph *stages.Graph
	sess  *interp.Session

	// cancel ends the foreground work (nil when idle). It has its own
	// lock: an interrupt must not wait for mu, which a reload holds while
	// it pauses stages and runs hooks.
	cancelMu  sync.Mutex
	cancel    context.CancelFunc
	heldCtrlC bool               // an interrupt came before the work it was for began
	bgCancel  context.CancelFunc // a watched file's reload under way (watch.go)

	mu       sync.Mutex
	stageFns map[string]string   // stage name -> session function
	types    map[string]nodeType // node name -> what it takes and sends
	held     map[string]bool     // nodes the user paused (:pause), until :resume or :start
	swaps    []string            // what the last Adopt swapped
	preStart int                 // runtime.NumGoroutine before :start

	// Reloading (reload.go, watch.go); swapped and pauseNote under mu.
	swapped   []swapRecord  // what the last Adopt swapped, for a report
	pauseNote string        // a stage the last Adopt could not pause
	pauseWait time.Duration // how long Adopt waits for a busy stage (adopt.go)
	reload    reloadState   // loaded and watched files

	stageErrs chan stages.StageError
	quit      bool

	insight insight // counter samples for :status, :top and the page (insight.go)

	book stageBook // kinds and code of each version (versions.go)
}

// errQuit ends the read loop after :quit.
var errQuit = errors.New("quit")

// newConsole builds a console writing to out and errOut.
func newConsole(cfg Config, out, errOut *Output, outPal, errPal palette) (*Console, error) {
	if cfg.StopTimeout == 0 {
		cfg.StopTimeout = 5 * time.Second
	}
	if cfg.Name == "" {
		cfg.Name = "<stdin>"
	}
	c := &Console{
		cfg: cfg, out: out, errOut: errOut, outPal: outPal, errPal: errPal,
		cmds:      commandTable(),
		stageFns:  map[string]string{},
		types:     map[string]nodeType{},
		stageErrs: make(chan stages.StageError, 256),
		pauseWait: defaultPauseWait,
	}
	c.graph = stages.New(stages.Options{OnError: c.onStageError})
	sess, err := interp.New(interp.Options{
		Stdout: out, Stderr: out, Adopt: c.adopt, OnGoPanic: c.onGoPanic,
	})
	if err != nil {
		return nil, fmt.Errorf("start interpreter: %w", err)
	}
	c.sess = sess
	return c, nil
}

// onStageError hands a stage error to the printer without blocking (it runs
// on a stage's goroutine); when the printer is behind, the error is dropped
// from the display but still counted in :status.
func (c *Console) onStageError(e stages.StageError) {
	select {
	case c.stageErrs <- e:
	default:
	}
}

// printStageErrors prints stage errors as they come, until done closes. A
// stage failing on every message would bury the prompt, so each node shows
// at most errorBurst errors a second; the rest are summed up once a second
// (all of them are counted in :status either way).
func (c *Console) printStageErrors(done <-chan struct{}) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	shown := map[string]int{}
	for {
		select {
		case e := <-c.stageErrs:
			shown[e.Node]++
			if shown[e.Node] <= errorBurst {
				c.errOut.Printf("%s", c.errPal.errorf(renderStageError(e)))
			}
		case <-tick.C:
			c.summariseErrors(shown)
			clear(shown)
		case <-done:
			c.summariseErrors(shown)
			return
		}
	}
}

// errorBurst is how many errors of one node are shown each second.
const errorBurst = 3

// summariseErrors says how many errors of each node were not shown.
func (c *Console) summariseErrors(shown map[string]int) {
	for node, n := range shown {
		if n > errorBurst {
			c.errOut.Printf("%s", c.errPal.errorf(fmt.Sprintf(
				"error: %s: %d more errors not shown (see :status)", node, n-errorBurst)))
		}
	}
}

// onGoPanic reports a panic in a goroutine that user code started: interp
// recovered it, so the session goes on. It runs on that goroutine, whose
// labels, inherited from the goroutine that started it, name its owner.
func (c *Console) onGoPanic(value any, place string, stack []byte) {
	shown := renderValue(value)
	if err, ok := value.(error); ok {
		shown = err.Error() // a runtime error, say, by its message
	}
	msg := fmt.Sprintf("panic in a goroutine started %s: %s",
		startedBy(stages.OwnLabels()), shown)
	if place != "" {
		msg = place + ": " + msg
	}
	if f := firstUsefulFrame(string(stack)); f != "" {
		msg += "\n    at " + f
	}
	c.errOut.Printf("%s", c.errPal.errorf(msg))
}

// startedBy says who started a goroutine with these labels: "by stage inc",
// "by stage lp v2", "at the prompt", or "by user code" when not known.
func startedBy(labels map[string]string) string {
	switch labels[stages.LabelOwner] {
	case stages.OwnerStage:
		by := "by stage " + labels[stages.LabelStage]
		if v := labels[stages.LabelVersion]; v != "" {
			by += " v" + v
		}
		return by
	case stages.OwnerPrompt:
		return "at the prompt"
	}
	return "by user code"
}

// foreground returns the context of one command or evaluation, which an
// interrupt (Ctrl-C) cancels, and a func to call when it is over.
func (c *Console) foreground(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	c.cancelMu.Lock()
	c.cancel = cancel
	if c.heldCtrlC {
		c.heldCtrlC = false
		cancel()
	}
	c.cancelMu.Unlock()
	return ctx, func() {
		c.cancelMu.Lock()
		c.cancel = nil
		c.cancelMu.Unlock()
		cancel()
	}
}

// interrupt cancels the foreground work, if any. It reports whether there
// was any.
func (c *Console) interrupt() bool { return c.cancelWork(false) }

// holdInterrupt is interrupt for a Ctrl-C typed with the Enter of a line
// (burstkey.go): with no foreground work yet, it is held for the work the
// line starts; takeHeld hands it to the prompt if the line starts none.
func (c *Console) holdInterrupt() { c.cancelWork(true) }

// cancelWork cancels the foreground work and reports whether there was
// any; with none and hold, the interrupt waits for the next (foreground).
func (c *Console) cancelWork(hold bool) bool {
	c.cancelMu.Lock()
	defer c.cancelMu.Unlock()
	if c.bgCancel != nil {
		// A watched file's reload under way holds the lock that the
		// foreground may be waiting for: Ctrl-C ends its wait too.
		c.bgCancel()
	}
	if c.cancel == nil {
		c.heldCtrlC = c.heldCtrlC || hold
		return false
	}
	c.cancel()
	return true
}

// background returns the context of a watched file's reload, which an
// interrupt (Ctrl-C) cancels as it does foreground work, and a func to
// call when it is over.
func (c *Console) background(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	c.cancelMu.Lock()
	c.bgCancel = cancel
	c.cancelMu.Unlock()
	return ctx, func() {
		c.cancelMu.Lock()
		c.bgCancel = nil
		c.cancelMu.Unlock()
		cancel()
	}
}

// takeHeld reports and forgets a held interrupt.
func (c *Console) takeHeld() bool {
	c.cancelMu.Lock()
	defer c.cancelMu.Unlock()
	held := c.heldCtrlC
	c.heldCtrlC = false
	return held
}

// watchInterrupts turns each signal on Config.Interrupts into an interrupt,
// until done closes.
func (c *Console) watchInterrupts(done <-chan struct{}) {
	for {
		select {
		case <-c.cfg.Interrupts:
			c.interrupt()
		case <-done:
			return
		}
	}
}
