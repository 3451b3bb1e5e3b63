package article

// NameType classifies a name.
type NameType string

// The types of names. Other is used where the cues do not tell.
const (
	Person       NameType = "person"
	Organization NameType = "organization"
	Place        NameType = "place"
	Other        NameType = "other"
)

// Name is a proper name found in an article (package extract finds them,
// and package index fills Article.Names in at indexing), with all its
// mentions resolved to one canonical form.
type Name struct {
	Name     string   `json:"name"`
	Type     NameType `json:"type"`
	Mentions int      `json:"mentions"`
	// Role is the title or role the article first writes before a
	// person's name ("Kenyan President" of "Kenyan President Uhuru
	// Kenyatta"), which is not part of the name; "" when none.
	Role string `json:"role,omitempty"`
	// Spans locate the mentions; they are not part of an article's JSON.
	Spans []Span `json:"-"`
}

// Span is one mention: Paragraph 0 is the headline, 1 the first paragraph
// of the body; Start and End are byte offsets in that paragraph.
type Span struct {
	Paragraph  int
	Start, End int
}

// Quote is a direct quotation found in an article, and who said it. Like
// Names, the index fills Article.Quotes in.
type Quote struct {
	Text string `json:"text"`
	// Speaker is the canonical name of who said it, "" when the article
	// does not say (no guess is made).
	Speaker string `json:"speaker"`
	// Paragraph is the 1-based body paragraph where the quotation opens.
	Paragraph int `json:"paragraph"`
	// Start and End are byte offsets of the text in the opening and closing
	// paragraphs; EndParagraph differs from Paragraph for a quotation that
	// runs over several paragraphs. They are not part of an article's JSON.
	Start        int `json:"-"`
	End          int `json:"-"`
	EndParagraph int `json:"-"`
}
