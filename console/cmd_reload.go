package console

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

var cmdWatch = &command{
	name:    "watch",
	args:    "FILE|DIR",
	summary: "load a Go file (or every .go file of a directory) now and again on every save",
	detail: `A save that changes the content reloads the file, as :load does, and
prints one block: what changed, which stages moved from which version to
which, which variables kept their values. A save that does not compile
prints the error with a caret and changes nothing that runs; the next good
save recovers. A watched file whose reload failed is tried again after
every reload that succeeds (it may need what another file defines) and
on any save, even of the same content; while it fails it is named.
Editors that save by renaming are followed (the directory is watched), and
a burst of events is one reload (50ms of quiet). A file that does not exist
yet is loaded when it appears; a directory must exist (end its name with /).`,
	minPos: 1, maxPos: 1,
	run: func(c *Console, ctx context.Context, a Args) (string, error) {
		c.mu.Lock()
		w := c.reload.watcher
		c.mu.Unlock()
		if w == nil {
			var err error
			if w, err = c.startWatcher(); err != nil {
				return "", err
			}
			c.mu.Lock()
			c.reload.watcher = w
			c.mu.Unlock()
		}
		files, err := w.add(a.Pos[0])
		if err != nil {
			return "", err
		}
		return c.loadWatched(ctx, w, a.Pos[0], files)
	},
}

// loadWatched loads the files a new watch covers, recording their content
// so that an event with the same content does not reload them. A file of
// a directory that needs another one loaded after it is tried again once
// the others are in.
func (c *Console) loadWatched(ctx context.Context, w *watcher, path string,
	files []string) (string, error) {
	c.reload.mu.Lock()
	defer c.reload.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "watching %s\n", path)
	// A failure of the first pass is tried again before anyone sees it:
	// it leaves the file's failed state as it was, so that its success
	// in the second pass is not a recovery.
	wasFailed := map[string]bool{}
	for _, f := range files {
		wasFailed[f] = c.reload.failed[f]
	}
	var failed []error
	for pass := 0; pass < 2 && len(files) > 0; pass++ {
		var again []string
		failed = nil
		for _, f := range files {
			content, err := os.ReadFile(f)
			if err != nil {
				return b.String(), err
			}
			w.changed(f, content)
			out, err := c.reloadFile(ctx, f, content)
			if errors.Is(err, errInterrupted) {
				return b.String(), err
			}
			if err != nil {
				again, failed = append(again, f), append(failed, err)
				if pass == 0 && !wasFailed[f] {
					delete(c.reload.failed, f)
				}
				continue
			}
			b.WriteString(out)
		}
		files = again
	}
	if len(failed) > 0 {
		return b.String(), errors.Join(failed...)
	}
	return b.String(), nil
}

var cmdUnwatch = &command{
	name:    "unwatch",
	args:    "[FILE|DIR]",
	summary: "stop watching a file or directory, or everything",
	detail: `What the files defined stays defined; only later saves are no longer
loaded.`,
	maxPos: 1,
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		c.mu.Lock()
		w := c.reload.watcher
		c.mu.Unlock()
		if w == nil {
			return "", errors.New("nothing is watched")
		}
		path := ""
		if len(a.Pos) == 1 {
			path = a.Pos[0]
		}
		removed, err := w.remove(path)
		if err != nil {
			return "", err
		}
		if len(removed) == 0 {
			return "nothing was watched", nil
		}
		return "stopped watching " + strings.Join(removed, ", "), nil
	},
}

var cmdReset = &command{
	name:    "reset",
	summary: "stop the graph, reload every loaded or watched file, start afresh",
	detail: `Like integrant's reset: a graceful stop (if the graph runs), then every
file loaded or watched so far is read again from disk, in the order it was
first loaded; then the program is built once more with every package-level
variable initialised afresh (nothing is kept, //pc:keep included), and the
graph starts again if it was running. If a file does not compile the reset
stops there: the last good code stays, the graph stays stopped.`,
	run: func(c *Console, ctx context.Context, a Args) (string, error) {
		var b strings.Builder
		running := c.graph.Running()
		if running {
			rep, err := c.stopGraph(false, c.cfg.StopTimeout)
			if err != nil {
				return "", err
			}
			first, _, _ := strings.Cut(rep, "\n")
			b.WriteString("reset: " + first + "\n")
		}

		c.reload.mu.Lock()
		for _, f := range slices.Clone(c.reload.files) {
			if _, err := os.Stat(f); errors.Is(err, fs.ErrNotExist) {
				// Removed since it was loaded: what it defined stays
				// until redefined; the reset goes on without it.
				c.reload.files = slices.DeleteFunc(c.reload.files,
					func(g string) bool { return g == f })
				fmt.Fprintf(&b, "reset: %s is gone; what it defined stays until redefined\n", f)
				continue
			}
			out, err := c.reloadFile(ctx, f, nil)
			if err != nil {
				c.reload.mu.Unlock()
				return b.String(), fmt.Errorf("%w\nreset stopped: the graph stays stopped", err)
			}
			b.WriteString("reset: " + out)
		}
		c.takeSwapped()
		res, err := c.sess.Reinit(ctx)
		c.takeSwapped()
		c.reload.mu.Unlock()
		if err != nil {
			return b.String(), err
		}
		fmt.Fprintf(&b, "reset: every variable initialised afresh (generation %d)\n",
			res.Generation)
		b.WriteString(indent(renderHandover(res.Handover)))

		if running {
			out, err := cmdStart.run(c, ctx, Args{})
			if err != nil {
				return b.String(), err
			}
			b.WriteString("reset: " + out + "\n")
		}
		return b.String(), nil
	},
}

// indent prefixes every line of s with "reset: " (s's lines are already
// indented by two spaces).
func indent(s string) string {
	if s == "" {
		return ""
	}
	return "reset:" + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\nreset:") + "\n"
}

var cmdCopy = &command{
	name:    "copy",
	args:    "FROM TO",
	summary: "write FROM's content over TO the way editors save: a temp file, then a rename",
	detail: `For scripts and demos of :watch: the new file is written next to TO
and renamed over it, so a watcher sees what an editor's save does.`,
	minPos: 2, maxPos: 2,
	run: func(c *Console, _ context.Context, a Args) (string, error) {
		if err := renameSave(a.Pos[0], a.Pos[1]); err != nil {
			return "", err
		}
		return fmt.Sprintf("copied %s over %s", a.Pos[0], a.Pos[1]), nil
	},
}

// renameSave writes from's content to a temp file in to's directory and
// renames it over to.
func renameSave(from, to string) error {
	// A named pipe or device would block the read (for good, for a pipe
	// that no one writes) or never end it.
	if info, err := os.Stat(from); err != nil {
		return err
	} else if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", from)
	}
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(to), "."+filepath.Base(to)+".*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), to); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
