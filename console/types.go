package console

import (
	"fmt"
	"reflect"

	"github.com/pipeconsole/pipeconsole/interp"
	"github.com/pipeconsole/pipeconsole/stages"
)

// nodeType is what a node takes and what it sends; nil means anything.
type nodeType struct{ in, out reflect.Type }

var (
	stringType = reflect.TypeFor[string]()
	intType    = reflect.TypeFor[int]()
)

// stageType is the nodeType of a stage calling a function of sig: a filter
// passes its input on, so it sends what it takes.
func stageType(sig interp.Signature) nodeType {
	if sig.Shape == interp.ShapeFilter {
		return nodeType{in: sig.In, out: sig.In}
	}
	return nodeType{in: sig.In, out: sig.Out}
}

// fits reports whether a message of type out can be handed to a function
// taking in. An interface-typed sender is checked message by message at
// run time instead (the stage counts a mismatch as an error).
func fits(out, in reflect.Type) bool {
	switch {
	case out == nil || in == nil:
		return true
	case out.Kind() == reflect.Interface:
		return true
	case out.AssignableTo(in):
		return true
	}
	return out.Kind() == in.Kind() && out.ConvertibleTo(in)
}

// checkEdges checks every wire of edges against types, so that a message
// of the wrong type is refused before it flows: "t -> up: t sends int, up
// takes string".
func checkEdges(types map[string]nodeType, edges []stages.EdgeStatus) error {
	for _, e := range edges {
		out, in := types[e.From].out, types[e.To].in
		if !fits(out, in) {
			return fmt.Errorf("%s -> %s: %s sends %s, %s takes %s",
				e.From, e.To, e.From, out, e.To, in)
		}
	}
	return nil
}

// checkInputTypes refuses, while the graph runs, a new generation in which
// a stage takes another type than now: the messages already in its
// channels are of the old type and would all fail (a type redefined with a
// new field is such a change). Stopped, the change is fine: the next start
// makes fresh channels.
func (c *Console) checkInputTypes(next map[string]nodeType) error {
	if !c.graph.Running() {
		return nil
	}
	for name, t := range next {
		old := c.types[name].in
		if old != nil && t.in != nil && old != t.in {
			return fmt.Errorf("stage %q takes %s now and would take %s: the messages "+
				"already in the graph are of the old type; :stop first (and if what sends to it "+
				"changes too, define both in one input)",
				name, old, t.in)
		}
	}
	return nil
}
