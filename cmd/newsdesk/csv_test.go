package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestSpreadsheetSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1+1)", "'@SUM(1+1)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"-- said the minister", "'-- said the minister"},
		{"+44 20 7946 0000", "'+44 20 7946 0000"},
		// Numbers stay numbers.
		{"-3", "-3"},
		{"+1.5", "+1.5"},
		{"-0.25e-3", "-0.25e-3"},
		{"-.5", "-.5"},
		{"250", "250"},
		// Nothing else changes.
		{"", ""},
		{"Harbour town votes", "Harbour town votes"},
		{"2017-10-23", "2017-10-23"},
		{" =1+1", " =1+1"},
		{"a=b", "a=b"},
	}
	for _, tt := range tests {
		if got := spreadsheetSafe(tt.in); got != tt.want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCSVFormulaCells: export, kwic and timeline write a cell a spreadsheet
// would run as a formula with a leading ' by default, numbers unchanged,
// and every cell exactly with --csv-raw.
func TestCSVFormulaCells(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	hostile := map[string]any{
		"id": "EVIL1", "date": "2016-05-01", "language": "en",
		"headline": "=cmd|' /C calc'!A0 harbour",
		"byline":   "@SUM(1+1)*cmd|' /C calc'!A0",
		"source":   `=HYPERLINK("http://attacker.example","x")`,
		"page":     "-3",
		"body":     []string{"-2+3+cmd|' /C calc'!A0 harbour vote.", "The harbour town voted."},
	}
	line, err := json.Marshal(hostile)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, string(line)+"\n", "--index", ix, "ingest", "-"); err != nil {
		t.Fatal(err)
	}
	read := func(t *testing.T, out string) [][]string {
		t.Helper()
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("CSV does not parse: %v\n%s", err, out)
		}
		return rows
	}
	// cell is the value of column col in the first row after the header.
	cell := func(t *testing.T, rows [][]string, col string) string {
		t.Helper()
		for i, c := range rows[0] {
			if c == col && len(rows) > 1 {
				return rows[1][i]
			}
		}
		t.Fatalf("no column %q in %v", col, rows)
		return ""
	}
	tests := []struct {
		name string
		args []string
		want map[string]string // column -> cell
	}{
		{"export", []string{"export", "id:EVIL1", "--format", "csv"}, map[string]string{
			"headline": "'=cmd|' /C calc'!A0 harbour",
			"byline":   "'@SUM(1+1)*cmd|' /C calc'!A0",
			"source":   `'=HYPERLINK("http://attacker.example","x")`,
			"page":     "-3",
			"body":     "'-2+3+cmd|' /C calc'!A0 harbour vote.\n\nThe harbour town voted.",
			"id":       "EVIL1",
		}},
		{"export raw", []string{"export", "id:EVIL1", "--format", "csv", "--csv-raw"}, map[string]string{
			"headline": "=cmd|' /C calc'!A0 harbour",
			"byline":   "@SUM(1+1)*cmd|' /C calc'!A0",
			"source":   `=HYPERLINK("http://attacker.example","x")`,
			"page":     "-3",
			"body":     "-2+3+cmd|' /C calc'!A0 harbour vote.\n\nThe harbour town voted.",
		}},
		{"kwic", []string{"kwic", "vote", "id:EVIL1", "--csv", "--width", "200"}, map[string]string{
			"left": "'-2+3+cmd|' /C calc'!A0 harbour ", "keyword": "vote",
		}},
		{"kwic raw", []string{"kwic", "vote", "id:EVIL1", "--csv-raw", "--width", "200"}, map[string]string{
			"left": "-2+3+cmd|' /C calc'!A0 harbour ",
		}},
		{"timeline", []string{"timeline", "--csv", "--by", "year", "--", "-brazil harbour", "=harbour"}, map[string]string{
			"period": "2016", "'-brazil harbour": "1", "'=harbour": "1",
		}},
		{"timeline raw", []string{"timeline", "--csv-raw", "--by", "year", "--", "-brazil harbour", "=harbour"}, map[string]string{
			"period": "2016", "-brazil harbour": "1", "=harbour": "1",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := run(t, "", append([]string{"--index", ix}, tt.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			rows := read(t, out)
			for col, want := range tt.want {
				if got := cell(t, rows, col); got != want {
					t.Errorf("%s = %q, want %q", col, got, want)
				}
			}
		})
	}
}
