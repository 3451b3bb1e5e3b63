package index

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/dedup"
	"github.com/newsdesk/newsdesk/extract"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// DefaultBatchSize is the number of articles written per bleve batch. Each
// batch becomes one segment; see BenchmarkIngestBatchSize for the choice.
const DefaultBatchSize = 1000

// DefaultBatchBytes caps the text held in one batch, so a folder of very long
// articles does not hold thousands of them in memory at once.
const DefaultBatchBytes = 32 << 20

// Garbage-collector settings for a process that ingests
// (runtime/debug.SetGCPercent and SetMemoryLimit). Ingest allocates
// heavily, in bleve's analysis and segment building: at GOGC=400 an ingest
// of Reuters-21578 took 19.5-19.8 s of CPU against 24.3-25.7 s at the
// default 100, for about twice the heap (peak RSS 638-776 MB against
// 334-350 MB). The soft memory limit makes the collector work harder
// rather than let the heap grow past it. newsdesk ingest sets both unless
// GOGC or GOMEMLIMIT is set; other programs that call Ingest may do the
// same.
const (
	IngestGCPercent   = 400
	IngestMemoryLimit = 4 << 30
)

// maxKeptErrors bounds Stats.Errors; ErrorCount still counts all of them.
const maxKeptErrors = 1000

// dedupMode is how an index handle detects duplicates as it writes.
type dedupMode int

const (
	dedupFull      dedupMode = iota // fingerprints, band keys and groups: what newsdesk does
	dedupExactOnly                  // exact digests only, every article in its own group
	dedupNone                       // no duplicate field at all
)

// Options tune Ingest.
type Options struct {
	BatchSize  int // articles per batch; 0 means DefaultBatchSize
	BatchBytes int // text bytes per batch; 0 means DefaultBatchBytes
	// Progress, when set, is called with the running totals after every
	// batch and at the end of every file.
	Progress func(Stats)
	// Workers is the number of goroutines preparing documents ahead of the
	// writer; 0 means one per CPU (GOMAXPROCS). It changes the speed only:
	// documents reach the index in the order of the events.
	Workers int
	// MaxArticleBytes is the most text (headline and body) one article may
	// have; a longer one is skipped with an error wrapping
	// ErrArticleTooLong. 0 means DefaultMaxArticleBytes.
	MaxArticleBytes int
	// StopAtSkip stops the ingest at the first article the index cannot
	// take (too long, or not encodable), as `newsdesk ingest --strict`
	// does: the articles before it are written, Ingest returns with the
	// article counted in Stats.Skipped and its error in Stats.Errors.
	StopAtSkip bool
	// noEntities skips finding names and quotations (package extract), for
	// the benchmarks that measure their cost (export_test.go).
	noEntities bool
}

// errStopAtSkip ends Ingest at a skipped article under Options.StopAtSkip.
var errStopAtSkip = errors.New("stopped at a skipped article")

// DefaultMaxArticleBytes bounds one article's text. Indexing an article
// takes about 100 bytes of memory per byte of its text, all at once
// (analysis, term vectors, names and quotations): a 4 MiB article peaked
// at 405 MB and a 32 MiB one at 11.8 GB of RSS. News articles are at most
// a few hundred KiB; 4 MiB is a book.
const DefaultMaxArticleBytes = 4 << 20

// ErrArticleTooLong is wrapped by the error of an article over
// Options.MaxArticleBytes.
var ErrArticleTooLong = errors.New("too long to index")

// Stats counts what an ingest did.
type Stats struct {
	Files     int // input files read to the end
	Read      int // articles read from the input
	Added     int // new articles
	Updated   int // articles whose id was indexed with other content
	Unchanged int // articles already indexed as they are
	// Repeated counts the articles whose id an earlier article of the
	// same ingest had (overlapping exports, one article in several
	// files): the last version read is kept. Every other article is
	// counted once, as Added, Updated or Unchanged against the index as
	// the ingest found it.
	Repeated int
	Skipped  int // articles that could not be parsed
	Failed   int // files that could not be read at all
	// Empty counts the files and archive members that held no article at
	// all (ingest.ErrNoArticles). Like every warning (Event.Warning) they
	// are not errors; Warnings keeps the first warnings, WarningCount
	// counts them all.
	Empty        int
	Warnings     []error
	WarningCount int
	// Duplicates counts the articles written (added or updated) that are,
	// when the ingest ends, in another article's duplicate group (exact or
	// near): they repeat an earlier one. Regrouped counts the articles
	// indexed before the ingest whose group it changed. Both describe the
	// groups the ingest leaves, so they do not depend on the order its
	// articles arrived in.
	Duplicates int
	Regrouped  int
	Bytes      int64 // text bytes (headline and body) of the articles read
	// Errors holds the first errors met, each naming its file and line.
	Errors     []error
	ErrorCount int
	Elapsed    time.Duration
}

// Rate is the number of articles read per second.
func (s Stats) Rate() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Read) / s.Elapsed.Seconds()
}

func (s *Stats) addError(err error) {
	s.ErrorCount++
	if len(s.Errors) < maxKeptErrors {
		s.Errors = append(s.Errors, err)
	}
}

// Ingest indexes the articles arriving on events until the channel closes or
// ctx is cancelled. On cancellation the articles that reached the writer are
// written before it returns; those still being prepared (at most a few
// hundred) are not, and Stats.Read counts only the first. Parse errors are
// counted and kept in Stats, not returned: the error result is for failures
// of the index itself or cancellation. Ingest stops reading events when it
// returns, so a producer such as ingest.Read should be given a context the
// caller cancels then.
//
// The work that needs no index state (content hash, names and quotations,
// token counts, duplicate fingerprints) runs on one goroutine per CPU ahead
// of the writer, in order, so it overlaps with bleve building the previous
// batch.
func (ix *Index) Ingest(ctx context.Context, events <-chan ingest.Event, opt Options) (Stats, error) {
	w := ix.newWriter(opt)
	// The preparation goroutines stop when Ingest returns, error or not.
	pctx, stop := context.WithCancel(ctx)
	defer stop()
	prepared := w.prepareAhead(pctx, events)
	for {
		// Cancellation wins over waiting events: select alone picks at random.
		if ctx.Err() != nil {
			err := w.flush()
			return w.done(), errors.Join(ctx.Err(), err)
		}
		select {
		case <-ctx.Done():
		case f, ok := <-prepared:
			if !ok {
				err := w.flush()
				return w.done(), err
			}
			var p preparedEvent
			select {
			case p = <-f:
			case <-ctx.Done():
				continue
			}
			w.ahead.release(articleBytes(p.ev.Article))
			if err := w.handle(p); err != nil {
				if errors.Is(err, errStopAtSkip) {
					// What was read before the skipped article is kept.
					err := w.flush()
					return w.done(), err
				}
				return w.done(), err
			}
		}
	}
}

// preparedEvent is an event with its article's document built.
type preparedEvent struct {
	ev  ingest.Event
	doc preparedDoc
}

// preparedDoc is what can be computed for an article without the index.
type preparedDoc struct {
	hash    string
	doc     *document
	lengths schema.FieldLengths
	err     error
}

// prepareAhead builds the documents of the events' articles on one
// goroutine per CPU. It returns, in event order, one channel per event that
// delivers the event with its document.
func (w *writer) prepareAhead(ctx context.Context, events <-chan ingest.Event) <-chan chan preparedEvent {
	type job struct {
		ev  ingest.Event
		out chan preparedEvent
	}
	workers := w.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Up to one batch ahead, by count and by bytes: the next batch is
	// prepared while bleve builds this one, and a folder of very long
	// articles holds no more than BatchBytes of them in waiting.
	ordered := make(chan chan preparedEvent, w.opt.BatchSize)
	jobs := make(chan job, workers)
	go func() {
		defer close(ordered)
		defer close(jobs)
		for {
			var ev ingest.Event
			select {
			case e, ok := <-events:
				if !ok {
					return
				}
				ev = e
			case <-ctx.Done():
				return
			}
			if !w.ahead.acquire(ctx, articleBytes(ev.Article)) {
				return
			}
			out := make(chan preparedEvent, 1)
			select {
			case jobs <- job{ev, out}:
			case <-ctx.Done():
				return
			}
			select {
			case ordered <- out:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		go func() {
			var p preparer
			for j := range jobs {
				pe := preparedEvent{ev: j.ev}
				if j.ev.Article != nil {
					pe.doc = p.prepare(w.ix, w.opt, j.ev.Article)
				}
				j.out <- pe
			}
		}()
	}
	return ordered
}

// Put indexes articles given directly, for programs that build Article
// values themselves.
func (ix *Index) Put(ctx context.Context, articles ...*article.Article) (Stats, error) {
	w := ix.newWriter(Options{})
	for _, a := range articles {
		if ctx.Err() != nil {
			break
		}
		if err := w.addPrepared(a, w.prep.prepare(ix, w.opt, a)); err != nil {
			return w.done(), err
		}
	}
	err := w.flush()
	return w.done(), errors.Join(ctx.Err(), err)
}

type pending struct {
	id       string
	doc      *document
	hash     string // of the version to write: the last one read
	lengths  schema.FieldLengths
	oldGroup string // of an indexed article rewritten for its duplicate group
}

type writer struct {
	ix    *Index
	opt   Options
	start time.Time
	stats Stats
	batch []pending
	byID  map[string]int // position in batch
	bytes int
	prep  preparer // for Put, which prepares on the caller's goroutine
	dups  *dupState
	ahead *byteBudget // articles prepared ahead of the writer
	// For Stats.Duplicates and Regrouped: whether each article written is
	// in another's group, and the first and latest group of each article
	// indexed before the ingest that it rewrote.
	writtenDup map[string]bool
	regrouped  map[string][2]string
	// seen holds the ids of the articles this ingest has written or
	// found unchanged, to count the later copies as Stats.Repeated.
	seen map[string]struct{}
}

func (ix *Index) newWriter(opt Options) *writer {
	if opt.BatchSize <= 0 {
		opt.BatchSize = DefaultBatchSize
	}
	if opt.BatchBytes <= 0 {
		opt.BatchBytes = DefaultBatchBytes
	}
	return &writer{ix: ix, opt: opt, start: time.Now(), byID: map[string]int{}, ahead: newByteBudget(int64(opt.BatchBytes)),
		writtenDup: map[string]bool{}, regrouped: map[string][2]string{}, seen: map[string]struct{}{}}
}

// preparer builds index documents; each goroutine has its own.
type preparer struct {
	counter *tokenCounter
	hasher  *dedup.Hasher
}

// prepare computes what a's document needs without the index: its id when
// it has none, content hash, document (with names and quotations), token
// counts and duplicate fingerprint.
func (p *preparer) prepare(ix *Index, opt Options, a *article.Article) preparedDoc {
	// Ingest's readers decode their input to UTF-8; an article built in
	// Go may not be, and bleve's tokenizer stops at the first bad byte.
	article.MakeValidUTF8(a)
	if a.ID == "" {
		a.ID = article.StableID(a)
	}
	most := opt.MaxArticleBytes
	if most <= 0 {
		most = DefaultMaxArticleBytes
	}
	if n := articleBytes(a); n > int64(most) {
		return preparedDoc{err: fmt.Errorf("%w: %.1f MiB of text, the most is %.1f MiB (indexing takes about 100 bytes of memory per byte of text)",
			ErrArticleTooLong, float64(n)/(1<<20), float64(most)/(1<<20))}
	}
	hash, err := contentHash(a)
	if err != nil {
		return preparedDoc{err: err}
	}
	if p.counter == nil {
		if p.counter, err = newTokenCounter(); err != nil {
			return preparedDoc{err: err}
		}
		if p.hasher, err = dedup.NewHasher(dedup.DefaultParams()); err != nil {
			return preparedDoc{err: fmt.Errorf("duplicate detection: %w", err)}
		}
	}
	var ex *extract.Extractor
	if !opt.noEntities {
		ex = ix.extractor()
	}
	doc, err := newDocument(a, hash, ex, ix)
	if err != nil {
		return preparedDoc{err: err}
	}
	l := p.counter.lengths(doc)
	doc.Lengths = l.String()
	if ix.dedup == dedupFull {
		fp := p.hasher.Fingerprint(doc.text(schema.FieldBody))
		doc.fp = &fp
	}
	return preparedDoc{hash: hash, doc: doc, lengths: l}
}

func (w *writer) done() Stats {
	w.stats.Elapsed = time.Since(w.start)
	return w.stats
}

func (w *writer) progress() {
	if w.opt.Progress != nil {
		w.stats.Elapsed = time.Since(w.start)
		w.opt.Progress(w.stats)
	}
}

func (w *writer) handle(p preparedEvent) error {
	ev := p.ev
	switch {
	case ev.Err != nil:
		var pe *ingest.ParseError
		if errors.As(ev.Err, &pe) {
			w.stats.Skipped++
		} else {
			w.stats.Failed++
		}
		w.stats.addError(ev.Err)
	case ev.Warning != nil:
		if errors.Is(ev.Warning, ingest.ErrNoArticles) {
			w.stats.Empty++
		}
		w.stats.WarningCount++
		if len(w.stats.Warnings) < maxKeptErrors {
			w.stats.Warnings = append(w.stats.Warnings, ev.Warning)
		}
	case ev.Article != nil:
		return w.addPrepared(ev.Article, p.doc)
	case ev.FileDone:
		w.stats.Files++
		w.progress()
	}
	return nil
}

// addPrepared adds a, with its prepared document, to the batch, and
// writes the batch when it is full.
func (w *writer) addPrepared(a *article.Article, p preparedDoc) error {
	w.stats.Read++
	size := len(a.Headline)
	for _, para := range a.Body {
		size += len(para)
	}
	w.stats.Bytes += int64(size)
	if p.err != nil {
		// An article too long to index or that cannot be encoded: skip it, as a
		// parse error would be, and keep going.
		w.stats.Skipped++
		w.stats.addError(fmt.Errorf("%sarticle %s: %w", origin(a), a.ID, p.err))
		if w.opt.StopAtSkip {
			return errStopAtSkip
		}
		return nil
	}
	if i, ok := w.byID[a.ID]; ok {
		// The same id twice in one batch: the later version wins.
		w.stats.Repeated++
		w.batch[i].doc, w.batch[i].hash, w.batch[i].lengths = p.doc, p.hash, p.lengths
		return nil
	}
	w.byID[a.ID] = len(w.batch)
	w.batch = append(w.batch, pending{id: a.ID, doc: p.doc, hash: p.hash, lengths: p.lengths})
	w.bytes += size
	if len(w.batch) >= w.opt.BatchSize || w.bytes >= w.opt.BatchBytes {
		return w.flush()
	}
	return nil
}

// flush writes the pending articles whose content differs from what the
// index holds, as one bleve batch. Articles already read are written even
// when the ingest is being cancelled, so it takes no context.
func (w *writer) flush() error {
	ctx := context.Background()
	if len(w.batch) == 0 {
		return nil
	}
	// A read-only index would hang bleve (it runs no persister).
	if err := w.ix.writable(); err != nil {
		return err
	}
	w.ix.writeMu.Lock()
	defer w.ix.writeMu.Unlock()
	if err := w.ix.checkDupKeys(); err != nil {
		return err
	}
	if err := w.ix.openBands(); err != nil {
		return err
	}
	existing, err := w.ix.indexed(ctx, w.batch)
	if err != nil {
		return err
	}
	corpus, err := w.ix.CorpusStats()
	if err != nil {
		return err
	}
	// Which articles are written: new ones and changed ones.
	write := make(map[string]*document, len(w.batch))
	for _, p := range w.batch {
		if old, found := existing[p.id]; !found || old.hash != p.hash {
			write[p.id] = p.doc
		}
	}
	regrouped, err := w.assignGroups(ctx, write)
	if err != nil {
		return err
	}
	// Updated articles lose their old quotation documents.
	var updated []string
	for _, p := range w.batch {
		if old, found := existing[p.id]; found && old.hash != p.hash {
			updated = append(updated, p.id)
		}
	}
	// Articles rewritten into another duplicate group get their quotations
	// extracted again: drop the old ones first, as for an update.
	for _, p := range regrouped {
		updated = append(updated, p.id)
	}
	oldQuotes, err := w.ix.quoteIDsOf(ctx, updated)
	if err != nil {
		return err
	}
	b := w.ix.b.NewBatch()
	for _, id := range oldQuotes {
		b.Delete(id)
	}
	for _, p := range w.batch {
		// Each id is counted once against the index as the ingest found it
		// (later versions in this batch were counted as repeats in add); an
		// id an earlier batch of the ingest wrote is a repeat too.
		old, found := existing[p.id]
		_, again := w.seen[p.id]
		w.seen[p.id] = struct{}{}
		switch {
		case again:
			w.stats.Repeated++
		case found && old.hash == p.hash:
			w.stats.Unchanged++
		case found:
			w.stats.Updated++
		default:
			w.stats.Added++
		}
		if !found {
			corpus.Docs++
		}
		if found && old.hash == p.hash {
			continue // the last version is what the index holds already
		}
		corpus.add(p.lengths, 1)
		if found {
			corpus.add(old.lengths, -1)
		}
		w.noteWritten(p.id, p.doc.DupGroup)
		w.noteDupKeys(p.doc)
		if err := w.ix.indexDocument(b, p.id, p.doc); err != nil {
			return fmt.Errorf("index article %s: %w", p.id, err)
		}
		for i, q := range w.quoteDocs(p) {
			if err := w.ix.indexDocument(b, schema.QuoteID(p.id, i+1), q); err != nil {
				return fmt.Errorf("index quotation %d of article %s: %w", i+1, p.id, err)
			}
		}
	}
	for _, p := range regrouped {
		w.noteRegrouped(p.id, p.oldGroup, p.doc.DupGroup)
		w.noteDupKeys(p.doc)
		if err := w.ix.indexDocument(b, p.id, p.doc); err != nil {
			return fmt.Errorf("index article %s with its new duplicate group: %w", p.id, err)
		}
		for i, q := range w.quoteDocs(p) {
			if err := w.ix.indexDocument(b, schema.QuoteID(p.id, i+1), q); err != nil {
				return fmt.Errorf("index quotation %d of article %s: %w", i+1, p.id, err)
			}
		}
	}
	if err := w.writeBands(write); err != nil {
		return err
	}
	if b.Size() > 0 {
		cb, err := json.Marshal(corpus)
		if err != nil {
			return fmt.Errorf("corpus statistics: %w", err)
		}
		// In the same batch, so statistics and documents change together.
		b.SetInternal([]byte(corpusStatsKey), cb)
		if err := w.ix.b.Batch(b); err != nil {
			return fmt.Errorf("write batch of %d articles: %w", b.Size(), err)
		}
	}
	w.batch = w.batch[:0]
	clear(w.byID)
	w.bytes = 0
	w.progress()
	return nil
}

// openBands reads the band table of ix the first time it writes, unless
// its band keys are indexed or it detects no near duplicates. ix.writeMu
// must be held.
func (ix *Index) openBands() error {
	if ix.bands != nil || ix.bandsInIndex || ix.dedup != dedupFull {
		return nil
	}
	t, err := openBandTable(ix.path)
	if err != nil {
		return fmt.Errorf("index %s: %w", ix.path, err)
	}
	if t.undated {
		if err := ix.dateBands(context.Background(), t); err != nil {
			return fmt.Errorf("index %s: %w", ix.path, err)
		}
	}
	ix.bands = t
	return nil
}

// writeBands adds the band keys of the articles about to be written to the
// band table, before the batch that writes them: the table never misses a
// key the index holds. Articles rewritten only for their duplicate group
// keep their body, and their keys are in the table already.
func (w *writer) writeBands(docs map[string]*document) error {
	if w.ix.bands == nil {
		return nil
	}
	ids := make([]string, 0, len(docs))
	for id, doc := range docs {
		if doc.fp != nil && len(doc.fp.Bands) > 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	recs := make([]bandRecord, len(ids))
	for i, id := range ids {
		r, err := newBandRecord(id, bandDate(keyOf(id, docs[id].date())), docs[id].fp.Bands)
		if err != nil {
			return fmt.Errorf("band table: %w", err)
		}
		recs[i] = r
	}
	return w.ix.bands.write(recs)
}

// noteWritten counts article id, written with duplicate group group, in
// Stats.Duplicates, replacing what was counted for it before.
// noteDupKeys adds doc's duplicate keys to the handle's filter, if it
// keeps one, before the batch holding doc is written: a key the index
// holds is never missing from the filter.
func (w *writer) noteDupKeys(doc *document) {
	k := w.ix.dupKeys
	if k == nil {
		return
	}
	if doc.DupExact != "" {
		k.add(schema.FieldDupExact, doc.DupExact)
	}
	if doc.DupBands != "" {
		k.addAll(schema.FieldDupBands, doc.DupBands)
	}
}

func (w *writer) noteWritten(id, group string) {
	if r, ok := w.regrouped[id]; ok {
		if r[0] != r[1] {
			w.stats.Regrouped--
		}
		delete(w.regrouped, id)
	}
	if w.writtenDup[id] {
		w.stats.Duplicates--
	}
	dup := group != "" && group != id
	if dup {
		w.stats.Duplicates++
	}
	w.writtenDup[id] = dup
}

// noteRegrouped counts article id, rewritten from group from to group to,
// in Stats.Regrouped, or in Duplicates when the ingest wrote it.
func (w *writer) noteRegrouped(id, from, to string) {
	if _, ok := w.writtenDup[id]; ok {
		w.noteWritten(id, to)
		return
	}
	r, ok := w.regrouped[id]
	switch {
	case !ok:
		r[0] = from
	case r[0] != r[1]:
		w.stats.Regrouped--
	}
	r[1] = to
	if r[0] != r[1] {
		w.stats.Regrouped++
	}
	w.regrouped[id] = r
}

// quoteDocs returns the quotation documents to write beside p's article.
func (w *writer) quoteDocs(p pending) []quoteDoc {
	if w.ix.variant.NoQuoteDocs {
		return nil
	}
	return withDupFlag(p.doc.quotes, p.id, p.doc.DupGroup)
}

type indexedDoc struct {
	hash    string
	lengths schema.FieldLengths
}

// indexed returns the stored content hash and lengths of those pending ids
// that are already indexed.
func (ix *Index) indexed(ctx context.Context, batch []pending) (map[string]indexedDoc, error) {
	ids := make([]string, len(batch))
	for i, p := range batch {
		ids[i] = p.id
	}
	vals, err := engine.DocValues(ctx, ix.b, ids, schema.FieldHash, schema.FieldTokenCounts)
	if err != nil {
		return nil, fmt.Errorf("look up indexed articles: %w", err)
	}
	out := make(map[string]indexedDoc, len(vals))
	for id, v := range vals {
		out[id] = indexedDoc{hash: v[0], lengths: schema.ParseFieldLengths(v[1])}
	}
	return out, nil
}

// contentHash digests everything about an article except where it was read
// from, so the same article read from another file is unchanged.
func contentHash(a *article.Article) (string, error) {
	c := *a
	c.Origin = article.Origin{}
	c.Names, c.Quotes = nil, nil // found by the index, not part of the input
	// Article's own MarshalJSON, whose output is compact and escaped as
	// json.Marshal's: json.Marshal would only check and copy it
	// (TestContentHashMatchesMarshal).
	b, err := c.MarshalJSON()
	if err != nil {
		return "", fmt.Errorf("article %s: %w", a.ID, err)
	}
	// 64 bits, as 11 URL-safe characters: the hash is only compared with the
	// indexed version of the same id, and it is a unique term and doc value
	// per article (see dedup's digest for what the longer forms cost).
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:8]), nil
}

// origin names where a was read from, as parse errors do ("file:line: ",
// or the file and the article's position in it), or nothing for an
// article that comes from no file.
func origin(a *article.Article) string {
	o := a.Origin
	switch {
	case o.File == "":
		return ""
	case o.Line > 0:
		return fmt.Sprintf("%s:%d: ", o.File, o.Line)
	case o.Ordinal > 0:
		return fmt.Sprintf("%s: article %d: ", o.File, o.Ordinal)
	}
	return o.File + ": "
}

// articleBytes is the size of a's text, what batches are measured in.
func articleBytes(a *article.Article) int64 {
	if a == nil {
		return 0
	}
	n := len(a.Headline)
	for _, p := range a.Body {
		n += len(p)
	}
	return int64(n)
}

// byteBudget bounds the bytes of articles prepared ahead of the writer.
type byteBudget struct {
	mu         sync.Mutex
	cond       *sync.Cond
	used, most int64
}

func newByteBudget(most int64) *byteBudget {
	b := &byteBudget{most: most}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// acquire waits until n more bytes fit (an article larger than the whole
// budget waits for an empty one) and takes them; false when ctx ends first.
func (b *byteBudget) acquire(ctx context.Context, n int64) bool {
	stop := context.AfterFunc(ctx, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.cond.Broadcast()
	})
	defer stop()
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.used > 0 && b.used+n > b.most {
		if ctx.Err() != nil {
			return false
		}
		b.cond.Wait()
	}
	b.used += n
	return ctx.Err() == nil
}

func (b *byteBudget) release(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	b.cond.Broadcast()
}
