package interp

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/pipeconsole/pipeconsole/stages"
)

// LoopSignature describes a function that owns its loop: a loop stage
// func(stop <-chan struct{}, in <-chan T, out chan<- U), or a source
// func(stop <-chan struct{}, out chan<- U), for which In is nil.
type LoopSignature struct {
	In  reflect.Type // T; nil for a source
	Out reflect.Type // U
}

// The shapes of a function as a graph node, as ShapeOf tells them.
const (
	NodeHandler = "handler" // func(T) U, func(T) (U, error), func(T) bool
	NodeLoop    = "loop"    // func(stop <-chan struct{}, in <-chan T, out chan<- U)
	NodeSource  = "source"  // func(stop <-chan struct{}, out chan<- U)
)

// ShapeOf says what kind of node the function fn of g can be: NodeLoop,
// NodeSource, NodeHandler, or "" when it is none of them or is not a
// function of g.
func (g *Generation) ShapeOf(fn string) string {
	v, ok := g.funcs[fn]
	if !ok || v.Kind() != reflect.Func {
		return ""
	}
	t := v.Type()
	if _, ok := loopSignatureOf(t); ok {
		return NodeLoop
	}
	if _, ok := sourceSignatureOf(t); ok {
		return NodeSource
	}
	if _, ok := signatureOf(t); ok {
		return NodeHandler
	}
	return ""
}

var stopType = reflect.TypeFor[<-chan struct{}]()

// loopSignatureOf matches func(<-chan struct{}, <-chan T, chan<- U).
func loopSignatureOf(t reflect.Type) (LoopSignature, bool) {
	if t.NumIn() != 3 || t.NumOut() != 0 || t.IsVariadic() || t.In(0) != stopType {
		return LoopSignature{}, false
	}
	in, out := t.In(1), t.In(2)
	if in.Kind() != reflect.Chan || in.ChanDir() != reflect.RecvDir ||
		out.Kind() != reflect.Chan || out.ChanDir() != reflect.SendDir {
		return LoopSignature{}, false
	}
	return LoopSignature{In: in.Elem(), Out: out.Elem()}, true
}

// sourceSignatureOf matches func(<-chan struct{}, chan<- U).
func sourceSignatureOf(t reflect.Type) (LoopSignature, bool) {
	if t.NumIn() != 2 || t.NumOut() != 0 || t.IsVariadic() || t.In(0) != stopType {
		return LoopSignature{}, false
	}
	out := t.In(1)
	if out.Kind() != reflect.Chan || out.ChanDir() != reflect.SendDir {
		return LoopSignature{}, false
	}
	return LoopSignature{Out: out.Elem()}, true
}

// Loop adapts the function named fn, of the shape
// func(stop <-chan struct{}, in <-chan T, out chan<- U), to a
// stages.LoopFunc. Each call of the LoopFunc (one version of the stage
// running) makes typed channels for fn and two forwarders between them
// and the runtime's chan any, and returns only after fn and both
// forwarders have returned.
//
// The input forwarder converts each message to T as Handler does; a
// message it cannot convert is passed to onBad (if not nil) and dropped,
// never a panic. It watches the runtime's stop while it waits for a
// message and passes it on as fn's own stop; it goes on forwarding
// until the runtime's input closes or fn returns, so a loop that ignores
// its stop keeps being fed (and ends when the input closes). A message
// the forwarder took but fn did not take before it returned goes into
// carry, and the next version given the same carry gets it first: a
// swap loses nothing. Give every version of one stage the same carry
// (nil: such a message is lost). The carry is emptied when the input
// closes, so nothing crosses from one run to the next. The output
// forwarder passes what fn sends on with a plain send, as
// stages.LoopFunc asks. A panic of fn reaches the LoopFunc's caller
// (the runtime recovers it) after the forwarders have returned, with its
// place in the user's source in front, as a handler's (placed.go).
func (g *Generation) Loop(fn string, onBad func(msg any, err error),
	carry *LoopCarry) (stages.LoopFunc, LoopSignature, error) {
	v, err := g.funcValue(fn)
	if err != nil {
		return nil, LoopSignature{}, err
	}
	sig, ok := loopSignatureOf(v.Type())
	if !ok {
		return nil, LoopSignature{}, fmt.Errorf("%s is %s; a loop stage is "+
			"func(stop <-chan struct{}, in <-chan T, out chan<- U)", fn, v.Type())
	}
	return func(stop <-chan struct{}, in <-chan any, out chan<- any) {
		defer func() {
			if p := recover(); p != nil {
				panic(g.place(p))
			}
		}()
		if carry == nil {
			carry = &LoopCarry{}
		}
		runLoop(fn, v, sig, onBad, carry, stop, in, out)
	}, sig, nil
}

// SourceLoop adapts the function named fn, of the shape
// func(stop <-chan struct{}, out chan<- U), to a stages.SourceFunc: a
// source written in Go. fn gets the source's stop; what it sends is
// passed on. A message still in the forwarder's hand when stop closes is
// passed on if the output takes it within sourceHandOff (as it does
// during a swap, a hold or a graceful stop, when the output is still
// read), and dropped otherwise (after an immediate stop).
// The runtime closes the output after the SourceFunc returns, which is
// after fn and the forwarder have returned. A panic of fn reaches the
// caller, with its place in front.
func (g *Generation) SourceLoop(fn string) (stages.SourceFunc, LoopSignature, error) {
	v, err := g.funcValue(fn)
	if err != nil {
		return nil, LoopSignature{}, err
	}
	sig, ok := sourceSignatureOf(v.Type())
	if !ok {
		return nil, LoopSignature{}, fmt.Errorf("%s is %s; a Go source is "+
			"func(stop <-chan struct{}, out chan<- T)", fn, v.Type())
	}
	return func(stop <-chan struct{}, out chan<- any) error {
		defer func() {
			if p := recover(); p != nil {
				panic(g.place(p))
			}
		}()
		runSource(v, sig, stop, out)
		return nil
	}, sig, nil
}

// funcValue returns the function fn of g.
func (g *Generation) funcValue(fn string) (reflect.Value, error) {
	v, ok := g.funcs[fn]
	if !ok && g.generic[fn] {
		return reflect.Value{}, fmt.Errorf("%s is generic; a stage needs a function "+
			"of one type: wrap it in one with the types you use, as in "+
			"func %sInt(n int) int { return %s(n) }", fn, fn, fn)
	}
	if !ok && slices.Contains(g.Vars(), fn) {
		return reflect.Value{}, fmt.Errorf("%s is a variable; a stage needs a function "+
			"declared with func %s(...)", fn, fn)
	}
	if !ok {
		return reflect.Value{}, fmt.Errorf("no function %q is defined", fn)
	}
	if v.Kind() != reflect.Func {
		return reflect.Value{}, fmt.Errorf("%q is not a function", fn)
	}
	return v, nil
}

// runLoop runs one version of a loop stage: fn between two forwarders.
func runLoop(fn string, f reflect.Value, sig LoopSignature, onBad func(any, error),
	carry *LoopCarry, stop <-chan struct{}, in <-chan any, out chan<- any) {
	inT := reflect.MakeChan(reflect.ChanOf(reflect.BothDir, sig.In), 0)
	outU := reflect.MakeChan(reflect.ChanOf(reflect.BothDir, sig.Out), 0)
	fnStop := make(chan struct{})
	returned := make(chan struct{})

	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		feedTyped(fn, sig.In, onBad, carry, stop, returned, in, inT, fnStop)
	}()
	go func() {
		defer wg.Done()
		for {
			m, ok := outU.Recv()
			if !ok {
				return
			}
			out <- m.Interface() // the runtime reads out until we return
		}
	}()

	// Whether fn returns or panics: stop the input forwarder, end the
	// output forwarder once it has passed on what fn sent, wait for both.
	defer func() {
		close(returned)
		outU.Close()
		wg.Wait()
	}()
	f.Call([]reflect.Value{reflect.ValueOf(fnStop), inT, outU})
}

// LoopCarry is the message one version of a loop stage took from the
// runtime's input and its function did not take before it returned. It
// passes from one version to the next (see Generation.Loop). The zero
// value is empty.
type LoopCarry struct {
	mu  sync.Mutex
	msg any
	ok  bool
}

func (c *LoopCarry) put(msg any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msg, c.ok = msg, true
}

func (c *LoopCarry) take() (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	msg, ok := c.msg, c.ok
	c.msg, c.ok = nil, false
	return msg, ok
}

// feedTyped forwards in to inT, converting each message, until in closes
// (it then closes inT) or fn returned. A closed stop is passed on to fn
// by closing fnStop. It starts with the message carry holds, if any.
//
// When in closes, fn is left to end on its own (rule 3), and stop is not
// closed with it: a loop that sends in a select on stop would sometimes
// take stop with a message in hand and drop it. fnStop is closed after
// that only if the runtime's stop comes (an immediate stop while fn still
// sends).
func feedTyped(fn string, t reflect.Type, onBad func(any, error), carry *LoopCarry,
	stop, returned <-chan struct{}, in <-chan any, inT reflect.Value, fnStop chan struct{}) {
	defer func() {
		if stop != nil {
			close(fnStop)
		}
	}()
	handOver := []reflect.SelectCase{
		{Dir: reflect.SelectSend, Chan: inT},
		{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(returned)},
		{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(stop)},
	}
	passOn := func() { // tell fn once; keep feeding a loop that ignores it
		close(fnStop)
		stop = nil
		handOver[2].Chan = reflect.Value{}
	}
	msg, held := carry.take()
	for {
		if !held {
			select {
			case <-stop:
				passOn()
				continue
			case <-returned:
				return
			case m, ok := <-in:
				if !ok {
					carry.take() // nothing crosses into the next run
					inT.Close()
					select {
					case <-stop: // closed by the deferred call
					case <-returned:
					}
					return
				}
				msg = m
			}
		}
		held = false

		v, err := convertMsg(fn, msg, t)
		if err != nil {
			if onBad != nil {
				onBad(msg, err)
			}
			continue
		}
		// The message is taken: it goes to fn, or, if fn returned, to
		// the next version.
		handOver[0].Send = v
		for chosen := 2; chosen == 2; {
			chosen, _, _ = reflect.Select(handOver)
			switch chosen {
			case 1:
				carry.put(msg)
				return
			case 2:
				passOn()
			}
		}
	}
}

// sourceHandOff is how long a Go source's forwarder tries to pass on a
// message it holds once the source's stop has closed.
const sourceHandOff = 200 * time.Millisecond

// runSource runs one version of a Go source: fn and one forwarder.
func runSource(f reflect.Value, sig LoopSignature, stop <-chan struct{}, out chan<- any) {
	outU := reflect.MakeChan(reflect.ChanOf(reflect.BothDir, sig.Out), 0)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			m, ok := outU.Recv()
			if !ok {
				return
			}
			select {
			case out <- m.Interface():
				continue
			case <-stop:
			}
			// fn has sent m and counts it sent. A swap, a hold or a
			// graceful stop keeps the output read: pass it on. After an
			// immediate stop nothing reads it: drop it then, and keep
			// draining so that fn never blocks.
			t := time.NewTimer(sourceHandOff)
			select {
			case out <- m.Interface():
			case <-t.C:
			}
			t.Stop()
		}
	}()
	defer func() {
		outU.Close()
		wg.Wait()
	}()
	f.Call([]reflect.Value{reflect.ValueOf(stop), outU})
}
