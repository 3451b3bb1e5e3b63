package index

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/dedup"
	"github.com/newsdesk/newsdesk/extract"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/internal/variant"
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
// labels ("Englisch"); layout 4 has paragraph and sentence marks and caps
// terms in its text fields (schema/marks.go), which the positional
// operators search: articles written now would have them and older ones
// not, so same-paragraph, same-sentence and caps() queries would silently
// miss the older articles.
// Layout 5 keeps the LSH band keys of duplicate detection in a band table
// beside the index (BandTableLayout) instead of as indexed terms: a layout
// 4 index has no table, so articles written to it now would not find the
// near duplicates among its older ones. Layout 5 also stores the body
// compressed in a field of its own (CompressedBodyLayout): older newsdesk
// would show articles written now without their text.
const Layout = 5

// BandTableLayout is the first Layout whose band keys are in the band
// table (bandtable.go), not in the dup_bands field.
const BandTableLayout = 5

// MarksLayout is the first Layout whose text fields hold paragraph,
// sentence and caps marks (HasMarks).
const MarksLayout = 4

// CompressedBodyLayout is the first Layout that stores the body compressed (zstd with a
// dictionary, schema.EncodeBody) in
// schema.FieldStoredBody; older ones stored it in schema.FieldBody as
// text. schema.Body reads either.
const CompressedBodyLayout = 5

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
	// closeOnce makes Close safe to call again (bleve's panics).
	closeOnce sync.Once
	closeErr  error
	// articleKind is set when every article carries kind:article
	// (articleKindKey).
	articleKind bool
	// writeMu serialises batches: each one updates the corpus statistics
	// read by the one before it.
	writeMu sync.Mutex
	// dedup is how this handle detects duplicates: dedupFull but in
	// benchmarks that measure its cost (export_test.go).
	dedup dedupMode
	// mergeHook, when set (only by tests), runs in place of one force
	// merge in Optimize; merge runs the real one.
	mergeHook func(ctx context.Context, merge func(context.Context) error) error
	// aliases is the alias table names are resolved with (nil: the default);
	// set it with SetAliases before writing.
	aliases *extract.Aliases
	exOnce  sync.Once
	ex      *extract.Extractor
	// variant is the layout variant this handle writes (see
	// internal/variant); the zero value is the newsdesk layout.
	variant variant.Variant
	// countTerms says the index's mapping holds word counts as terms
	// (schema.CountTerms), not as bleve numbers (indexes made before).
	countTerms bool
	// layout is the index's Layout version (1 for indexes from before it
	// was recorded).
	layout int
	// dupKeys holds every duplicate key written through this handle when
	// it first wrote to an empty index, nil otherwise (dupkeys.go);
	// dupKeysChecked is set once that was decided. dupLookups counts the
	// duplicate-key lookups that reached the index, and those that found
	// no article (tests read them). All three are guarded by writeMu.
	dupKeys        *dupKeys
	dupKeysChecked bool
	dupLookups     struct{ done, empty int }
	// bands is the band table (bandtable.go), read when the handle first
	// writes (guarded by writeMu). bandsInIndex makes the handle keep band
	// keys as indexed terms (FieldDupBands) instead, as layout 4 did: only
	// tests set it, to compare the two.
	bands        *bandTable
	bandsInIndex bool
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
	return &Index{b: b, path: path, readOnly: readOnly, layout: layout, articleKind: kind, countTerms: schema.WordCountTerms(b.Mapping())}, nil
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
	ix, err = create(path, m, map[string]interface{}{"bolt_timeout": openTimeout})
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	return ix, nil
}

// create makes a bleve index of mapping m at path ("" in memory) with the
// scorch config cfg, and records in it the layout this newsdesk writes and
// that its articles carry kind:article; it leaves nothing open on failure.
func create(path string, m *mapping.IndexMappingImpl, cfg map[string]interface{}) (*Index, error) {
	b, err := engine.Create(path, m, cfg)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(setLayout(b), markArticleKind(b)); err != nil {
		b.Close()
		return nil, err
	}
	return &Index{b: b, path: path, layout: Layout, articleKind: true, countTerms: schema.WordCountTerms(b.Mapping())}, nil
}

// NewMemory returns an index held in memory, for tests and short-lived
// demos. It uses scorch, like the on-disk index, because bleve's older
// in-memory type silently ignores BM25.
func NewMemory() (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	ix, err := create("", m, nil)
	if err != nil {
		return nil, fmt.Errorf("create memory index: %w", err)
	}
	return ix, nil
}

// Close releases the index. A handle open for writing first waits, briefly,
// until bleve has removed the segment files it merged away
// (engine.CloseTidy), so they do not stay on disk beside the index.
// Closing it again returns what the first Close did.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		if ix.readOnly || ix.path == "" {
			ix.closeErr = ix.b.Close()
		} else {
			ix.closeErr = engine.CloseTidy(ix.b, ix.path)
		}
	})
	return ix.closeErr
}

// ReadOnly reports whether the index was opened read-only: it then never
// changes while open, so what is derived from it can be cached.
func (ix *Index) ReadOnly() bool { return ix.readOnly }

// Path is the folder of the index ("" for a memory index).
func (ix *Index) Path() string { return ix.path }

// Bleve exposes the underlying bleve index, for the query layer and for
// searches bleve's own API expresses.
func (ix *Index) Bleve() bleve.Index { return ix.b }

// LayoutVersion is the index's Layout version: Layout for an index this
// newsdesk made, lower for an older one (1 for indexes from before the
// version was recorded).
func (ix *Index) LayoutVersion() int { return ix.layout }

// HasMarks reports whether the index's text fields hold the paragraph,
// sentence and caps marks (schema.ParagraphMark, schema.SentenceMark,
// schema.CapsMark): true for indexes of layout MarksLayout (4) and later.
// The query layer needs them for same-paragraph, same-sentence, lead
// paragraph and caps() searches; an older index can answer every other
// query as before, and should be made again for those.
func (ix *Index) HasMarks() bool {
	if ix.layout < MarksLayout {
		return false
	}
	m, ok := ix.b.Mapping().AnalyzerNamed(schema.TextAnalyzer).(*markedAnalyzer)
	return ok && m.marks && m.caps
}

// SizeOnDisk is the size in bytes of the files in the index folder; 0 for
// a memory index.
func (ix *Index) SizeOnDisk() (int64, error) {
	if ix.path == "" {
		return 0, nil
	}
	var n int64
	err := filepath.WalkDir(ix.path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		n += info.Size()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("size of index %s: %w", ix.path, err)
	}
	return n, nil
}

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
	req.Fields = schema.StoredArticleFields()
	req.Score = "none"
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	a, err := articleFromFields(res.Hits[0].Fields)
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	return a, nil
}

// articleFromFields rebuilds an article from the stored fields of a hit
// that loaded schema.StoredArticleFields, in an index of any layout.
func articleFromFields(fields map[string]interface{}) (*article.Article, error) {
	if err := schema.PlainBody(fields); err != nil {
		return nil, err
	}
	return engine.ArticleFromFields(fields)
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
	// Values are the article's own fields (the article schema's indexed
	// ones); embedded so that bleve indexes each key as a top-level field.
	schema.Values `json:",omitempty"`
	// Kind is ArticleType: searches of every article select them by it.
	Kind string `json:"kind"`
	Meta string `json:"meta"`
	// StoredBody is the body text compressed (schema.EncodeBody).
	StoredBody string `json:"body_stored,omitempty"`
	Hash       string `json:"hash"`
	Lengths    string `json:"lengths"`
	DupExact   string `json:"dup_exact"`
	DupGroup   string `json:"dup_group"`
	// Set by assignGroups (dedup.go) only when the handle indexes band keys
	// (bandsInIndex, a test mode; layout 5 keeps them in the band table).
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

// text is the indexed text of an article field (FieldBody, FieldSource...).
func (d *document) text(field string) string {
	s, _ := d.Values[field].(string)
	return s
}

// date is the article's date, nil when it has none.
func (d *document) date() *time.Time {
	t, _ := d.Values[schema.FieldDate].(*time.Time)
	return t
}

// indexValues are the values bleve indexes for the article schema's fields
// of a, by the fields' Search options: strings as they are (empty ones
// too, as bleve indexed them from a struct), paragraphs as one text, code
// lists lower-cased so that queries match in any case, the date in UTC and
// counts as schema.CountTerms (as float64 where the index is of a mapping
// from before, countTerms false).
func indexValues(a *article.Article, countTerms bool) schema.Values {
	v := make(schema.Values, 24)
	for f := range article.FieldsSeq() {
		s := f.Search
		if s.Analysis == article.NotIndexed || s.Analysis == article.DocID {
			continue
		}
		switch p := f.Ptr(a).(type) {
		case *string:
			v[f.Name] = *p
		case *[]string:
			switch {
			case f.Kind == article.Paragraphs:
				v[f.Name] = strings.Join(*p, "\n\n") // as BodyText
			case s.Lower:
				v[f.Name] = lowerAll(*p)
			default:
				v[f.Name] = *p
			}
		case *time.Time:
			if !p.IsZero() {
				t := p.UTC()
				v[f.Name] = &t
			}
		case *int:
			if countTerms {
				v[f.Name] = schema.CountTerms(*p)
			} else {
				v[f.Name] = float64(*p)
			}
		}
	}
	return v
}

// newDocument builds the index document of a; with ex it also finds the
// article's names and quotations.
func newDocument(a *article.Article, hash string, ex *extract.Extractor, ix *Index) (*document, error) {
	v := &ix.variant
	meta := *a
	meta.Body = nil
	meta.Names, meta.Quotes = nil, nil
	d := &document{
		Values: indexValues(a, ix.countTerms),
		Kind:   schema.ArticleType,
		Hash:   hash,
		// DupExact and DupGroup are set by assignGroups (dedup.go), which
		// sees the whole batch and the index.
	}
	if ex != nil {
		d.quotes = enrich(ex, a, d, &meta)
		if v.MetaNoEntities {
			meta.Names, meta.Quotes = nil, nil
		}
	}
	mb, err := json.Marshal(&meta)
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	d.Meta = schema.EncodeMeta(mb)
	d.StoredBody = schema.EncodeBody(d.text(schema.FieldBody))
	return d, nil
}

// DupDigest is the exact-duplicate key of an article, the value of
// FieldDupExact: dedup.ExactDigest of its body, or its id when the body has
// no words (so it never groups).
func DupDigest(a *article.Article) string {
	return cmp.Or(dedup.ExactDigest(a.BodyText()), a.ID)
}
