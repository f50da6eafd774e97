package console

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// debounce is how long a watched file must stay quiet after an event
// before it is reloaded: an editor's save is a burst of events.
const debounce = 50 * time.Millisecond

// watcher reloads watched files when their content changes. It watches
// the parent directory of a watched file, not the file itself: an editor
// that saves by renaming a new file over the old one removes a watch on
// the file (G4). Its goroutine is owned by the console and ends in close.
type watcher struct {
	c  *Console
	fw *fsnotify.Watcher

	mu      sync.Mutex
	targets map[string]string   // absolute path -> the user's path
	hashes  map[string][32]byte // absolute file path -> last loaded content
	dirs    map[string]int      // directory watched -> targets in it
	gone    map[string]bool     // loaded files found missing, said once (reload)

	ctx    context.Context // of reloads; cancelled by close
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// startWatcher creates the console's watcher and its goroutine.
func (c *Console) startWatcher() (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &watcher{c: c, fw: fw, ctx: ctx, cancel: cancel,
		targets: map[string]string{}, hashes: map[string][32]byte{}, dirs: map[string]int{}}
	w.wg.Go(w.run)
	return w, nil
}

// stopWatching ends the watcher, if any, and waits for its goroutine. A
// reload in progress is cancelled if it is still building.
func (c *Console) stopWatching() {
	c.mu.Lock()
	w := c.reload.watcher
	c.mu.Unlock()
	if w == nil {
		return
	}
	w.cancel()
	w.fw.Close()
	w.wg.Wait()
}

// add watches path, a file or a directory of .go files, and returns the
// files to load now.
func (w *watcher) add(path string) ([]string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(abs)
	isDir := err == nil && info.IsDir()
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if err != nil && strings.HasSuffix(path, string(filepath.Separator)) {
		// Only a file is awaited: a directory must exist to be watched.
		return nil, fmt.Errorf("%s: no such directory (create it first; "+
			"a file that does not exist yet is loaded when it appears)", path)
	}
	dir := filepath.Dir(abs)
	if isDir {
		dir = abs
	}

	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.targets[abs]; ok {
		return nil, fmt.Errorf("%s is already watched", path)
	}
	if w.dirs[dir] == 0 {
		if err := w.fw.Add(dir); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: its directory %s does not exist", path, dir)
			}
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	w.dirs[dir]++
	w.targets[abs] = path
	if !isDir {
		if err != nil {
			return nil, nil // not there yet: loaded when it appears
		}
		return []string{path}, nil
	}
	files, err := filepath.Glob(filepath.Join(path, "*.go"))
	sort.Strings(files)
	return files, err
}

// remove stops watching path ("" for every target) and returns the user's
// paths it stopped watching.
func (w *watcher) remove(path string) ([]string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var abss []string
	if path == "" {
		for abs := range w.targets {
			abss = append(abss, abs)
		}
	} else {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, err
		}
		if _, ok := w.targets[abs]; !ok {
			return nil, fmt.Errorf("%s is not watched", path)
		}
		abss = []string{abs}
	}
	sort.Strings(abss)
	var removed []string
	for _, abs := range abss {
		dir := filepath.Dir(abs)
		if _, ok := w.dirs[abs]; ok {
			dir = abs // a directory target
		}
		removed = append(removed, w.targets[abs])
		delete(w.targets, abs)
		if w.dirs[dir]--; w.dirs[dir] <= 0 {
			delete(w.dirs, dir)
			w.fw.Remove(dir)
		}
	}
	return removed, nil
}

// match returns the user's path of the file name an event is about, or ""
// when no target covers it: a watched file, or a .go file in a watched
// directory.
func (w *watcher) match(name string) string {
	abs, err := filepath.Abs(name)
	if err != nil {
		return ""
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if p, ok := w.targets[abs]; ok && w.dirs[abs] == 0 {
		return p
	}
	if p, ok := w.targets[filepath.Dir(abs)]; ok && strings.HasSuffix(abs, ".go") {
		return filepath.Join(p, filepath.Base(abs))
	}
	return ""
}

// run collects events until the watcher is closed. Each event marks its
// file; once no event came for debounce, every marked file is reloaded.
func (w *watcher) run() {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	pending := map[string]bool{}
	for {
		select {
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if p := w.match(ev.Name); p != "" {
				pending[p] = true
				timer.Reset(debounce)
			}
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			w.c.errOut.Printf("%s", w.c.errPal.noticef("watch: "+err.Error()))
		case <-timer.C:
			files := make([]string, 0, len(pending))
			for p := range pending {
				files = append(files, p)
			}
			clear(pending)
			slices.Sort(files)
			for _, p := range files {
				w.reload(p)
			}
		}
	}
}

// reload loads the file path if its content changed since it was last
// loaded, or if its last reload failed (the same content may compile now),
// and prints the report. A file that is gone (between the two halves of a
// rename save, or removed) is left alone: when it comes back, it is loaded
// again if its content differs. After a reload that succeeds, the watched
// files still failing are tried again (retryFailed).
func (w *watcher) reload(path string) {
	c := w.c
	b, err := os.ReadFile(path)
	if err != nil {
		w.sayGone(path, err)
		return
	}
	changed := w.changed(path, b)
	c.reload.mu.Lock()
	defer c.reload.mu.Unlock()
	delete(w.gone, path)
	if w.ctx.Err() != nil || !changed && !c.reload.failed[path] {
		return
	}
	ctx, done := c.background(w.ctx)
	defer done()
	slow := c.noteSlow(slowReload, fmt.Sprintf("reload %s: still under way after %v "+
		"(a reload hook may not return; Ctrl-C stops waiting for it)", path, slowReload))
	out, err := c.reloadFile(ctx, path, b)
	slow()
	if errors.Is(err, errInterrupted) {
		if c.reload.failed == nil {
			c.reload.failed = map[string]bool{}
		}
		c.reload.failed[path] = true // tried again on the next save
		c.errOut.Printf("%s", c.errPal.errorf(fmt.Sprintf(
			"reload %s interrupted; nothing changed, and the next save tries again", path)))
		return
	}
	if err != nil {
		c.errOut.Printf("%s", c.errPal.errorf(err.Error()))
		return
	}
	c.show(out)
	w.retryFailed(ctx)
}

// slowReload is how long a watched file's reload runs before the console
// says that it is still under way.
const slowReload = time.Second

// sayGone says once, when a file that was loaded is missing after the
// events settle (removed, not saved by rename), that what it defined
// stays. A file never loaded, or gone for another reason, says nothing.
func (w *watcher) sayGone(path string, err error) {
	c := w.c
	c.reload.mu.Lock()
	defer c.reload.mu.Unlock()
	if !errors.Is(err, os.ErrNotExist) || w.gone[path] || !slices.Contains(c.reload.files, path) {
		return
	}
	if w.gone == nil {
		w.gone = map[string]bool{}
	}
	w.gone[path] = true
	c.out.Printf("%s", c.outPal.noticef(fmt.Sprintf("%s is gone; what it defined stays "+
		"(it is loaded again when it comes back)", path)))
}

// retryFailed loads again, from disk, every watched file whose last
// reload failed: what it missed may be defined now. One that recovers
// prints its reload block ("recovered from the failed save"); while some
// recover, the others are tried again; those still failing are named, with
// the first line of their error. The caller holds c.reload.mu.
func (w *watcher) retryFailed(ctx context.Context) {
	c := w.c
	for {
		var still []string
		recovered := false
		for _, f := range slices.Clone(c.reload.files) {
			if !c.reload.failed[f] || w.match(f) == "" {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				continue // gone: retried when it comes back
			}
			w.changed(f, b)
			out, err := c.reloadFile(ctx, f, b)
			if errors.Is(err, errInterrupted) {
				return
			}
			if err != nil {
				lines := strings.SplitN(err.Error(), "\n", 3)
				still = append(still, lines[min(1, len(lines)-1)])
				continue
			}
			c.show(out)
			recovered = true
		}
		if !recovered {
			for _, s := range still {
				c.errOut.Printf("%s", c.errPal.errorf(
					"still fails (its last good code keeps running): "+s))
			}
			return
		}
	}
}

// changed records the hash of b as path's content and reports whether it
// differs from the last one recorded.
func (w *watcher) changed(path string, b []byte) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return true
	}
	sum := sha256.Sum256(b)
	w.mu.Lock()
	defer w.mu.Unlock()
	old, ok := w.hashes[abs]
	w.hashes[abs] = sum
	return !ok || old != sum
}
