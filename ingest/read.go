package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"

	"github.com/newsdesk/newsdesk/article"
)

// Event is one step of reading: an article, or an error (a skipped article
// or an unreadable file), or the end of a file.
type Event struct {
	// File is the path as named or found; StdinName for "-". For a zip
	// archive it is the archive; Article.Origin.File names the member
	// ("archive.zip/folder/export.txt") and Article.Origin.Format its format.
	File    string
	Format  Format           // format the file is read as, once known
	Article *article.Article // set for an article
	Err     error            // set for an error: *ParseError for a skipped article
	// Warning is set for what skips nothing but should be looked at: a
	// file or archive member that holds no article at all (empty, only
	// white space, or an export of none), a *ParseError wrapping
	// ErrNoArticles.
	Warning  error
	FileDone bool // set on the last event of each file
}

// Options tune Read.
type Options struct {
	Format  Format    // format of every input; "" detects it per file
	Stdin   io.Reader // what "-" reads
	Workers int       // files parsed concurrently; 2 if < 1
	// Unordered lets the events of different files interleave, each file's
	// own events still in order and ended by FileDone, so that a slow or
	// huge file does not hold back the files after it. When one id occurs
	// in several files, which version comes last is then not defined.
	Unordered bool
	// Map renames CSV columns to Article fields (column name -> field
	// name, e.g. "title" -> "headline"), for columns the CSV reader does
	// not recognise by itself. See ParseMap.
	Map map[string]string
	// ParseMemory bounds the memory one document parsed whole may take
	// (HTML, XML and DOCX are; so is an archive inside an archive or on
	// standard input): a larger document is skipped with an error wrapping
	// ErrTooLarge, naming the file or archive member, and the rest is read
	// (see DocumentLimit). 0 means DefaultParseMemory.
	ParseMemory int64
	// Exclude lists folders and files never read when met in a folder
	// being walked, such as the index an ingest writes into (which may
	// sit inside the folder of exports). They are compared as files, so
	// another path to the same folder is excluded too.
	Exclude []string
}

// readJob is one file to read. Its events are buffered in its own channel so
// that workers can parse ahead while Read still hands out events in order.
type readJob struct {
	fsys     fileSystem // where path is opened when r is nil
	path     string
	r        io.Reader // open file or stdin; nil means open path
	stdin    bool      // r is Options.Stdin, which Read must not close
	explicit bool      // named by the caller, not found in a directory
	events   chan Event
}

// Read streams the events of reading paths: files, directories (walked
// recursively in lexical order and following symbolic links, where a link
// to a folder already walked gives a warning instead; skipping hidden
// files and directories, .txt files without a Factiva line, and files
// whose content is binary or of unknown format; those are reported as
// errors only when named explicitly), zip archives (read in place, members detected by content)
// and "-" for Options.Stdin.
//
// Files are parsed by Options.Workers goroutines, so parsing runs alongside
// the consumer, but events come out in the order of the paths, each file's
// events together and ended by one with FileDone (unless
// Options.Unordered). A path that cannot be read
// gives an event whose Err names it, then FileDone; a file or archive
// member holding no article gives one whose Warning names it. The channel is closed when
// everything is read or ctx is cancelled; a consumer that stops early must
// cancel ctx so the goroutines end.
func Read(ctx context.Context, paths []string, opt Options) <-chan Event {
	return read(ctx, osFS{}, paths, opt)
}

// ReadFS is Read over the files of fsys: paths are fsys's names
// (slash-separated, unrooted; "." for all of it), walked and parsed as Read
// does, with events and errors naming them. "-" is a file of that name,
// not Options.Stdin. Symbolic links in fsys are not followed: an fs.FS
// cannot tell a link to a folder already walked (a loop) from another.
func ReadFS(ctx context.Context, fsys fs.FS, paths []string, opt Options) <-chan Event {
	return read(ctx, ioFS{fsys}, paths, opt)
}

// read is Read and ReadFS, over the files of fsys.
func read(ctx context.Context, fsys fileSystem, paths []string, opt Options) <-chan Event {
	workers := opt.Workers
	if workers < 1 {
		workers = 2
	}
	out := make(chan Event, 64)
	order := make(chan *readJob, workers) // every job, in order, for the sequencer
	work := make(chan *readJob)           // jobs that need parsing, for the workers
	var wg sync.WaitGroup

	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(order)
		defer close(work)
		produceJobs(ctx, fsys, paths, opt.Stdin, opt.Exclude, func(j *readJob, parse bool) bool {
			select {
			case order <- j:
			case <-ctx.Done():
				return false
			}
			if !parse {
				return true
			}
			select {
			case work <- j:
				return true
			case <-ctx.Done():
				if c, ok := j.r.(io.Closer); ok && !j.stdin {
					c.Close() // no worker will run this job
				}
				return false
			}
		})
	}()

	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				j.run(ctx, opt)
			}
		}()
	}

	if opt.Unordered {
		go func() {
			// Fan in: every job forwards its own events as they come.
			var fw sync.WaitGroup
			defer close(out)
			defer wg.Wait()
			defer fw.Wait()
			for j := range order {
				fw.Add(1)
				go func() {
					defer fw.Done()
					for {
						select {
						case ev, ok := <-j.events:
							if !ok {
								return
							}
							select {
							case out <- ev:
							case <-ctx.Done():
								return
							}
						case <-ctx.Done():
							return
						}
					}
				}()
			}
		}()
		return out
	}
	go func() {
		defer close(out)
		defer wg.Wait()
		for j := range order {
			for {
				var ev Event
				var ok bool
				select { // a job never handed to a worker is never closed
				case ev, ok = <-j.events:
				case <-ctx.Done():
					return
				}
				if !ok {
					break
				}
				select {
				case out <- ev:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}

// produceJobs turns paths into jobs and passes them to emit, with parse
// false for jobs whose events are already known. It stops when emit returns
// false.
func produceJobs(ctx context.Context, fsys fileSystem, paths []string, stdin io.Reader, exclude []string, emit func(*readJob, bool) bool) {
	var excluded []fs.FileInfo
	for _, p := range exclude {
		if fi, err := fsys.Stat(p); err == nil {
			excluded = append(excluded, fi) // one that does not exist excludes nothing
		}
	}
	failed := func(path string, err error) bool {
		j := &readJob{path: path, events: make(chan Event, 2)}
		j.events <- Event{File: path, Err: fmt.Errorf("ingest %s: %w", path, err)}
		j.events <- Event{File: path, FileDone: true}
		close(j.events)
		return emit(j, false)
	}
	for _, p := range paths {
		if ctx.Err() != nil {
			return
		}
		if p == "-" && fsys.stdin() {
			if stdin == nil {
				if !failed(StdinName, errors.New("no standard input given")) {
					return
				}
				continue
			}
			if !emit(&readJob{path: StdinName, r: stdin, stdin: true, explicit: true, events: make(chan Event, 64)}, true) {
				return
			}
			continue
		}
		f, err := fsys.Open(p)
		if err != nil {
			if !failed(p, err) {
				return
			}
			continue
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			if !failed(p, err) {
				return
			}
			continue
		}
		if !fi.IsDir() {
			if !emit(&readJob{fsys: fsys, path: p, r: f, explicit: true, events: make(chan Event, 64)}, true) {
				f.Close()
				return
			}
			continue
		}
		f.Close()
		if !walkJobs(ctx, fsys, p, excluded, failed, emit) {
			return
		}
	}
}

// walkJobs emits a job for every visible regular file under root, in
// lexical order. Symbolic links are followed, to files and to folders
// alike, root included; a link to a folder already walked (above it: a
// loop, or elsewhere: the same files again) is skipped with a warning.
func walkJobs(ctx context.Context, fsys fileSystem, root string, excluded []fs.FileInfo, failed func(string, error) bool, emit func(*readJob, bool) bool) bool {
	fi, err := fsys.Stat(root)
	if err != nil {
		return failed(root, err)
	}
	w := &walker{ctx: ctx, fsys: fsys, failed: failed, emit: emit, excluded: excluded}
	return w.dir(root, fi)
}

// walker walks one root for walkJobs.
type walker struct {
	ctx    context.Context
	fsys   fileSystem
	failed func(string, error) bool
	emit   func(*readJob, bool) bool
	walked []walkedDir // every folder walked, to tell where a link leads
	// excluded are the files and folders never read (Options.Exclude).
	excluded []fs.FileInfo
}

type walkedDir struct {
	path string
	fi   fs.FileInfo
}

// dir walks the folder at path, whose own (followed) info is fi; it
// returns false when the walk must stop.
func (w *walker) dir(path string, fi fs.FileInfo) bool {
	w.walked = append(w.walked, walkedDir{path, fi})
	entries, err := w.fsys.ReadDir(path)
	if err != nil {
		// A *fs.PathError already says "open <path>: ...".
		return w.failed(path, err)
	}
	for _, e := range entries {
		if w.ctx.Err() != nil {
			return false
		}
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := w.fsys.Join(path, e.Name())
		mode := e.Type()
		var info fs.FileInfo
		if mode&fs.ModeSymlink != 0 {
			if info, err = w.fsys.StatLink(p); err != nil {
				continue // a broken link, or one not followed: nothing to read
			}
			mode = info.Mode().Type()
		}
		if w.isExcluded(e, info) {
			continue
		}
		switch {
		case mode.IsDir():
			if info == nil {
				if info, err = e.Info(); err != nil {
					if !w.failed(p, err) {
						return false
					}
					continue
				}
			}
			if seen := w.seen(info); seen != "" {
				if !w.warn(p, fmt.Errorf("a symbolic link to a folder already read (%s): skipped", seen)) {
					return false
				}
				continue
			}
			if !w.dir(p, info) {
				return false
			}
		case mode.IsRegular():
			if !w.emit(&readJob{fsys: w.fsys, path: p, events: make(chan Event, 64)}, true) {
				return false
			}
		}
		// Devices, sockets and pipes are skipped.
	}
	return true
}

// isExcluded reports whether the entry e (whose followed info is info,
// when it is a link) is one of the excluded files or folders.
func (w *walker) isExcluded(e fs.DirEntry, info fs.FileInfo) bool {
	if len(w.excluded) == 0 {
		return false
	}
	if info == nil {
		var err error
		if info, err = e.Info(); err != nil {
			return false
		}
	}
	for _, x := range w.excluded {
		if w.fsys.SameFile(x, info) {
			return true
		}
	}
	return false
}

// seen returns the path of the folder walked that is fi, or "".
func (w *walker) seen(fi fs.FileInfo) string {
	for _, d := range w.walked {
		if w.fsys.SameFile(d.fi, fi) {
			return d.path
		}
	}
	return ""
}

// warn emits a job of one warning about path.
func (w *walker) warn(path string, err error) bool {
	j := &readJob{path: path, events: make(chan Event, 2)}
	j.events <- Event{File: path, Warning: fmt.Errorf("ingest %s: %w", path, err)}
	j.events <- Event{File: path, FileDone: true}
	close(j.events)
	return w.emit(j, false)
}

// run parses the job's input into its events channel and closes it.
func (j *readJob) run(ctx context.Context, opt Options) {
	defer close(j.events)
	send := func(ev Event) bool {
		ev.File = j.path
		select {
		case j.events <- ev:
			return true
		case <-ctx.Done():
			return false
		}
	}
	fail := func(err error) {
		if send(Event{Err: fmt.Errorf("ingest %s: %w", j.path, err)}) {
			send(Event{FileDone: true})
		}
	}
	r := j.r
	if r == nil {
		f, err := j.fsys.Open(j.path)
		if err != nil {
			fail(err)
			return
		}
		r = f
	}
	if c, ok := r.(io.Closer); ok && !j.stdin {
		defer c.Close()
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(headSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		fail(err)
		return
	}
	if len(head) < headSize && isBlank(head) {
		// The whole file is empty or white space. In a folder, only a file
		// whose name says it is an export is worth a word.
		if j.explicit || opt.Format != "" || Detect(j.path, nil) != "" {
			if send(Event{Warning: noArticles(j.path, len(head) == 0, true)}) {
				send(Event{FileDone: true})
			}
		}
		return
	}
	if looksBinary(head) && !isZip(head) {
		if j.explicit {
			fail(errors.New("binary file, not a text export"))
		}
		return
	}
	f := opt.Format
	if f == "" {
		if f = Detect(j.path, head); f == "" {
			if j.explicit {
				fail(ErrUnknownFormat)
			}
			return
		}
		// In a folder, a .txt file without a Factiva line is a README or
		// notes, not an export: skip it like other unknown files.
		if !j.explicit && f == FormatFactiva && !factivaMarker.Match(head) {
			return
		}
	}
	opt.Format = f
	for a, err := range parseInput(r, br, j.path, opt) {
		if !j.explicit && errors.Is(err, errNotAnExport) {
			return // markup found in a folder that is no export: skipped like unknown files
		}
		ev := Event{Format: f, Article: a, Err: err}
		if errors.Is(err, ErrNoArticles) {
			ev.Err, ev.Warning = nil, err
		}
		if !send(ev) {
			return
		}
	}
	send(Event{Format: f, FileDone: true})
}
