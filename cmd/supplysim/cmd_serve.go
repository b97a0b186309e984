package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/supplysim/supplysim/reports/playground"
)

// Playground limits: a class runs small lessons; the budget is the
// command line's.
const (
	defaultPlaygroundReps = 200
	defaultPort           = 8080
)

func serveCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("serve", "[DIR]", "Serve the playground: the lessons of DIR (default scenarios) with their knobs, in a web page.\nIt listens on this machine only unless --public is given, reads DIR and nothing else, and writes nothing.", e.stderr)
	port := fs.Int("port", defaultPort, "listen on `PORT` of the loopback address (0: any free port)")
	listen := fs.String("listen", "", "listen on `ADDR` (host:port) instead; an address other machines reach needs --public too")
	public := fs.Bool("public", false, "serve other machines too: listen on every interface (or on --listen's address)")
	maxReps := fs.Int("max-reps", defaultPlaygroundReps, "refuse runs of more than `N` replications")
	runs := fs.Int("runs", 2, "run at most `N` lessons at once; others wait their turn")
	var budget budgetFlags
	budget.register(fs)
	rest, err := parseArgs(fs, args)
	if err == flag.ErrHelp {
		return nil
	}
	if err != nil {
		return err
	}
	dir := "scenarios"
	switch len(rest) {
	case 0:
	case 1:
		dir = rest[0]
	default:
		return usageError{"serve takes one lessons directory"}
	}
	if err := checkReps("--max-reps", *maxReps); err != nil {
		return err
	}
	if *maxReps < 2 || *runs < 1 {
		return usageError{"--max-reps must be at least 2 and --runs at least 1"}
	}
	addr, hosts, err := listenAddr(*listen, *port, *public)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("cannot open the lessons' directory %s: %w", dir, unwrapPath(err))
	}
	defer root.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w; hint: another program uses the port: try --port 0 for any free one", addr, unwrapPath(err))
	}
	h := playground.NewHandler(playground.Config{Lessons: root.FS(), Version: Version, Budget: budget.budget(),
		MaxReplications: *maxReps, Runs: *runs, Hosts: hosts})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	fmt.Fprintf(e.stdout, "supplysim playground: the lessons of %s at %s (Ctrl-C to stop)\n", dir, urlOf(ln.Addr(), *public))
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(stop)
	fmt.Fprintln(e.stdout, "supplysim playground: stopped")
	return nil
}

// listenAddr is where to listen, and the host names requests may name
// (none: any, for a public server). A server reachable from other
// machines needs --public.
func listenAddr(listen string, port int, public bool) (string, []string, error) {
	if listen == "" {
		if port < 0 || port > 65535 {
			return "", nil, usageError{fmt.Sprintf("--port must be 0 to 65535, got %d", port)}
		}
		if public {
			return ":" + strconv.Itoa(port), nil, nil
		}
		return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), loopbackNames(), nil
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return "", nil, usageError{fmt.Sprintf("--listen wants host:port, such as 127.0.0.1:8080: %v", unwrapAddr(err))}
	}
	if public {
		return listen, nil, nil
	}
	if !isLoopback(host) {
		return "", nil, usageError{fmt.Sprintf("--listen %s would serve other machines; add --public to say so", listen)}
	}
	return listen, append(loopbackNames(), host), nil
}

func loopbackNames() []string { return []string{"localhost", "127.0.0.1", "::1"} }

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func unwrapAddr(err error) error {
	var ae *net.AddrError
	if errors.As(err, &ae) {
		return errors.New(ae.Err)
	}
	return err
}

// urlOf is the address to open: the loopback one, or for a public server
// the machine's name, which the students type.
func urlOf(addr net.Addr, public bool) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "localhost"
		if name, err := os.Hostname(); err == nil && public {
			host = name
		}
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(tcp.Port)) + "/"
}
