package schema

// Index terms that the text analyzer (TextAnalyzer) adds beside the words,
// for the positional operators of package engine (span.go). Each begins
// with a byte no analysed word holds, so no word query, prefix or term
// listing ever meets one.
//
// Only indexing adds them. Query text is analysed with TextQueryAnalyzer
// (what AnalyzerFor names for a text field): the same tokenizer and
// filters, words only, so a query "Turkey" searches turkey and never a
// mark, and a phrase or an AND of query words is what the user wrote.
// Indexes of layout 4 and later hold the marks (index.Layout,
// (*index.Index).HasMarks); older ones have none, and there
// TextQueryAnalyzer is the index's own text analyzer.
//
// Marks are not counted in a field's length: neither in the token counts
// newsdesk keeps (FieldLengths) nor in bleve's norm, so BM25 ranks as it
// did before them.
const (
	// ParagraphMark is indexed at the position of the first word of every
	// paragraph after a field's first.
	ParagraphMark = "\x00p"
	// SentenceMark is indexed at the position of the first word of every
	// sentence after a field's first (a paragraph's first word included).
	SentenceMark = "\x00s"
	// CapsMark is indexed at the position of every word written with a
	// capital first letter (a stop word the analyzer drops gets none):
	// caps(Turkey) is turkey's analysed form where CapsMark also stands,
	// the country, not the bird. One term for every capitalised word,
	// not one per word, because its postings cost every index while
	// caps() queries are rare (docs/index.md has the sizes).
	CapsMark = "\x00C"
)

// IsMarkTerm reports whether an index term is a mark rather than a word:
// what a field's length leaves out.
func IsMarkTerm(term []byte) bool { return len(term) > 0 && term[0] == 0 }
