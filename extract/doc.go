// Package extract finds the proper names and the direct quotations of a
// news article, by rule: capitalised word runs with particles, suffixes and
// organisation connectors; titles, sentence starts, headline case and
// datelines in capitals handled; short mentions resolved to the full name
// within the article; aliases from a small table; types from honorifics,
// speech verbs, organisation words and a place gazetteer. Quotations are
// read from Factiva's doubled apostrophes, curly and straight quotes, over several
// paragraphs and nested, and attributed to a speaker only when the text
// says who.
//
// It knows nothing of bleve: package index runs it at ingest. The package
// also evaluates extraction against hand-made gold (ReadGold, EvalNames,
// EvalQuotes).
package extract
