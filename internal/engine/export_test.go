package engine

// ScanSummary and UnmarshalSummary expose both ways of reading a stored
// summary to the tests of package engine_test.
func ScanSummary(meta string) (id, headline, byline, section, source, sourceCode, date string, ok bool) {
	j, ok := scanSummary(meta)
	return j.ID, j.Headline, j.Byline, j.Section, j.Source, j.SourceCode, j.Date, ok
}

// UnmarshalSummary is ScanSummary by encoding/json.
func UnmarshalSummary(meta string) (id, headline, byline, section, source, sourceCode, date string, err error) {
	j, err := unmarshalSummary(meta)
	return j.ID, j.Headline, j.Byline, j.Section, j.Source, j.SourceCode, j.Date, err
}
