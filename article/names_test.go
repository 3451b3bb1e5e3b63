package article_test

import (
	"testing"

	"github.com/newsdesk/newsdesk/article"
)

func TestTitleCaseName(t *testing.T) {
	tests := map[string]string{
		"MCDONALD": "McDonald", "O'BRIEN": "O'Brien", "MACDONALD": "MacDonald", "MACK": "Mack",
		"MACY": "Macy", "MACHADO": "Machado", "D'ANGELO": "D'Angelo", "JEAN-PIERRE": "Jean-Pierre",
		"GILLES DE KERCHOVE": "Gilles de Kerchove", "JOHN SMITH III": "John Smith III",
		"McALLEN": "McAllen", "Veronique De Rugy": "Veronique De Rugy", "danah boyd": "danah boyd",
		"MACAU": "Macau", "BEIJING": "Beijing",
	}
	for in, want := range tests {
		if got := article.TitleCaseName(in); got != want {
			t.Errorf("TitleCaseName(%q) = %q, want %q", in, got, want)
		}
	}
}
