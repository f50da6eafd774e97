package console

import (
	"errors"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/chzyer/readline"
	"golang.org/x/term"
)

// errPromptInterrupt is Ctrl-C at the prompt: the half-typed line and any
// pending multi-line input are dropped (R7).
var errPromptInterrupt = errors.New("interrupted at the prompt")

// terminal reads lines with readline and is the target of the console's
// Output in Interactive mode.
type terminal struct {
	rl    *readline.Instance
	stdin *readline.CancelableStdin // what readline reads; close ends its reads
	fd    int
	saved *term.State // the state before readline, restored on every exit

	line     lineWatch   // whether the line being edited is empty (R6)
	burst    burstHook   // where a Ctrl-C typed with Enter goes (burstkey.go)
	promptUp atomic.Bool // between the start and the end of readLine
	reading  atomic.Bool // a Readline call has not returned (R1)
}

// newTerminal starts readline on in (a terminal) writing to out. Its
// goroutines carry the label pc.owner=prompt.
func newTerminal(in *os.File, out io.Writer, historyFile string) (*terminal, error) {
	t := &terminal{fd: int(in.Fd())}
	saved, err := term.GetState(t.fd)
	if err != nil {
		return nil, err
	}
	t.saved = saved
	t.stdin = readline.NewCancelableStdin(
		burstFilter{deleteFilter{homeEndFilter{nulFilter{in}}, &t.line}, t.burst.hit})
	cfg := &readline.Config{
		Prompt:                 promptMain,
		Stdout:                 out,
		Stderr:                 out,
		HistoryFile:            historyFile,
		DisableAutoSaveHistory: true,
		HistorySearchFold:      true,
		InterruptPrompt:        "^C",
		EOFPrompt:              "\n",
		Stdin:                  t.stdin,
		Listener:               readline.FuncListener(t.line.listen),
	}
	// readline's goroutines inherit the console's labels from Run.
	t.rl, err = readline.NewEx(cfg)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// readLine shows prompt and returns the line typed, io.EOF for Ctrl-D (not
// for Delete on an empty line: see deletekey.go), or errPromptInterrupt
// for Ctrl-C.
func (t *terminal) readLine(prompt string) (string, error) {
	t.rl.SetPrompt(prompt)
	t.line.length.Store(0)
	t.reading.Store(true)
	t.promptUp.Store(true)
	line, err := t.rl.Readline()
	t.promptUp.Store(false)
	t.reading.Store(false)
	if errors.Is(err, readline.ErrInterrupt) {
		return "", errPromptInterrupt
	}
	return line, err
}

// saveHistory adds one entry to the history (and its file).
func (t *terminal) saveHistory(entry string) { t.rl.SaveHistory(entry) }

// Write writes whole lines while the prompt may be up, and redraws the
// prompt and the half-typed line after them.
//
// R2: readline prints the prompt before it marks itself as reading, and its
// writer only redraws the prompt when it is reading. Text written in between
// goes straight to the terminal after the prompt, and the prompt is lost.
// While readLine is under way but readline is not yet reading, Write waits
// (a few milliseconds at most) for it to start, so that readline's own
// writer clears the line, writes, and redraws the prompt.
func (t *terminal) Write(p []byte) (int, error) {
	for deadline := time.Now().Add(200 * time.Millisecond); t.promptUp.Load() &&
		!t.rl.Terminal.IsReading() && time.Now().Before(deadline); {
		time.Sleep(200 * time.Microsecond)
	}
	return t.rl.Stdout().Write(p)
}

// close ends readline and restores the terminal. readline's Close hangs
// while a Readline call is blocked (R1), which happens only when the
// session ends on a signal; then the terminal state saved at start is
// restored directly and readline is left to the process exit.
//
// readline's Close also waits for its key reader, which may be in a read
// that no Readline call asked for (as it was after a NUL byte, which
// nulFilter now drops). Close closes the reader it wraps ours in, which
// does not end our read; so ours is closed first.
func (t *terminal) close() {
	t.stdin.Close()
	if !t.reading.Load() {
		t.rl.Close()
	}
	term.Restore(t.fd, t.saved)
}

const (
	promptMain = "pc> "
	promptMore = "... "
)
