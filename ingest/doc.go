// Package ingest reads news exports into article.Article values: Factiva (plain
// text, field-coded text, HTML, XML), LexisNexis / Nexis Uni (text, HTML,
// DOCX), Europresse HTML, Reuters-21578 SGML, NewsML-G2, NITF, RSS and
// Atom, CSV, JSON Lines and zip archives of these, detected by content
// (see Detect and Formats). It knows nothing about
// indexing: other programs can use it to parse exports on their own.
package ingest
