package interp

import (
	"reflect"
	"testing"
)

func TestSplitCutsStatementsKeepingTheirPlace(t *testing.T) {
	in := Input{Name: "t.pcs", Line: 7, Src: "a := 1; a + 1\n\tb := 2"}
	want := []Input{
		{Name: "t.pcs", Line: 7, Src: "a := 1; "},
		{Name: "t.pcs", Line: 7, Src: "        a + 1\n\t"},
		{Name: "t.pcs", Line: 8, Src: " b := 2"},
	}
	if got := Split(in); !reflect.DeepEqual(got, want) {
		t.Fatalf("Split(%q) =\n%+v\nwant\n%+v", in.Src, got, want)
	}
}

func TestSplitKeepsWholeWhatIsNotSeveralStatements(t *testing.T) {
	for _, src := range []string{
		"x + 1",
		"for i := 0; i < 3; i++ { println(i) }",
		"if y := 2; y > 1 { println(y) }",
		"func f() {}; func g() {}",               // declarations
		"x := ; y",                               // does not parse: Eval says why
		"goto L; L: println(1)",                  // a label: statements stay together
		"i := 0\nL:\n\tif i < 2 { i++; goto L }", // the same, on lines
	} {
		in := Input{Name: "t", Line: 1, Src: src}
		if got := Split(in); len(got) != 1 || got[0] != in {
			t.Errorf("Split(%q) = %+v, want it whole", src, got)
		}
	}
}

// Each part, evaluated in order, sees what the parts before it defined,
// and an error in a later part names its own column.
func TestSplitPartsEvaluateInOrder(t *testing.T) {
	s, _, _ := newTestSession(t, Options{})
	var last Result
	for _, in := range Split(Input{Name: "t", Line: 1, Src: "a := 20; a + 22"}) {
		res, err := s.Eval(t.Context(), in)
		if err != nil {
			t.Fatal(err)
		}
		last = res
	}
	if last.Kind != Value || last.Value != "42" {
		t.Fatalf("last part gave %+v, want the value 42", last)
	}
	parts := Split(Input{Name: "t", Line: 3, Src: "b := 1; b + nope"})
	_, err := s.Eval(t.Context(), parts[0])
	if err == nil {
		_, err = s.Eval(t.Context(), parts[1])
	}
	if err == nil || err.Error()[:7] != "t:3:13:" {
		t.Fatalf("want an error at t:3:13, got %v", err)
	}
}
