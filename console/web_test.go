package console

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

const chromium = "/usr/bin/chromium"

// runChromium runs headless Chromium on url with extra flags and returns
// its standard output.
func runChromium(t *testing.T, url string, flags ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--user-data-dir=" + t.TempDir(), "--window-size=1000,700",
		"--virtual-time-budget=3000"}, flags...)
	cmd := exec.CommandContext(ctx, chromium, append(args, url)...)
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return stdout.String()
}

func TestTheLivePageDrawsTheGraph(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("no %s (apt-get install -y chromium): the page is not drawn", chromium)
	}
	c, _ := newTestConsole(t)
	do(t, c, "func double(n int) int { return 2 * n }",
		":source ticks ticker every=5ms", ":stage double", ":sink sunk count",
		":wire ticks -> double -> sunk buffer=8", ":start", ":wait sunk.in >= 3")
	stop, addr, err := c.serveHTTP("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	url := "http://" + addr + "/"

	t.Run("the page shows the stages from live data", func(t *testing.T) {
		dom := runChromium(t, url, "--dump-dom")
		for _, want := range []string{"graph running, run 1", ">double  stage v1<", ">ticks  source v1<", ">sunk  sink v1<"} {
			if !strings.Contains(dom, want) {
				t.Errorf("the DOM lacks %q:\n%s", want, dom)
			}
		}
	})

	t.Run("the screenshot has the size asked for and nodes drawn in blue", func(t *testing.T) {
		shot := filepath.Join(t.TempDir(), "page.png")
		if dir := os.Getenv("PIPECONSOLE_SCREENSHOT_DIR"); dir != "" {
			shot = filepath.Join(dir, "pipeconsole-page.png")
		}
		runChromium(t, url, "--screenshot="+shot)
		f, err := os.Open(shot)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != 700 {
			t.Errorf("size %v, want 1000x700", b)
		}
		// Three nodes of 170x78 pixels in #2f6fde, text aside.
		blue := 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				if near(r>>8, 0x2f) && near(g>>8, 0x6f) && near(bl>>8, 0xde) {
					blue++
				}
			}
		}
		if blue < 3*5000 {
			t.Errorf("%d node-blue pixels, want at least %d (three nodes)", blue, 3*5000)
		}
	})
	do(t, c, ":stop")
}

func near(a, b uint32) bool { return a+12 >= b && a <= b+12 }

// The page draws an empty graph without an error, and makes its picture as
// large as a long chain, which a fixed size cut off.
func TestTheLivePageFitsEveryGraph(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("no %s (apt-get install -y chromium): the page is not drawn", chromium)
	}
	c, _ := newTestConsole(t)
	stop, addr, err := c.serveHTTP("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	url := "http://" + addr + "/"

	if dom := runChromium(t, url, "--dump-dom"); !strings.Contains(dom,
		`<div id="state">graph stopped, run 0,`) {
		t.Errorf("the empty graph's page:\n%s", dom)
	}

	// src -> s1 -> ... -> s7 -> out: nine columns.
	cmds := []string{"func id(n int) int { return n }", ":source src ticker every=1h"}
	prev := "src"
	for i := 1; i <= 7; i++ {
		name := fmt.Sprintf("s%d", i)
		cmds = append(cmds, ":stage "+name+" fn=id", ":wire "+prev+" -> "+name)
		prev = name
	}
	cmds = append(cmds, ":sink out count", ":wire "+prev+" -> out")
	do(t, c, cmds...)
	dom := runChromium(t, url, "--dump-dom")
	m := regexp.MustCompile(`<svg id="graph" width="(\d+)"`).FindStringSubmatch(dom)
	const last = 20 + 8*240 + 170 // PAD + 8 columns + NODE_W, as page.html draws
	if m == nil {
		t.Fatalf("no picture width in:\n%s", dom)
	}
	if w, _ := strconv.Atoi(m[1]); w < last {
		t.Errorf("picture %d wide, the last node ends at %d", w, last)
	}
}
