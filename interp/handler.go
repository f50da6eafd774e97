package interp

import (
	"fmt"
	"reflect"

	"github.com/pipeconsole/pipeconsole/stages"
)

// Shape is the shape of a stage function.
type Shape int

const (
	ShapeMap    Shape = iota + 1 // func(T) U: passes on the result
	ShapeMapErr                  // func(T) (U, error): the result, or an error
	ShapeFilter                  // func(T) bool: passes on the message if true
)

// Signature describes a function usable as a stage.
type Signature struct {
	Shape Shape
	In    reflect.Type // T
	Out   reflect.Type // U; bool for a filter, which passes on its input
}

var errorType = reflect.TypeFor[error]()

// Handler adapts the function named fn to a stage Handler. The handler
// converts each message to the function's parameter type T: a message
// assignable to T, or of the same kind (a named string type for string,
// an interpreted struct of the same fields), is accepted; anything else is
// an error of the message, never a panic. Panics of the function reach the
// handler's caller. The handler is safe for concurrent use.
//
// Interpreted named types reach the host as unnamed ones: a func(Point)
// stage has an In of struct{X int; Y int}.
func (g *Generation) Handler(fn string) (stages.Handler, Signature, error) {
	v, err := g.funcValue(fn)
	if err != nil {
		return nil, Signature{}, err
	}
	sig, ok := signatureOf(v.Type())
	if !ok {
		return nil, Signature{}, fmt.Errorf("%s is %s; a stage is func(T) U, "+
			"func(T) (U, error) or func(T) bool", fn, v.Type())
	}
	slow := reflectHandler(fn, v, sig)
	if h := fastHandler(v.Interface(), slow); h != nil {
		return g.placed(h), sig, nil
	}
	return g.placed(slow), sig, nil
}

// signatureOf returns the stage shape of a function type.
func signatureOf(t reflect.Type) (Signature, bool) {
	if t.NumIn() != 1 || t.IsVariadic() {
		return Signature{}, false
	}
	sig := Signature{In: t.In(0)}
	switch {
	case t.NumOut() == 1 && t.Out(0).Kind() == reflect.Bool:
		sig.Shape, sig.Out = ShapeFilter, t.Out(0)
	case t.NumOut() == 1:
		sig.Shape, sig.Out = ShapeMap, t.Out(0)
	case t.NumOut() == 2 && t.Out(1) == errorType:
		sig.Shape, sig.Out = ShapeMapErr, t.Out(0)
	default:
		return Signature{}, false
	}
	return sig, true
}

// reflectHandler calls f through reflect.
func reflectHandler(fn string, f reflect.Value, sig Signature) stages.Handler {
	return func(msg any) (any, bool, error) {
		in, err := convertMsg(fn, msg, sig.In)
		if err != nil {
			return nil, false, err
		}
		out := f.Call([]reflect.Value{in})
		switch sig.Shape {
		case ShapeFilter:
			return msg, out[0].Bool(), nil
		case ShapeMapErr:
			if e, _ := out[1].Interface().(error); e != nil {
				return nil, false, e
			}
		}
		return out[0].Interface(), true, nil
	}
}

// convertMsg makes msg a value of t.
func convertMsg(fn string, msg any, t reflect.Type) (reflect.Value, error) {
	if msg == nil {
		switch t.Kind() {
		case reflect.Interface, reflect.Pointer, reflect.Map, reflect.Slice,
			reflect.Func, reflect.Chan:
			return reflect.Zero(t), nil
		}
		return reflect.Value{}, fmt.Errorf("stage input is nil, %s wants %s", fn, t)
	}
	v := reflect.ValueOf(msg)
	if v.Type().AssignableTo(t) {
		return v, nil
	}
	if v.Kind() == t.Kind() && v.Type().ConvertibleTo(t) {
		return v.Convert(t), nil
	}
	return reflect.Value{}, &InputError{Fn: fn, Got: v.Type(), Want: t}
}

// InputError is the error of a handler given a message its function cannot
// take.
type InputError struct {
	Fn        string
	Got, Want reflect.Type
}

func (e *InputError) Error() string {
	return fmt.Sprintf("stage input is %s, %s wants %s", e.Got, e.Fn, e.Want)
}
