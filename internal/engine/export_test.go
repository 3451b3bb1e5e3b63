package engine

import bq "github.com/blevesearch/bleve/v2/search/query"

// ScanSummary and UnmarshalSummary expose both ways of reading a stored
// summary to the tests of package engine_test: the keys of Summary, then
// the quotations' JSON.
func ScanSummary(meta string) (keys []string, ok bool) {
	j, ok := scanSummary(meta)
	return j.keys(), ok
}

// UnmarshalSummary is ScanSummary by encoding/json.
func UnmarshalSummary(meta string) (keys []string, err error) {
	j, err := unmarshalSummary(meta)
	return j.keys(), err
}

func (j summaryJSON) keys() []string {
	return []string{j.ID, j.Headline, j.Byline, j.Section, j.Source, j.SourceCode, j.Date, string(j.Quotes)}
}

// KeptHitValues is how many doc values c keeps for re-scoring.
func KeptHitValues(c *Caches) int {
	c.values.mu.RLock()
	defer c.values.mu.RUnlock()
	return len(c.values.m)
}

// ClauseKey is the key TopK keeps a scanned clause's documents under.
func ClauseKey(q bq.Query) string { return clauseKey(q) }
