package main

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
)

// csvWriter writes the CSV of export, kwic and timeline. A spreadsheet
// opening the file runs a cell that starts with =, +, -, @, a tab or a
// carriage return as a formula (=cmd|' /C calc'!A0 starts a program in
// some), and article text is written by others: by default such a cell
// gets a leading ' (OWASP's advice), which spreadsheets read as "this is
// text" and hide. Numbers (-3, +1.5e3) are left as they are. raw writes
// every value exactly, for pandas and R, which never run cells and would
// keep the '. See docs/csv.md.
type csvWriter struct {
	w   *csv.Writer
	raw bool
	row []string
}

func newCSVWriter(w io.Writer, raw bool) *csvWriter {
	return &csvWriter{w: csv.NewWriter(w), raw: raw}
}

// Write writes one row.
func (c *csvWriter) Write(row []string) error {
	if c.raw {
		return c.w.Write(row)
	}
	c.row = c.row[:0]
	for _, v := range row {
		c.row = append(c.row, spreadsheetSafe(v))
	}
	return c.w.Write(c.row)
}

// Flush writes what is buffered and returns the first error of any write.
func (c *csvWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// plainNumber matches what spreadsheets read as a number, not a formula.
var plainNumber = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)

// spreadsheetSafe is v with a leading ' when a spreadsheet would read it as
// a formula.
func spreadsheetSafe(v string) string {
	if v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) || plainNumber.MatchString(v) {
		return v
	}
	return "'" + v
}
