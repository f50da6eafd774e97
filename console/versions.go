package console

import (
	"sync"

	"github.com/pipeconsole/pipeconsole/interp"
)

// stageBook is what the console keeps of every node that runs a session
// function, beyond what the graph knows: the kind it was added as, the
// code of each of its versions, and what passes between the
// versions of a loop stage (its carry). The graph
// keeps no old code (stages.Rollback), so :rollback evaluates the source
// kept here. Safe for concurrent use; the zero value is empty.
type stageBook struct {
	mu       sync.Mutex
	kinds    map[string]string            // node -> interp.NodeLoop, NodeSource; none: a Handler
	versions map[string][]codeVersion     // node -> its versions, oldest first
	carries  map[string]*interp.LoopCarry // loop stage -> what passes between its versions
	rollback map[string]int               // node -> the version a :rollback in progress returns to
}

// codeVersion is the code one version of a node ran.
type codeVersion struct {
	n          int
	fn         string
	names      []string // the definitions fn depended on, fn included
	src        string   // their source (interp.Generation.Closure)
	rollbackOf int      // the version this one rolled back to, or 0
}

func (b *stageBook) kind(name string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if k, ok := b.kinds[name]; ok {
		return k
	}
	return interp.NodeHandler
}

func (b *stageBook) setKind(name, kind string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.kinds == nil {
		b.kinds = map[string]string{}
	}
	b.kinds[name] = kind
}

// carry returns the carry of loop stage name, shared by its versions.
func (b *stageBook) carry(name string) *interp.LoopCarry {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.carries == nil {
		b.carries = map[string]*interp.LoopCarry{}
	}
	if b.carries[name] == nil {
		b.carries[name] = &interp.LoopCarry{}
	}
	return b.carries[name]
}

// record keeps the code of version n of node name, whose function is fn
// in gen; a rollback in progress for name marks it.
func (b *stageBook) record(name string, n int, fn string, gen *interp.Generation) {
	names, src := gen.Closure(fn)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.versions == nil {
		b.versions = map[string][]codeVersion{}
	}
	b.versions[name] = append(b.versions[name], codeVersion{
		n: n, fn: fn, names: names, src: src, rollbackOf: b.rollback[name],
	})
}

// code returns the kept code of version n of node name.
func (b *stageBook) code(name string, n int) (codeVersion, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, cv := range b.versions[name] {
		if cv.n == n {
			return cv, true
		}
	}
	return codeVersion{}, false
}

// rollingBack marks the versions recorded for name, until done is
// called, as rollbacks to version to.
func (b *stageBook) rollingBack(name string, to int) (done func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.rollback == nil {
		b.rollback = map[string]int{}
	}
	b.rollback[name] = to
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.rollback, name)
	}
}

// forget drops what the book keeps of node name (it was removed).
func (b *stageBook) forget(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.kinds, name)
	delete(b.versions, name)
	delete(b.carries, name)
	delete(b.rollback, name)
}
