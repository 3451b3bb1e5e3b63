package ingest_test

import (
	"reflect"
	"testing"

	"github.com/newsdesk/newsdesk/ingest"
)

func TestBylineAuthors(t *testing.T) {
	tests := []struct {
		byline string
		want   []string
	}{
		{"By ERIC SCHMITT; Rukmini Callimachi contributed reporting from New York.", []string{"Eric Schmitt"}},
		{"By JAMES O'CONNOR", []string{"James O'Connor"}},
		{"BY MICHAEL MCDONALD AND JANE DOE", []string{"Michael McDonald", "Jane Doe"}},
		{"By Steven Erlanger in Brussels", []string{"Steven Erlanger"}},
		{"By Alan Cowell, Steven Erlanger & Jane Perlez in London", []string{"Alan Cowell", "Steven Erlanger", "Jane Perlez"}},
		{"By GILLES DE KERCHOVE", []string{"Gilles de Kerchove"}},
		{"By JEAN-PIERRE DUPONT", []string{"Jean-Pierre Dupont"}},
		{"By KENNETH F. MCKENZIE JR.", []string{"Kenneth F. McKenzie Jr."}},
		{"By JOHN SMITH, JR., and ANN LEE", []string{"John Smith Jr.", "Ann Lee"}},
		{"By Jane Doe, Staff Writer", []string{"Jane Doe"}},
		{"By danah boyd", []string{"danah boyd"}},
		{"By Reuters", nil},
		{"By ERIC SCHMITT.", []string{"Eric Schmitt"}},
		{"", nil},
		// Openings other than "By".
		{"From MICHAEL WHITE and MARTIN WALKER", []string{"Michael White", "Martin Walker"}},
		{"From ALEX BRUMMER, MICHAEL WHITE and HELLA PICK", []string{"Alex Brummer", "Michael White", "Hella Pick"}},
		{"FROM DEREK BROWN in Washington", []string{"Derek Brown"}},
		{"From our Correspondent in Johannesburg", nil},
		{"VON CATHRIN KAHLWEIT UND STEFAN KORNELIUS", []string{"Cathrin Kahlweit", "Stefan Kornelius"}},
		{"Von AXEL LIER und RALF GÜNTHER (Fotos)", []string{"Axel Lier", "Ralf Günther"}},
		{"VON CONSTANZE VON BULLION, NICO FRIED UND MIKE SZYMANSKI", []string{"Constanze von Bullion", "Nico Fried", "Mike Szymanski"}},
		{"Von der Leyen", []string{"Von der Leyen"}},
		{"Par JEAN DUPONT et MARIE CURIE", []string{"Jean Dupont", "Marie Curie"}},
		{"Edited by STEPHEN COOK and STUART WAVELL", []string{"Stephen Cook", "Stuart Wavell"}},
		{"INTERVIEW: SUSAN VAHABZADEH", []string{"Susan Vahabzadeh"}},
		// Mc, Mac, O' and hyphens in capitals.
		{"By HAMISH MCRAE", []string{"Hamish McRae"}},
		{"By HAMISH McRAE", []string{"Hamish McRae"}},
		{"BARRIE McKENNA", []string{"Barrie McKenna"}},
		{"By EWEN MACASKILL and JOHN MACLEOD", []string{"Ewen MacAskill", "John MacLeod"}},
		{"By ALEX MACK, ANN MACHADO and JOE MACKIE", []string{"Alex Mack", "Ann Machado", "Joe Mackie"}},
		{"By PETER O'BRIEN", []string{"Peter O'Brien"}},
		{"By NICHOLAS CUMMING-BRUCE and ANNA SMITH-MCDONALD", []string{"Nicholas Cumming-Bruce", "Anna Smith-McDonald"}},
		{"By ANNA SMITH-O'BRIEN", []string{"Anna Smith-O'Brien"}},
		// Names after ";" are authors unless they are a note.
		{"By Matt Zapotosky;Devlin Barrett;Karoun Demirjian", []string{"Matt Zapotosky", "Devlin Barrett", "Karoun Demirjian"}},
		{"이길성;조의준", []string{"이길성", "조의준"}},
		{"Duncan Lumsden; Special for USA TODAY", []string{"Duncan Lumsden"}},
		{"By KEITH BRADSHER and SUI-LEE WEE; Keith Bradsher reported from Davos, and Sui-Lee Wee from Guangzhou, China.", []string{"Keith Bradsher", "Sui-Lee Wee"}},
		// "Last, First".
		{"Lambie, Chris", []string{"Chris Lambie"}},
		{"O'Brien, Peter", []string{"Peter O'Brien"}},
		{"Dohmen, Frank; Neubacher, Alexander", []string{"Frank Dohmen", "Alexander Neubacher"}},
		{"Müller, Peter; Rohr, Mathieu von; Müller, Martin U.", []string{"Peter Müller", "Mathieu von Rohr", "Martin U. Müller"}},
		{"BAC, SZ", []string{"Bac"}},
		{"McCarthy, Eric, The Journal-Pioneer", []string{"Eric McCarthy"}},
		{"이길성;안준용;공동취재단", []string{"이길성", "안준용"}},
		{"표태준 기자", []string{"표태준"}},
		// Papers, agencies, addresses and contributors are not authors.
		{"By ALAN RIDING Special to The New York Times", []string{"Alan Riding"}},
		{"Steve Mertl, The Canadian Press", []string{"Steve Mertl"}},
		{"JENNIFER DITCHBURN, CP", []string{"Jennifer Ditchburn"}},
		{"Jonathan Glennie, theguardian.com", []string{"Jonathan Glennie"}},
		{"DAVID PARKINSON, dparkinson@globeandmail.com", []string{"David Parkinson"}},
		{"Paul Gessell, with files from Pauline Tam and Dave Rogers", []string{"Paul Gessell"}},
		{"Jacob M. Schlesinger / Vivian Salama", []string{"Jacob M. Schlesinger", "Vivian Salama"}},
	}
	for _, tt := range tests {
		t.Run(tt.byline, func(t *testing.T) {
			if got := ingest.BylineAuthors(tt.byline); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("BylineAuthors(%q) = %q, want %q", tt.byline, got, tt.want)
			}
		})
	}
}
