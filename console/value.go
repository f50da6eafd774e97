package console

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// renderValue renders a message for a print sink. It never calls String or
// Error methods and never prints a type name (Y15: interpreted types reach
// the host as anonymous structs without their methods, so %v and %T would
// show the host's view, not the user's). Strings are quoted, so that "1" and
// 1, or "" and a missing value, look different; numbers and bools are plain;
// structs are {Field:value ...}; slices [a b]; maps map[k:v] sorted by key;
// pointers &value; nil is nil.
func renderValue(v any) string {
	var b strings.Builder
	writeValue(&b, reflect.ValueOf(v), 0)
	return b.String()
}

const maxDepth = 6

func writeValue(b *strings.Builder, v reflect.Value, depth int) {
	if !v.IsValid() {
		b.WriteString("nil")
		return
	}
	if depth > maxDepth {
		b.WriteString("...")
		return
	}
	switch v.Kind() {
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Uintptr:
		b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		b.WriteString(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		if v.Kind() == reflect.Pointer {
			b.WriteString("&")
		}
		writeValue(b, v.Elem(), depth+1)
	case reflect.Struct:
		writeStruct(b, v, depth)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			b.WriteString("[]")
			return
		}
		b.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(" ")
			}
			writeValue(b, v.Index(i), depth+1)
		}
		b.WriteString("]")
	case reflect.Map:
		writeMap(b, v, depth)
	default:
		fmt.Fprintf(b, "<%s>", v.Kind())
	}
}

func writeStruct(b *strings.Builder, v reflect.Value, depth int) {
	b.WriteString("{")
	t := v.Type()
	for i := 0; i < v.NumField(); i++ {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(t.Field(i).Name + ":")
		writeValue(b, v.Field(i), depth+1)
	}
	b.WriteString("}")
}

func writeMap(b *strings.Builder, v reflect.Value, depth int) {
	type pair struct{ k, v string }
	pairs := make([]pair, 0, v.Len())
	iter := v.MapRange()
	for iter.Next() {
		var kb, vb strings.Builder
		writeValue(&kb, iter.Key(), depth+1)
		writeValue(&vb, iter.Value(), depth+1)
		pairs = append(pairs, pair{kb.String(), vb.String()})
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].k < pairs[j].k })
	b.WriteString("map[")
	for i, p := range pairs {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(p.k + ":" + p.v)
	}
	b.WriteString("]")
}
