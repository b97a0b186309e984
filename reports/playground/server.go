package playground

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/supplysim/supplysim/reports/playground/engine"
	"github.com/supplysim/supplysim/sim"
)

// Config is what a served playground may do.
type Config struct {
	// Lessons is the lessons' directory. Give an os.Root's FS, so that no
	// symbolic link leads out of it.
	Lessons         fs.FS
	Version         string
	Budget          sim.Budget // per run, as the command line's --max-events and --max-memory
	MaxReplications int        // per run
	Runs            int        // runs at once; others wait their turn (0: 1)
	// Hosts, when not empty, are the only host names requests may name
	// (with any port): a loopback server refuses pages of other sites that
	// rename themselves to 127.0.0.1 (DNS rebinding).
	Hosts []string
}

// Request bodies are bounded: a lesson is a few kilobytes; a run carries
// the previous run's values, a few per replication and key result.
const (
	maxValidateBody = 1 << 20
	maxRunBody      = 8 << 20
)

// server is the playground's web app.
type server struct {
	cfg   Config
	slots chan struct{}
	mux   *http.ServeMux
}

// NewHandler returns the playground's web app. It reads the lessons'
// directory and nothing else, and writes nothing.
func NewHandler(cfg Config) http.Handler {
	if cfg.Runs < 1 {
		cfg.Runs = 1
	}
	s := &server{cfg: cfg, slots: make(chan struct{}, cfg.Runs), mux: http.NewServeMux()}
	for _, name := range []string{"app.js", "app.css"} {
		s.mux.HandleFunc("GET /"+name, s.pageFile(name))
	}
	s.mux.HandleFunc("GET /{$}", s.pageFile("index.html"))
	s.mux.HandleFunc("GET /echarts.min.js", s.echarts)
	s.mux.HandleFunc("GET /site.js", s.site)
	s.mux.HandleFunc("GET /lessons/{name}", s.lessonFile)
	s.mux.HandleFunc("POST /api/validate", s.validate)
	s.mux.HandleFunc("POST /api/run", s.run)
	return s
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hostAllowed(r.Host) {
		http.Error(w, "this playground serves its own address only", http.StatusForbidden)
		return
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
	h.Set("Cache-Control", "no-store") // lessons change while a trainer edits them
	s.mux.ServeHTTP(w, r)
}

func (s *server) hostAllowed(host string) bool {
	if len(s.cfg.Hosts) == 0 {
		return true
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return slices.Contains(s.cfg.Hosts, strings.Trim(host, "[]"))
}

func (s *server) pageFile(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data, err := pageFile(name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		serveBytes(w, name, data)
	}
}

func (s *server) echarts(w http.ResponseWriter, r *http.Request) {
	js := echarts()
	if js == nil {
		http.Error(w, "the ECharts bundle is not embedded in this build (run make build)", http.StatusNotFound)
		return
	}
	serveBytes(w, "echarts.min.js", js)
}

// site is site.js: the lessons, read afresh at each load of the page.
func (s *server) site(w http.ResponseWriter, r *http.Request) {
	ls, err := lessons(s.cfg.Lessons)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	js, err := siteScript(Site{Mode: "served", Version: s.cfg.Version, MaxReplications: s.cfg.MaxReplications, Lessons: ls})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	serveBytes(w, "site.js", js)
}

// siteScript writes the Site as a script: a page opened from a file share
// can load scripts but not fetch files.
func siteScript(site Site) ([]byte, error) {
	data, err := json.Marshal(site)
	if err != nil {
		return nil, err
	}
	return append(append([]byte("self.SUPPLYSIM_SITE = "), data...), ";\n"...), nil
}

// lessonFile serves a lesson's text, or a file a lesson names: nothing
// else of the directory.
func (s *server) lessonFile(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ls, err := lessons(s.cfg.Lessons)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	for _, l := range ls {
		if l.File == name {
			serveBytes(w, "lesson.txt", []byte(l.Text))
			return
		}
		if slices.Contains(l.Files, name) {
			data, err := namedReader(s.cfg.Lessons)(name)
			if err == nil {
				serveBytes(w, "lesson.txt", data)
				return
			}
		}
	}
	http.Error(w, "no such lesson", http.StatusNotFound)
}

func serveBytes(w http.ResponseWriter, name string, data []byte) {
	ctype := mime.TypeByExtension(name[strings.LastIndexByte(name, '.'):])
	switch {
	case strings.HasSuffix(name, ".txt"):
		ctype = "text/plain; charset=utf-8"
	case strings.HasSuffix(name, ".js"):
		ctype = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ctype)
	w.Write(data)
}

// validateRequest is the editor's text.
type validateRequest struct {
	File string `json:"file"`
	Text string `json:"text"`
}

func (s *server) validate(w http.ResponseWriter, r *http.Request) {
	var req validateRequest
	if !decode(w, r, maxValidateBody, &req) {
		return
	}
	if !s.isLesson(w, req.File) {
		return
	}
	writeJSON(w, engine.Validate(req.File, req.Text, namedReader(s.cfg.Lessons)))
}

// isLesson refuses a request for a file that is not a lesson of the
// directory: its name says where the files it names are read from.
func (s *server) isLesson(w http.ResponseWriter, name string) bool {
	if isLessonName(name) {
		if fi, err := fs.Stat(s.cfg.Lessons, name); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	http.Error(w, fmt.Sprintf("%q is not a lesson of this playground", name), http.StatusNotFound)
	return false
}

// run runs a lesson and streams its progress, one JSON object a line
// ({"progress": {...}}), then {"result": Response}. Closing the request
// (the page's Cancel) stops the simulation.
func (s *server) run(w http.ResponseWriter, r *http.Request) {
	var req engine.Request
	if !decode(w, r, maxRunBody, &req) {
		return
	}
	if !s.isLesson(w, req.File) {
		return
	}
	req.Files = nil // the server reads them from the directory
	ctx := r.Context()
	w.Header().Set("Content-Type", "application/x-ndjson")
	out := &lines{w: w, rc: http.NewResponseController(w)}
	select {
	case s.slots <- struct{}{}:
	default:
		out.send(map[string]any{"waiting": "another run is in progress; this one starts when it ends"})
		select {
		case s.slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
	}
	defer func() { <-s.slots }()
	lim := engine.Limits{Budget: s.cfg.Budget, MaxReplications: s.cfg.MaxReplications, ReadFile: namedReader(s.cfg.Lessons),
		Progress: func(done, total int) {
			out.send(map[string]any{"progress": map[string]int{"done": done, "total": total}})
		}}
	resp, err := engine.Run(ctx, req, lim)
	if err != nil {
		return // cancelled: nobody is listening
	}
	out.send(map[string]any{"result": resp})
}

// lines writes JSON lines, flushing each, from one goroutine at a time.
type lines struct {
	mu sync.Mutex
	w  io.Writer
	rc *http.ResponseController
}

func (l *lines) send(v any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := json.NewEncoder(l.w).Encode(v); err == nil {
		l.rc.Flush()
	}
}

// decode reads a JSON body of at most max bytes into v, or answers with
// the error.
func decode(w http.ResponseWriter, r *http.Request, max int64, v any) bool {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		// Also keeps other sites' pages out: they cannot send JSON here
		// without asking first, and this server never says yes.
		http.Error(w, "send the request as application/json", http.StatusUnsupportedMediaType)
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, max))
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, fmt.Sprintf("the request is larger than %d MiB", max>>20), http.StatusRequestEntityTooLarge)
			return false
		}
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
