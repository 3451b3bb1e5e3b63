package ingest

// Name is a proper name found in an article: the readers leave
// Article.Names empty, and the index fills it in (package extract finds
// the names) so that `newsdesk show --json` and the HTTP API return them.
type Name struct {
	Name     string `json:"name"`
	Type     string `json:"type"` // person, organization, place or other
	Mentions int    `json:"mentions"`
}

// Quote is a direct quotation found in an article, with its speaker ("" when
// the article does not say who) and the 1-based body paragraph where it
// opens. Like Names, the index fills Article.Quotes in.
type Quote struct {
	Text      string `json:"text"`
	Speaker   string `json:"speaker"`
	Paragraph int    `json:"paragraph"`
}
