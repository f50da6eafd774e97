// Package stages runs a graph of goroutine stages connected by channels and
// lets the function of a running stage be replaced between two messages.
//
// It is a plain Go library: it knows nothing of the console or of the
// interpreter, never prints and never logs. It returns errors, exposes
// counters, and calls the callbacks its caller gave it.
//
// # The graph
//
// A Graph holds nodes of three kinds. A source produces messages (a
// SourceFunc), a stage transforms them (a Handler), a sink consumes them (a
// SinkFunc). Wire connects the output of one node to the input of another.
// Several wires from one node fan out: every message goes to every output, in
// the order the wires were made, as a mult does. Several wires into one node
// fan in: the messages merge in arrival order. A stage with Workers > 1 runs
// that many goroutines on the same input; the order of its output is then not
// the order of its input.
//
// # The five rules
//
//  1. Start makes every channel afresh. Nothing the previous run left in a
//     channel can reach the next run: those channels are unreachable once a
//     stop returns.
//  2. Stage code gets the channels it uses as arguments. A SourceFunc gets its
//     stop channel and its output; a Handler gets one message and returns one.
//  3. A loop ends when its input is closed. A stage whose inputs are all closed
//     finishes the message in hand, closes its outputs and returns.
//  4. One stop signal reaches every goroutine at once: an immediate stop closes
//     one channel that every blocking send and receive also watches.
//  5. A source that waits on the outside world watches its stop channel in the
//     same select, so it answers a stop at once.
//
// # What happens to a message
//
// A message is in one of three places: in a channel buffer, in the hand of a
// goroutine (received, not yet delivered), or delivered to a sink. Each is
// counted, so that for every stop the report accounts for every message.
//
// Swap replaces the Handler of a running stage. Each message is handled by
// exactly one Handler: a worker loads the current Handler once per message,
// so the message in hand finishes with the version it started with and the
// next message uses the new one. Nothing is lost or handled twice, and the
// swap does not wait for the message in hand.
//
// A Handler that panics on a message does not end the stage. The panic is
// recovered at the stage boundary and counted as an error of that stage,
// kept with the message, the panic value and the stack (see StageError); the
// worker goes on with the next message. A Handler that returns an error is
// counted the same way. Neither message is passed on.
//
// Stop is the graceful stop. It closes the sources' stop channel; each source
// returns and its output is closed; every stage drains its input, handling
// what was already inside, and closes its outputs in turn, so every message
// that was inside reaches the sinks. Stop waits for every goroutine of the run
// until its context ends; then it escalates to StopNow. StopNow is the
// immediate stop: it closes the run's done channel, every goroutine returns
// at its next send or receive, and the messages that were in a buffer or in a
// goroutine's hand are counted as discarded. Both are safe to call twice and
// on a graph that is not running.
//
// Both stops return ErrNotRunning and a zero report on a graph that is not
// running, and so the second of two calls in a row. A call made while
// another stop is in progress waits for it and returns its report; a StopNow
// made then also escalates it. StopNow closes done before the sources' stop
// channel, so a source that sees stop knows the others were told to return.
//
// # Counting
//
// Counters belong to one run and start at zero with every Start. A stage
// counts In when it receives a message, then exactly one of Filtered,
// Errors or Out (Out once per message, before fan-out). A sink counts In,
// and Errors among them. A source with one output sends on the wire itself,
// so its Out is what left the wire: received downstream, drained by a stop,
// or still in the buffer.
//
// Discarded counts copies, one per wire: a message in a buffer when a run
// ends is one, and a message in a goroutine's hand when done closed is one
// for each output it had not yet been sent to (a fan-in forwarder's hand is
// one). The drain happens after every goroutine has returned, so once a stop
// has returned:
//
//   - for a chain source -> a -> b -> sink:
//     source.Out == sink.In + a.Filtered + a.Errors + b.Filtered + b.Errors + Discarded;
//   - with fan-out, the same holds along each path from a source to a sink,
//     and Discarded is the sum over the paths: for a source wired to sinks x
//     and y, 2*source.Out == x.In + y.In + Discarded;
//   - with fan-in, the Out of every source feeding the node add up.
//
// A message in the hand of a Handler that never returned is in no count.
//
// A Handler that never returns (a loop in user code) cannot be stopped from
// outside: Go has no way to end a goroutine. The stop returns when its
// context ends and reports that goroutine as still alive, by stage; the graph
// is stopped all the same and may be started again.
//
// # Goroutine ownership
//
// Every goroutine the graph starts carries pprof labels naming the graph, the
// run and the stage (see the Label constants). Goroutines that user code
// starts inside a Handler inherit them, so Census can count every goroutine
// by owner, including the ones a stopped run left behind. A stop reports
// those in StopReport.Alive; as a goroutine outlives its last deferred call
// by a little, it reads the census until it is empty (or, if goroutines did
// not return, until it holds still), for at most 200ms.
//
// Every goroutine of a run is counted by the run, which closes a channel
// when the last one returns: that is what the stops wait on. Only senders
// close channels: a source's output is closed by the goroutine that ran it,
// a stage's outputs by its last worker, a merge by its last forwarder.
package stages
