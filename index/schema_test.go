package index

import (
	"cmp"
	"context"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/internal/querylang"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// mappedFields returns the indexed fields of the mapping's article and
// quotation documents, with their field mappings.
func mappedFields(t *testing.T) map[string]*mapping.FieldMapping {
	t.Helper()
	im, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*mapping.FieldMapping{}
	docs := []*mapping.DocumentMapping{im.DefaultMapping}
	for _, d := range im.TypeMapping {
		docs = append(docs, d)
	}
	for _, d := range docs {
		for path, p := range d.Properties {
			for _, f := range p.Fields {
				if f.Index {
					out[cmp.Or(f.Name, path)] = f
				}
			}
		}
	}
	return out
}

// TestStatisticsCoverMapping checks that every field the mapping indexes is
// in schema.IndexedFields, the list BM25 statistics are given for (bleve
// rejects statistics that miss a field a query touches), and that the list
// names no field the mapping lacks but name_words, which older indexes
// have.
func TestStatisticsCoverMapping(t *testing.T) {
	mapped := mappedFields(t)
	listed := schema.IndexedFields()
	for f := range mapped {
		if !slices.Contains(listed, f) {
			t.Errorf("the mapping indexes %s, schema.IndexedFields does not list it", f)
		}
	}
	for _, f := range listed {
		if _, ok := mapped[f]; !ok && f != schema.FieldNameWords && f != schema.FieldQDate {
			t.Errorf("schema.IndexedFields lists %s, the mapping does not index it", f)
		}
	}
}

// TestMappingFollowsSchema checks the mapping of each field of the article
// schema against its Search options.
func TestMappingFollowsSchema(t *testing.T) {
	mapped := mappedFields(t)
	for _, f := range article.Fields() {
		s := f.Search
		fm, ok := mapped[f.Name]
		if s.Analysis == article.NotIndexed || s.Analysis == article.DocID {
			if ok {
				t.Errorf("%s is mapped, the schema does not index it", f.Name)
			}
			continue
		}
		if !ok {
			t.Errorf("%s is not mapped", f.Name)
			continue
		}
		wantType := map[article.Analysis]string{article.Text: "text", article.Words: "text", article.Keyword: "text", article.Time: "datetime", article.Number: "text"}[s.Analysis] // counts as keyword terms
		if s.Stored {
			// A stored field (the body) is stored compressed in a field of
			// its own.
			im, err := NewMapping()
			if err != nil {
				t.Fatal(err)
			}
			p := im.DefaultMapping.Properties[schema.FieldStoredBody]
			if fm.Store || p == nil || len(p.Fields) != 1 || !p.Fields[0].Store || p.Fields[0].Index {
				t.Errorf("%s is stored in the field itself, or %s is not stored only", f.Name, schema.FieldStoredBody)
			}
			s.Stored = false
		}
		if fm.Type != wantType || fm.Store != s.Stored || fm.IncludeTermVectors != s.TermVectors || fm.DocValues != s.DocValues || fm.IncludeInAll {
			t.Errorf("%s mapped as %+v, want type %s and %+v", f.Name, *fm, wantType, s)
		}
		if wantType == "text" && fm.Analyzer != schema.IndexAnalyzerFor(f.Name) {
			t.Errorf("%s analysed by %s, schema.IndexAnalyzerFor says %s", f.Name, fm.Analyzer, schema.IndexAnalyzerFor(f.Name))
		}
		if s.WordsField != "" {
			if w, ok := mapped[s.WordsField]; !ok || w.Analyzer != schema.WordsAnalyzer {
				t.Errorf("%s: words field %s not mapped with %s", f.Name, s.WordsField, schema.WordsAnalyzer)
			}
		}
	}
}

// TestDocumentIndexesSchemaFields indexes an article with a value in every
// field of the schema and finds it through each indexed field: the
// document carries every field the mapping maps.
func TestDocumentIndexesSchemaFields(t *testing.T) {
	a := &article.Article{}
	date := time.Date(2017, 10, 23, 8, 15, 0, 0, time.UTC)
	for _, f := range article.Fields() {
		switch p := f.Ptr(a).(type) {
		case *string:
			*p = "Value" + strings.ReplaceAll(f.Name, "_", "")
		case *[]string:
			*p = []string{"Value" + strings.ReplaceAll(f.Name, "_", "")}
		case *time.Time:
			*p = date
		case *int:
			*p = 1234
		}
	}
	ix, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Put(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for _, f := range article.Fields() {
		s := f.Search
		value := "Value" + strings.ReplaceAll(f.Name, "_", "")
		var qs []query.Query
		switch s.Analysis {
		case article.Text, article.Words, article.Keyword:
			if s.Lower {
				value = strings.ToLower(value)
			}
			m := bleve.NewMatchQuery(value)
			m.SetField(f.Name)
			m.Analyzer = schema.AnalyzerFor(f.Name)
			qs = append(qs, m)
			if s.WordsField != "" {
				w := bleve.NewMatchQuery(value)
				w.SetField(s.WordsField)
				w.Analyzer = schema.WordsAnalyzer
				qs = append(qs, w)
			}
		case article.Time:
			incl := true
			r := bleve.NewDateRangeInclusiveQuery(date, date, &incl, &incl)
			r.SetField(f.Name)
			qs = append(qs, r)
		case article.Number:
			n := 1234.0
			qs = append(qs, querylang.CountRange(f.Name, &n, &n, true, true))
		}
		for _, q := range qs {
			res, err := ix.Bleve().Search(bleve.NewSearchRequest(q))
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 1 {
				t.Errorf("%s: %d hits for %q in the index, want the article", f.Name, res.Total, value)
			}
		}
	}
}

// TestStoredFieldsAreRead indexes an article with a value in every field
// and checks that the index stores, beside the id, only the fields
// searches and the article view load (the metadata and the body): every
// other stored copy is index size nobody reads. The headline was stored
// twice, in its own field and in the metadata (0.31 MB of Reuters' 75.7).
func TestStoredFieldsAreRead(t *testing.T) {
	a := &article.Article{ID: "stored-1", Headline: "Rates rise", Byline: "By Jane Doe", Source: "Example Post",
		Section: "Business", Language: "en", Body: []string{"The central bank raised rates on Tuesday.", "Markets fell."}}
	ix, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Put(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{a.ID}))
	req.Fields = []string{"*"}
	res, err := ix.Bleve().Search(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits for the article's id, want 1", len(res.Hits))
	}
	var got []string
	for f := range res.Hits[0].Fields {
		got = append(got, f)
	}
	slices.Sort(got)
	if want := []string{schema.FieldStoredBody, schema.FieldMeta}; !slices.Equal(got, want) {
		t.Errorf("stored fields %q, want %q (what query and index read)", got, want)
	}
}

// TestStoredBodyIsCompressed checks that the body is stored compressed
// (schema.EncodeBody) in schema.FieldStoredBody, not as text in
// schema.FieldBody, where snappy left 12.2 of Reuters' 15.6 MB of text
// (zstd with the dictionary: 8.1), and that the article reads back
// whole, on a memory index and on disk, opened for writing and read-only.
func TestStoredBodyIsCompressed(t *testing.T) {
	ctx := context.Background()
	body := []string{
		"The central bank raised interest rates by half a percentage point on Tuesday, the third increase this year, and said it would keep a close watch on prices.",
		`"We will act again if inflation does not slow," said Jane Doe, the governor of the Bank of Examples, at a news conference in London.`,
		"Shares fell in London and New York after the announcement, and the pound rose against the dollar and the euro.",
	}
	a := &article.Article{ID: "body-1", Headline: "Rates rise", Source: "Example Post", Language: "en", Body: body}
	open := map[string]func(t *testing.T) *Index{
		"memory": func(t *testing.T) *Index {
			ix, err := NewMemory()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ix.Put(ctx, a); err != nil {
				t.Fatal(err)
			}
			return ix
		},
	}
	for _, ro := range []bool{false, true} {
		name := "on disk"
		if ro {
			name = "on disk, read-only"
		}
		open[name] = func(t *testing.T) *Index {
			path := filepath.Join(t.TempDir(), "ix")
			ix, err := OpenOrCreate(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ix.Put(ctx, a); err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			if ro {
				ix, err = OpenReadOnly(path)
			} else {
				ix, err = Open(path)
			}
			if err != nil {
				t.Fatal(err)
			}
			return ix
		}
	}
	for name, open := range open {
		t.Run(name, func(t *testing.T) {
			ix := open(t)
			defer ix.Close()
			if ix.LayoutVersion() < CompressedBodyLayout {
				t.Errorf("layout %d, want %d or later", ix.LayoutVersion(), CompressedBodyLayout)
			}
			req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{a.ID}))
			req.Fields = schema.StoredBodyFields()
			res, err := ix.Bleve().Search(req)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != 1 {
				t.Fatalf("%d hits for the article's id, want 1", len(res.Hits))
			}
			f := res.Hits[0].Fields
			stored, _ := f[schema.FieldStoredBody].(string)
			if _, ok := f[schema.FieldBody]; ok || stored == "" {
				t.Fatalf("stored fields %q, want the body only in %s", slices.Collect(maps.Keys(f)), schema.FieldStoredBody)
			}
			text := a.BodyText()
			if len(stored)*3 > len(text)*2 {
				t.Errorf("stored body takes %d bytes for %d of text, want at most two thirds", len(stored), len(text))
			}
			if got, err := schema.Body(f); err != nil || got != text {
				t.Errorf("stored body reads %q, %v; want %q", got, err, text)
			}
			got, err := ix.Article(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Body, body) {
				t.Errorf("article body %q, want %q", got.Body, body)
			}
		})
	}
}

// TestStoredMetadataIsDeflated checks that the article's metadata is
// stored deflated with the dictionary (schema.EncodeMeta), at most
// half its JSON here, and reads back whole: it was stored as plain JSON,
// which snappy shrank by a quarter (13.9 of 19.2 MB on Reuters).
func TestStoredMetadataIsDeflated(t *testing.T) {
	a := &article.Article{ID: "meta-1", Headline: "Rates rise", Source: "Example Post", Language: "en",
		Date: time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC), Subjects: []string{"Econ"}, Regions: []string{"usa"},
		Body: []string{`"We will act," said Jane Doe, the governor of the Bank of Examples.`, "Markets fell in London and New York."}}
	ix, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Put(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{a.ID}))
	req.Fields = []string{schema.FieldMeta}
	res, err := ix.Bleve().Search(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits for the article's id, want 1", len(res.Hits))
	}
	stored, _ := res.Hits[0].Fields[schema.FieldMeta].(string)
	js, err := schema.DecodeMeta(stored)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored)*2 > len(js) {
		t.Errorf("stored metadata takes %d bytes for %d of JSON, want at most half", len(stored), len(js))
	}
	got, err := ix.Article(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Headline != a.Headline || !got.Date.Equal(a.Date) || !slices.Equal(got.Regions, a.Regions) || len(got.Body) != 2 {
		t.Errorf("article read back as %+v", got)
	}
}
