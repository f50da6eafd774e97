package stages

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// linesPoll is how often a following Lines source looks at its file when
// it has read everything.
const linesPoll = 20 * time.Millisecond

// Lines returns a source that sends each line of the file at path, without
// its "\n" or "\r\n", as a string. Each run reads the file from its start.
// Without follow it returns at the end of the file, sending a last line
// that has no newline. With follow it keeps reading as the file grows, like
// tail -F, until stopped: a line is sent once its newline is written; a
// file that shrinks is read again from its start; a file replaced under
// the same name (rotated) is opened again and read from its start; while
// the name is missing it waits for it. It checks now that the file can be
// opened, and that it is a regular file: a named pipe would block the
// open until a writer comes, and a device such as /dev/zero never ends a
// line. A line longer than MaxLine ends the source with an error.
func Lines(path string, follow bool) (SourceFunc, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	f.Close()
	return func(stop <-chan struct{}, out chan<- any) error {
		f, err := openRegular(path)
		if err != nil {
			return err
		}
		t := &tail{path: path, f: f, rd: bufio.NewReader(f)}
		defer func() { t.f.Close() }()
		return t.run(follow, stop, out)
	}, nil
}

// MaxLine is the longest line a Lines source sends, in bytes.
const MaxLine = 1 << 20

// openRegular opens path if it is a regular file (or a link to one).
func openRegular(path string) (*os.File, error) {
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, fmt.Errorf("lines: %w", err)
	case info.IsDir():
		return nil, fmt.Errorf("lines: %s is a directory", path)
	case !info.Mode().IsRegular():
		what := "a device"
		switch {
		case info.Mode()&os.ModeNamedPipe != 0:
			what = "a named pipe"
		case info.Mode()&os.ModeSocket != 0:
			what = "a socket"
		}
		return nil, fmt.Errorf("lines: %s is %s, not a regular file: a lines source reads files",
			path, what)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lines: %w", err)
	}
	return f, nil
}

// tooLong reports whether the line read so far is longer than MaxLine,
// without its "\n" (ended) or "\r\n".
func (t *tail) tooLong(ended bool) bool {
	n := t.partial.Len()
	if !ended {
		return n > MaxLine+1 // even a "\r" to come cannot save it
	}
	line := t.partial.String()
	return len(strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")) > MaxLine
}

// tail is the state of one Lines source while it runs.
type tail struct {
	path    string
	f       *os.File
	rd      *bufio.Reader
	offset  int64           // bytes read from f
	partial strings.Builder // a line read without its newline yet
}

func (t *tail) run(follow bool, stop <-chan struct{}, out chan<- any) error {
	var poll *time.Ticker
	for {
		chunk, err := t.rd.ReadSlice('\n')
		t.offset += int64(len(chunk))
		t.partial.Write(chunk)
		if t.tooLong(err == nil) {
			return fmt.Errorf("lines: %s: a line longer than %d bytes", t.path, MaxLine)
		}
		switch {
		case err == bufio.ErrBufferFull:
			// A long line, read a buffer at a time: bounded, and the
			// stop is seen between buffers.
			select {
			case <-stop:
				return nil
			default:
			}
			continue
		case err == nil:
			line := strings.TrimSuffix(strings.TrimSuffix(t.partial.String(), "\n"), "\r")
			t.partial.Reset()
			select {
			case out <- line:
			case <-stop:
				return nil
			}
			continue
		case err != io.EOF:
			return fmt.Errorf("lines: %w", err)
		case !follow:
			if t.partial.Len() > MaxLine {
				return fmt.Errorf("lines: %s: a line longer than %d bytes", t.path, MaxLine)
			}
			if t.partial.Len() > 0 {
				select {
				case out <- strings.TrimSuffix(t.partial.String(), "\r"):
				case <-stop:
				}
			}
			return nil
		}

		// At the end of a followed file: wait for it to change, or stop.
		if poll == nil {
			poll = time.NewTicker(linesPoll)
			defer poll.Stop()
		}
		select {
		case <-poll.C:
		case <-stop:
			return nil
		}
		t.reopenIfChanged()
	}
}

// reopenIfChanged starts again from the beginning when the file shrank or
// when another file now has its name.
func (t *tail) reopenIfChanged() {
	named, err := os.Stat(t.path)
	if err != nil {
		return // gone for now: keep the old file until the name is back
	}
	open, err := t.f.Stat()
	if err == nil && os.SameFile(named, open) {
		if named.Size() < t.offset {
			if _, err := t.f.Seek(0, io.SeekStart); err == nil {
				t.restart(t.f)
			}
		}
		return
	}
	f, err := os.Open(t.path)
	if err != nil {
		return
	}
	t.f.Close()
	t.restart(f)
}

func (t *tail) restart(f *os.File) {
	t.f, t.offset = f, 0
	t.rd.Reset(f)
	t.partial.Reset()
}
