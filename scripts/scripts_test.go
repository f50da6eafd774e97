// Package scripts holds pipeconsole's demo and lesson scripts; its test
// runs every one of them, as `pipeconsole -script` would, from the
// repository root, and fails with the script's own FILE:LINE: reason.
package scripts

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pipeconsole/pipeconsole/console"
)

// lockedBuffer collects the console's output from its goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestEveryScriptPasses(t *testing.T) {
	paths, err := filepath.Glob("*.pcs")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no scripts found")
	}
	t.Chdir("..") // scripts name their files from the repository root
	for _, p := range paths {
		name := filepath.Join("scripts", p)
		t.Run(p, func(t *testing.T) {
			f, err := os.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var out, errs lockedBuffer
			code := console.Run(context.Background(), console.Config{
				Mode: console.Script, In: f, Name: name,
				Out: &out, Err: &errs, NoColor: true,
			})
			if code != console.ExitOK {
				t.Fatalf("%s exited %d:\n%s\nstdout:\n%s", name, code, errs.String(), out.String())
			}
		})
	}
}
