package console

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"time"
)

//go:embed page.html
var livePage []byte

// checkLoopback refuses an address whose host is not a loopback one, so
// that the pprof endpoints and the live page never face the network.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-http %q: want HOST:PORT, such as 127.0.0.1:6060", addr)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-http %q: only a loopback host is allowed (127.0.0.1, ::1 or localhost): "+
		"the page and /debug/pprof/ show the program's inside", addr)
}

// handler serves the live page at /, its data at /status.json and
// net/http/pprof under /debug/pprof/.
func (c *Console) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/status.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(c.view(stuckAfter))
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(livePage)
	})
	return mux
}

// serveHTTP listens on addr (loopback only) and serves handler until the
// returned stop is called; stop shuts the server down, waits for its
// goroutine, and is safe to call twice. The goroutines inherit the
// caller's labels (the console's).
func (c *Console) serveHTTP(addr string) (stop func(), bound string, err error) {
	if err := checkLoopback(addr); err != nil {
		return nil, "", err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", fmt.Errorf("-http: %w", err)
	}
	srv := &http.Server{Handler: loopbackHost(c.handler()), ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			c.errOut.Printf("pipeconsole: -http: %v", err)
		}
	}()
	stopped := false
	return func() {
		if stopped {
			return
		}
		stopped = true
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if srv.Shutdown(ctx) != nil {
			srv.Close()
		}
		<-done
	}, strings.TrimSpace(ln.Addr().String()), nil
}

// loopbackHost refuses a request whose Host is not a loopback name or
// address. The listener is on loopback, but a web page whose DNS name is
// rebound to 127.0.0.1 reaches it with its own name as the Host, and
// could read the status and /debug/pprof/ from the browser.
func loopbackHost(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if hp, _, err := net.SplitHostPort(host); err == nil {
			host = hp
		}
		ip := net.ParseIP(strings.Trim(host, "[]"))
		if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			http.Error(w, fmt.Sprintf("pipeconsole: Host %q is not a loopback name", r.Host),
				http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}
