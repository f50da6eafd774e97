package interp

import (
	"bytes"
	"context"
	"reflect"
	"runtime/pprof"
	"strconv"
	"sync/atomic"
	"time"
	"unsafe"

	yaegi "github.com/traefik/yaegi/interp"

	"github.com/pipeconsole/pipeconsole/stages"
)

// A cancel that yaegi loses (HAZARDS Y7, and a race beside it).
//
// EvalWithContext runs the code in a goroutine of its own. On cancel it
// returns at once and bumps the interpreter's run id; the running code
// stops when the id it took at its start no longer matches. But the code
// takes the id only when execution begins, after compiling, in that
// goroutine. A cancel that lands before then (a Ctrl-C typed at once, or
// that goroutine not yet scheduled on a loaded machine) is lost: the run
// takes the bumped id and a `for {}` spins on a core until the process
// ends. yaegi exports no way to bump the id a second time.
//
// So every interruptible evaluation carries a pprof label of its own, and
// an interpreter given up after an interrupt is reaped: its run id is
// bumped again, through reflection, while goroutines of the interrupted
// evaluation are alive, for at most reapFor. The interpreter is never
// evaluated in again, so a bump stops nothing that should run.

// labelEval labels the goroutines of one evaluation (see evalCtx).
const labelEval = "pc.eval"

// reapFor bounds a reaper: interpreted code blocked in a Go call (a long
// time.Sleep) does not look at its run id and outlives any bump.
const reapFor = 10 * time.Second

// evalCtx is i.EvalWithContext(ctx, src) whose cancel is not lost: if ctx
// ends the evaluation, i is reaped, so the caller must give i up.
func (s *Session) evalCtx(ctx context.Context, i *yaegi.Interpreter,
	src string) (v reflect.Value, err error) {
	id := strconv.FormatUint(s.evals.Add(1), 10)
	pprof.Do(ctx, pprof.Labels(labelEval, id), func(ctx context.Context) {
		v, err = i.EvalWithContext(ctx, src)
	})
	if err != nil && ctx.Err() != nil {
		s.reap(i, id)
	}
	return v, err
}

// reap bumps i's run id until no goroutine of evaluation id is left, the
// session closes, or reapFor has passed. The goroutine belongs to the
// session: Close waits for it.
func (s *Session) reap(i *yaegi.Interpreter, id string) {
	s.reapers.Add(1)
	go func() {
		defer s.reapers.Done()
		pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(),
			pprof.Labels(stages.LabelOwner, stages.OwnerConsole)))
		pause := time.Millisecond
		for deadline := time.Now().Add(reapFor); ; {
			bumpRunID(i)
			if !evalAlive(id) || time.Now().After(deadline) {
				return
			}
			select {
			case <-s.reapStop:
				bumpRunID(i)
				return
			case <-time.After(pause):
			}
			pause = min(2*pause, 100*time.Millisecond)
		}
	}()
}

// bumpRunID does what yaegi's unexported stop does to the run id. It
// reports false if this version of yaegi has no such field (a test
// checks that it has).
func bumpRunID(i *yaegi.Interpreter) bool {
	f := reflect.ValueOf(i).Elem().FieldByName("id")
	if f.Kind() != reflect.Uint64 {
		return false
	}
	atomic.AddUint64((*uint64)(unsafe.Pointer(f.UnsafeAddr())), 1)
	return true
}

// evalAlive reports whether a goroutine labelled with evaluation id runs.
func evalAlive(id string) bool {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		return true // keep bumping until the deadline
	}
	return bytes.Contains(buf.Bytes(), []byte(`"`+labelEval+`":"`+id+`"`))
}
