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
// SourceFunc), a stage transforms them (a Handler, or a LoopFunc that owns
// its loop), a sink consumes them (a SinkFunc). Wire connects the output
// of one node to the input of another.
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
//     stop channel and its output; a LoopFunc its stop, its input and its
//     output; a Handler gets one message and returns one.
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
// and Errors among them. A source, or a Handler stage, with one output
// sends on the wire itself, so its Out is what left the wire: received
// downstream, drained by a stop, or still in the buffer (for such a stage,
// plus what it held when an immediate stop came); a message it is still
// sending is not yet in its Out.
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
// A loop stage is counted by the runtime's forwarders around it: In when
// its input forwarder takes a message, Out when the loop sends one. A loop
// may send any number of messages per message, so it has no Filtered and
// the equations above hold only up to it. What a loop sends after an
// immediate stop is read and counted in Discarded; a message a loop had
// received and then dropped is in no count.
//
// A Handler that never returns (a loop in user code) cannot be stopped from
// outside: Go has no way to end a goroutine. The stop returns when its
// context ends and reports that goroutine as still alive, by stage; the graph
// is stopped all the same and may be started again.
//
// # Loop stages and swapping sources
//
// A LoopFunc and a SourceFunc run as versions. Each version gets a stop of
// its own, closed when it is swapped out, and for a source also by either
// stop of the run, for a loop stage by the immediate stop (the graceful
// stop closes a loop's input instead). The channels belong to the runtime
// and outlive a swap: a loop reads a channel fed by the runtime's input
// forwarder, and writes one read by its output forwarder, which sends on
// every out-edge. SwapLoop and SwapSource close the running version's
// stop, wait until it returns, and start the new version on the same
// channels, so messages waiting in the input go to the new version and
// none is lost or handled twice. The runtime does not take a message back
// from a loop's hand: a version should finish the message it holds, with a
// plain send on out, before it returns; the runtime keeps reading out until
// it has. The runtime closes the output after the last version returns
// (its input closed, the run stopped, or, for a source, it had nothing more
// to send); a function that closes it itself is reported as an error.
//
// If the old version has not returned when the swap's context ends, the
// swap fails with ErrStuck and the stack of that version's goroutine (found
// by its pc.version label). The new version does not start, since two
// versions reading one input would reorder it; the old one keeps running
// with its stop closed, and if it returns later it is started again. A
// loop that returns while its input is open is reported; the stage then
// takes nothing until the next swap. A graceful stop does not wait for
// it: what reaches its input from then on is counted as discarded, and it
// ends when its input closes, so the stages around it drain.
//
// # Pause
//
// Pause holds a stage or sink (or all of them): each worker waits before
// its next receive, still answering the immediate stop at once. Nothing is
// dropped; upstream fills the buffers and blocks. A graceful Stop resumes
// every node first, so it drains as usual. Sources cannot be paused.
//
// # Versions and rollback
//
// Every stage and source keeps the list of its versions (Versions), each
// with the number of messages given to it over every run; a worker adds to
// the count of the version it loaded, in batches: at least every 64
// messages, whenever its input is empty after a message, and when it
// waits or returns, so a stage that has caught up is counted exactly. A swap without a
// new version keeps counting into the current one. The runtime keeps no
// old code: Rollback takes the Handler of the version to go back to and
// records it as a new version that names the old. For a loop stage a
// message given at the moment of a swap may be counted to the version next
// to the one that took it.
//
// # Start
//
// Start validates the wiring and calls every source's setup (see
// AddSourceSetup) before it starts any goroutine, so a Start that fails has
// nothing to undo: it leaves no goroutine behind and says which node
// failed.
//
// # Goroutine ownership
//
// Every goroutine the graph starts carries pprof labels naming the graph, the
// run and the stage (see the Label constants); the goroutine of a loop's or
// a source's version also carries its version. Goroutines that user code
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
