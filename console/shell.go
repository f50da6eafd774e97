package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pipeconsole/pipeconsole/interp"
)

// lineReader is where the shell's lines come from: readline, or a plain
// reader for scripts and pipes.
type lineReader interface {
	// readLine returns one line without its newline; io.EOF at the end;
	// errPromptInterrupt when Ctrl-C was typed at the prompt.
	readLine(prompt string) (string, error)
	saveHistory(entry string)
}

// shell is the read loop: it reads lines, joins unfinished Go input, and
// runs each complete input. The same loop serves all three modes.
type shell struct {
	c      *Console
	r      lineReader
	mode   Mode
	lineNo int  // of the last line read
	failed bool // some input failed

	pending      []string // unfinished Go input
	pendingStart int      // its first line
	eofArmed     bool     // an EOF was refused while a graph runs
}

// errUnfinished ends a script whose Go input a command cut short.
var errUnfinished = errors.New("unfinished Go input")

// errSignal ends the loop when Run's context ends (SIGTERM, SIGHUP).
var errSignal = errors.New("signal")

// run reads and runs lines until the input ends, :quit, a failure in
// Script mode, or ctx ends.
func (s *shell) run(ctx context.Context) error {
	for {
		prompt := promptMain
		if len(s.pending) > 0 {
			prompt = promptMore
		}
		if s.c.takeHeld() {
			// A Ctrl-C typed with the last line's Enter, which started no
			// work (an unfinished definition): it is one at the prompt.
			s.pending = nil
			continue
		}
		line, err := s.next(ctx, prompt)
		switch {
		case errors.Is(err, errSignal):
			return err
		case errors.Is(err, errPromptInterrupt):
			s.pending = nil
			continue
		case errors.Is(err, io.EOF):
			if s.endOfInput() {
				return nil
			}
			continue
		case err != nil:
			return err
		}
		s.lineNo++
		s.eofArmed = false
		if s.c.cfg.Echo && s.mode != Interactive {
			if strings.TrimSpace(line) == "" {
				prompt = "" // a blank line stays blank
			}
			s.c.out.Printf("%s%s", prompt, line)
		}
		if err := s.handle(ctx, line); err != nil {
			return err
		}
	}
}

// next reads a line on another goroutine so that ctx can end the wait; a
// read that is still blocked then is left to the process exit.
func (s *shell) next(ctx context.Context, prompt string) (string, error) {
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		line, err := s.r.readLine(prompt)
		ch <- result{line, err}
	}()
	select {
	case r := <-ch:
		return r.line, r.err
	case <-ctx.Done():
		return "", errSignal
	}
}

// endOfInput handles EOF and reports whether the loop should end. On a
// terminal with a running graph, the first EOF only warns (R5, R6).
func (s *shell) endOfInput() bool {
	if len(s.pending) > 0 && s.mode == Interactive {
		// Ctrl-D under "... " neither quits nor loses what was typed.
		s.c.out.Printf("%s", s.c.outPal.noticef(fmt.Sprintf(
			"unfinished Go input (from line %d) kept: finish it, or Ctrl-C drops it",
			s.pendingStart)))
		return false
	}
	if len(s.pending) > 0 {
		s.fail(fmt.Errorf("%s:%d: unfinished Go input at the end of the input",
			s.c.cfg.Name, s.pendingStart), false)
		s.pending = nil
	}
	if s.mode == Interactive && s.c.graph.Running() && !s.eofArmed {
		s.eofArmed = true
		s.c.out.Printf("%s", s.c.outPal.noticef(
			"graph is running: Ctrl-D again (or :quit) stops it and quits"))
		return false
	}
	return true
}

// handle runs one line, or keeps it when Go input is unfinished. It
// returns errQuit to end the loop, or the failure in Script mode.
func (s *shell) handle(ctx context.Context, line string) error {
	if len(s.pending) > 0 && strings.HasPrefix(line, ":") {
		// A command at the start of a line cannot continue Go input: the
		// Go was unfinished. Say so and run the command.
		s.fail(fmt.Errorf("%s:%d: unfinished Go input (a command on line %d ends it)",
			s.c.cfg.Name, s.pendingStart, s.lineNo), false)
		s.pending = nil
		if s.mode == Script {
			return errUnfinished
		}
	}
	if len(s.pending) > 0 {
		s.pending = append(s.pending, line)
		src := strings.Join(s.pending, "\n")
		if interp.Incomplete(src) {
			return nil
		}
		s.pending = nil
		s.r.saveHistory(historyEntry(src))
		return s.finish(s.c.evalGo(ctx, s.c.cfg.Name, s.pendingStart, src), false)
	}

	trimmed := strings.TrimSpace(line)
	switch {
	case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		return nil
	case strings.HasPrefix(trimmed, ":"):
		s.r.saveHistory(trimmed)
		out, err := s.c.runCommand(ctx, trimmed)
		s.c.show(out)
		if errors.Is(err, errQuit) {
			return err
		}
		return s.finish(err, true)
	case interp.Incomplete(line):
		s.pending, s.pendingStart = []string{line}, s.lineNo
		return nil
	}
	s.r.saveHistory(line)
	return s.finish(s.c.evalGo(ctx, s.c.cfg.Name, s.lineNo, line), false)
}

// finish reports a failed input; in Script mode the failure ends the loop.
func (s *shell) finish(err error, place bool) error {
	if err == nil {
		return nil
	}
	if place && s.mode != Interactive {
		err = fmt.Errorf("%s:%d: %w", s.c.cfg.Name, s.lineNo, err)
	}
	s.fail(err, errors.Is(err, errInterrupted))
	if s.mode == Script {
		return err
	}
	return nil
}

// fail prints err and remembers that something failed. An interrupt is a
// notice at the prompt, not an error.
func (s *shell) fail(err error, interrupted bool) {
	if s.mode != Interactive || !interrupted {
		s.failed = true
	}
	if interrupted && s.mode == Interactive {
		s.c.errOut.Printf("%s", s.c.errPal.noticef("interrupted"))
		return
	}
	s.c.errOut.Printf("%s", s.c.errPal.errorf(err.Error()))
}
