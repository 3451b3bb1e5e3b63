package index

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/dedup"
	"github.com/newsdesk/newsdesk/extract"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// ErrNotFound is returned for an article id that is not in the index.
var ErrNotFound = errors.New("article not found")

// ErrLocked is returned when another process holds the index open for
// writing, or holds it open for reading while a writer asks: bleve allows
// one writer process per index, and none while readers have it open.
var ErrLocked = errors.New("index is in use by another process")

// ErrReadOnly is returned when writing through a read-only handle.
var ErrReadOnly = errors.New("index is open read-only")

// Layout is the version of the index layout (fields, their options and
// values) this newsdesk writes. It changes when articles written now would
// not mix with those of an older index: layout 2 has no name_words (names of
// no known type are in other_names, which a layout 1 mapping ignores) and
// shorter content hashes and exact digests; layout 3 has other ids for
// articles without an accession number (article.StableID digests their text),
// so re-ingesting an export into a layout 2 index would add every such
// article a second time, and language codes where layout 2 kept vendor
// labels ("Englisch").
const Layout = 3

// layoutKey is the internal key the layout version is kept under.
const layoutKey = "newsdesk_layout"

// ErrOldLayout is returned when writing to an index of an older Layout: it
// can still be searched, but new articles must go into a new index.
var ErrOldLayout = errors.New("index has an older layout: it can be searched, not added to")

// Index is an article index. It is safe for concurrent use: searches run on
// snapshots and are not blocked by writes.
type Index struct {
	b        bleve.Index
	path     string
	readOnly bool
	// articleKind is set when every article carries kind:article
	// (articleKindKey).
	articleKind bool
	// writeMu serialises batches: each one updates the corpus statistics
	// read by the one before it.
	writeMu sync.Mutex
	// dedupOff turns duplicate detection down, only for benchmarks that
	// measure its cost (export_test.go): 1 records exact digests only, 2
	// nothing.
	dedupOff int
	// mergeHook, when set (only by tests), runs in place of one force
	// merge in Optimize; merge runs the real one.
	mergeHook func(ctx context.Context, merge func(context.Context) error) error
	// aliases is the alias table names are resolved with (nil: the default);
	// set it with SetAliases before writing.
	aliases *extract.Aliases
	exOnce  sync.Once
	ex      *extract.Extractor
	// variant is the layout variant this handle writes (see CreateVariant);
	// the zero value is the newsdesk layout.
	variant Variant
	// layout is the index's Layout version (1 for indexes from before it
	// was recorded).
	layout int
}

// setLayout records the current Layout in a new index.
func setLayout(b bleve.Index) error {
	return b.SetInternal([]byte(layoutKey), []byte(strconv.Itoa(Layout)))
}

// readLayout reads the Layout version of an index.
func readLayout(b bleve.Index) (int, error) {
	v, err := b.GetInternal([]byte(layoutKey))
	if err != nil {
		return 0, fmt.Errorf("read index layout: %w", err)
	}
	if v == nil {
		return 1, nil
	}
	n, err := strconv.Atoi(string(v))
	if err != nil {
		return 0, fmt.Errorf("index layout %q: %w", v, err)
	}
	return n, nil
}

// writable reports why articles cannot be written to ix, or nil.
func (ix *Index) writable() error {
	switch {
	case ix.readOnly:
		return ErrReadOnly
	case ix.layout != Layout:
		return fmt.Errorf("index %s has layout %d, this newsdesk writes layout %d: %w", ix.path, ix.layout, Layout, ErrOldLayout)
	}
	return nil
}

// SetAliases sets the alias table used to find names in the articles
// written from now on (nil restores the default table). Call it before
// the first write.
func (ix *Index) SetAliases(a *extract.Aliases) { ix.aliases = a }

// extractor returns the name and quotation extractor, made once.
func (ix *Index) extractor() *extract.Extractor {
	ix.exOnce.Do(func() { ix.ex = extract.New(ix.aliases) })
	return ix.ex
}

// openTimeout bounds the wait for another process's lock on the index, so a
// second writer gets ErrLocked instead of blocking forever.
const openTimeout = "2s"

// ErrNoIndex is returned by Open when there is no index at the path.
var ErrNoIndex = errors.New("no newsdesk index here")

// Open opens an existing index for reading and writing. Only one process
// can hold an index open for writing.
func Open(path string) (*Index, error) { return open(path, false) }

// OpenReadOnly opens an existing index for searching. Several processes can
// search one index at once, but none can write it meanwhile, and a
// read-only handle sees the index as it was when opened.
func OpenReadOnly(path string) (*Index, error) { return open(path, true) }

func open(path string, readOnly bool) (*Index, error) {
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("open index %s: %w", path, ErrNoIndex)
		}
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	cfg := map[string]interface{}{"bolt_timeout": openTimeout}
	if readOnly {
		cfg["read_only"] = true
	}
	b, err := bleve.OpenUsing(path, cfg)
	if err != nil {
		// bbolt times out waiting for the lock another process holds.
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("open index %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	layout, err := readLayout(b)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	kind, err := engine.HasArticleKind(b)
	if err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return &Index{b: b, path: path, readOnly: readOnly, layout: layout, articleKind: kind}, nil
}

// markArticleKind records that the articles of a new index carry their
// kind (engine.ArticleKindKey).
func markArticleKind(b bleve.Index) error {
	return b.SetInternal([]byte(engine.ArticleKindKey), []byte("1"))
}

// OpenOrCreate opens the index at path, creating it when it does not exist.
func OpenOrCreate(path string) (*Index, error) {
	ix, err := Open(path)
	if !errors.Is(err, ErrNoIndex) {
		return ix, err
	}
	if entries, err := os.ReadDir(path); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("create index %s: the folder exists, is not empty and is not a newsdesk index", path)
	}
	m, err := NewMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	b, err := engine.Create(path, m, map[string]interface{}{"bolt_timeout": openTimeout})
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	if err := errors.Join(setLayout(b), markArticleKind(b)); err != nil {
		b.Close()
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	return &Index{b: b, path: path, layout: Layout, articleKind: true}, nil
}

// NewMemory returns an index held in memory, for tests and short-lived
// demos. It uses scorch, like the on-disk index, because bleve's older
// in-memory type silently ignores BM25.
func NewMemory() (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	b, err := engine.Create("", m, nil)
	if err != nil {
		return nil, fmt.Errorf("create memory index: %w", err)
	}
	if err := errors.Join(setLayout(b), markArticleKind(b)); err != nil {
		b.Close()
		return nil, fmt.Errorf("create memory index: %w", err)
	}
	return &Index{b: b, layout: Layout, articleKind: true}, nil
}

// Close releases the index.
func (ix *Index) Close() error { return ix.b.Close() }

// ReadOnly reports whether the index was opened read-only: it then never
// changes while open, so what is derived from it can be cached.
func (ix *Index) ReadOnly() bool { return ix.readOnly }

// Path is the folder of the index ("" for a memory index).
func (ix *Index) Path() string { return ix.path }

// Bleve exposes the underlying bleve index, for the query layer and for
// searches bleve's own API expresses.
func (ix *Index) Bleve() bleve.Index { return ix.b }

// Count is the number of articles in the index (quotation documents are
// not counted).
func (ix *Index) Count() (uint64, error) {
	n, err := ix.b.DocCount()
	if err != nil {
		return 0, err
	}
	q, err := ix.quoteCount()
	if err != nil || q > n {
		return n, err
	}
	return n - q, nil
}

// Article returns the stored article with the given id.
func (ix *Index) Article(ctx context.Context, id string) (*article.Article, error) {
	// Articles only: a quotation's id (ID#q1) is not an article.
	req := bleve.NewSearchRequestOptions(engine.ArticlesOnly(query.NewDocIDQuery([]string{id}), true, ix.articleKind), 1, 0, false)
	req.Fields = []string{schema.FieldMeta, schema.FieldBody}
	req.Score = "none"
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	return engine.ArticleFromFields(res.Hits[0].Fields)
}

// lowerAll lower-cases codes for the keyword fields.
func lowerAll(codes []string) []string {
	if len(codes) == 0 {
		return nil
	}
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = strings.ToLower(strings.TrimSpace(c))
	}
	return out
}

// document is what bleve indexes for one article; its json names are the
// index field names.
type document struct {
	// Kind is ArticleType: searches of every article select them by it.
	Kind string `json:"kind"`
	// Code lists, lower-cased so that queries match in any case.
	Subjects      []string `json:"subjects,omitempty"`
	Regions       []string `json:"regions,omitempty"`
	Companies     []string `json:"companies,omitempty"`
	Industries    []string `json:"industries,omitempty"`
	People        []string `json:"people,omitempty"`
	Organizations []string `json:"organizations,omitempty"`

	Headline   string     `json:"headline"`
	Body       string     `json:"body"`
	Byline     string     `json:"byline,omitempty"`
	Source     string     `json:"source,omitempty"`
	SourceCode string     `json:"source_code,omitempty"`
	Section    string     `json:"section,omitempty"`
	Language   string     `json:"language,omitempty"`
	Date       *time.Time `json:"date,omitempty"`
	WordCount  float64    `json:"word_count"`
	Meta       string     `json:"meta"`
	Hash       string     `json:"hash"`
	Lengths    string     `json:"lengths"`
	DupExact   string     `json:"dup_exact"`
	DupGroup   string     `json:"dup_group"`
	// Set by assignGroups (dedup.go).
	DupBands string `json:"dup_bands,omitempty"` // space-separated
	// Names and quotations (see enrich.go). The word fields hold all values
	// in one string: one bleve field per value made indexing much slower.
	Names      []string `json:"names,omitempty"`
	Person     string   `json:"person,omitempty"`
	Org        string   `json:"org,omitempty"`
	Place      string   `json:"place,omitempty"`
	OtherNames string   `json:"other_names,omitempty"`
	Quote      string   `json:"quote,omitempty"`
	Speaker    []string `json:"speaker,omitempty"`
	// quotes are indexed as documents of their own beside the article.
	quotes []quoteDoc
	// fp is the duplicate fingerprint of the body, computed ahead of the
	// writer (nil when not computed yet).
	fp *dedup.Fingerprint
}

// newDocument builds the index document of a; with ex it also finds the
// article's names and quotations.
func newDocument(a *article.Article, hash string, ex *extract.Extractor, v *Variant) (*document, error) {
	meta := *a
	meta.Body = nil
	meta.Names, meta.Quotes = nil, nil
	d := &document{
		Kind:       schema.ArticleType,
		Headline:   a.Headline,
		Body:       a.BodyText(),
		Byline:     a.Byline,
		Source:     a.Source,
		SourceCode: a.SourceCode,
		Section:    a.Section,
		Language:   a.Language,
		WordCount:  float64(a.WordCount),
		Hash:       hash,
		// DupExact and DupGroup are set by assignGroups (dedup.go), which
		// sees the whole batch and the index.
	}
	if ex != nil {
		d.quotes = enrich(ex, a, d, &meta)
		if v.metaNoEntities {
			meta.Names, meta.Quotes = nil, nil
		}
	}
	mb, err := json.Marshal(&meta)
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	d.Meta = string(mb)
	if !a.Date.IsZero() {
		t := a.Date.UTC()
		d.Date = &t
	}
	d.Subjects, d.Regions, d.Companies = lowerAll(a.Subjects), lowerAll(a.Regions), lowerAll(a.Companies)
	d.Industries, d.People, d.Organizations = lowerAll(a.Industries), lowerAll(a.People), lowerAll(a.Organizations)
	return d, nil
}

// DupDigest is the exact-duplicate key of an article, the value of
// FieldDupExact: dedup.ExactDigest of its body, or its id when the body has
// no words (so it never groups).
func DupDigest(a *article.Article) string {
	return cmp.Or(dedup.ExactDigest(a.BodyText()), a.ID)
}
