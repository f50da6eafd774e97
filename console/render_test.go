package console

import (
	"errors"
	"strings"
	"testing"

	"github.com/pipeconsole/pipeconsole/stages"
)

func TestFirstUsefulFrame(t *testing.T) {
	stack := "goroutine 7 [running]:\n" +
		"runtime/debug.Stack()\n\t/go/src/runtime/debug/stack.go:26 +0x5e\n" +
		"github.com/pipeconsole/pipeconsole/stages.(*worker).handle(...)\n\t/work/main/stages/worker.go:223 +0x1\n" +
		"example.com/user.Parse(...)\n\t/home/u/parse.go:12 +0x2\n"
	tests := []struct{ name, stack, want string }{
		{"the first frame outside the runtime and pipeconsole", stack, "/home/u/parse.go:12"},
		{"nothing when every frame is internal", strings.Join(strings.Split(stack, "\n")[:5], "\n"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := firstUsefulFrame(tt.stack); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRenderStageErrorNamesStageVersionAndMessage(t *testing.T) {
	got := renderStageError(stages.StageError{Node: "upper", Version: 3, Msg: "x",
		Err: errors.New("panic: boom"), Panic: "boom"})
	if got != `error: upper v3: panic: boom [message "x"]` {
		t.Errorf("got %q", got)
	}
}
