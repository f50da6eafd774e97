package console

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// Output is the console's one writer. Everything the user sees goes through
// it: command output, print sinks, stage errors and what interpreted code
// prints. It is safe for concurrent use and line-buffered: a partial line
// waits for its newline (or Flush), so that text written by two goroutines
// never interleaves inside a line and never lands beside the prompt.
type Output struct {
	mu      sync.Mutex
	w       io.Writer
	partial []byte
}

// NewOutput returns an Output writing whole lines to w.
func NewOutput(w io.Writer) *Output { return &Output{w: w} }

// Write buffers p and writes every complete line it now holds.
func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()

	o.partial = append(o.partial, p...)
	i := bytes.LastIndexByte(o.partial, '\n')
	if i < 0 {
		return len(p), nil
	}
	lines := o.partial[:i+1]
	_, err := o.w.Write(lines)
	o.partial = append(o.partial[:0], o.partial[i+1:]...)
	return len(p), err
}

// Flush writes a pending partial line, ending it with a newline.
func (o *Output) Flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.partial) == 0 {
		return
	}
	o.w.Write(append(o.partial, '\n'))
	o.partial = o.partial[:0]
}

// Printf formats a line (a newline is added when missing) and writes it.
func (o *Output) Printf(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if len(s) == 0 || s[len(s)-1] != '\n' {
		s += "\n"
	}
	o.Write([]byte(s))
}
