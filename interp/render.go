package interp

import (
	"fmt"
	"reflect"
	"strconv"
)

// render writes v readably without relying on its type name or a String
// method, which interpreted types do not show to the host: strings
// quoted, functions as their type, everything else as %+v.
func render(v reflect.Value) string {
	if v.IsValid() && v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "nil"
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return "nil"
	}
	switch v.Kind() {
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Func:
		if v.IsNil() {
			return "nil"
		}
		return v.Type().String()
	}
	if !v.CanInterface() {
		return v.String()
	}
	return fmt.Sprintf("%+v", v.Interface())
}
