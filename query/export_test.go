package query

// SetMaxBitmapValues sets the most values a facet field may have to be
// counted from bitmaps, so that tests reach the ordinal columns that count
// fields with more (names on a real archive) on a small one.
func SetMaxBitmapValues(s *Searcher, n int) { s.maxBitmapValues = n }
