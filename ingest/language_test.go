package ingest_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

// TestLanguageCode maps labels as vendors write them, in the language of
// their interface, to ISO 639-1 codes; the first group are the labels found
// in the sample exports.
func TestLanguageCode(t *testing.T) {
	tests := []struct{ label, want string }{
		// Seen in ../shared/exports (Factiva Chinese and German interfaces,
		// LexisNexis HTML).
		{"英文", "en"}, {"德文", "de"}, {"西班牙文", "es"}, {"葡萄牙文", "pt"}, {"日文", "ja"},
		{"意大利文", "it"}, {"芬蘭文", "fi"}, {"瑞典文", "sv"}, {"法文", "fr"}, {"荷蘭文", "nl"},
		{"中文(簡體)", "zh"}, {"中文(繁體)", "zh"}, {"Englisch", "en"},
		{"GERMAN; DEUTSCH", "de"}, {"ENGLISH; ENGLISHS", "en"},
		{"ENGLISH", "en"}, {"English", "en"}, {"Deutsch", "de"}, {"Français", "fr"}, {"Korean", "ko"}, {"EN", "en"},
		// English in each interface language.
		{"anglais", "en"}, {"inglés", "en"}, {"inglese", "en"}, {"inglês", "en"}, {"Engels", "en"},
		{"英語", "en"}, {"英语", "en"}, {"영어", "en"}, {"Английский", "en"}, {"английский язык", "en"},
		// Other languages of news in other interfaces.
		{"Allemand", "de"}, {"alemán", "de"}, {"tedesco", "de"}, {"ドイツ語", "de"}, {"독일어", "de"}, {"Немецкий", "de"},
		{"Französisch", "fr"}, {"フランス語", "fr"}, {"法語", "fr"},
		{"Spanisch", "es"}, {"espagnol", "es"}, {"castellano", "es"},
		{"Italienisch", "it"}, {"義大利文", "it"}, {"이탈리아어", "it"},
		{"Portugiesisch", "pt"}, {"portugais", "pt"}, {"ポルトガル語", "pt"},
		{"Niederländisch", "nl"}, {"néerlandais", "nl"}, {"Nederlands", "nl"}, {"荷兰语", "nl"},
		{"Japanisch", "ja"}, {"japonés", "ja"}, {"日本語", "ja"}, {"일본어", "ja"},
		{"Chinesisch", "zh"}, {"chinois simplifié", "zh"}, {"Chinese-Traditional", "zh"}, {"中国語(簡体字)", "zh"},
		{"中文（简体）", "zh"}, {"中文 (繁體)", "zh"}, {"简体中文", "zh"}, {"중국어(번체)", "zh"}, {"китайский (упрощённый)", "zh"},
		{"Koreanisch", "ko"}, {"coréen", "ko"}, {"韓国語", "ko"}, {"韩文", "ko"}, {"한국어", "ko"},
		{"Russisch", "ru"}, {"russe", "ru"}, {"ロシア語", "ru"}, {"俄文", "ru"}, {"русский", "ru"},
		{"Arabisch", "ar"}, {"árabe", "ar"}, {"阿拉伯文", "ar"}, {"العربية", "ar"},
		{"Türkisch", "tr"}, {"turc", "tr"}, {"Türkçe", "tr"},
		{"Polnisch", "pl"}, {"polonais", "pl"}, {"波蘭文", "pl"}, {"polski", "pl"},
		{"Schwedisch", "sv"}, {"suédois", "sv"}, {"svenska", "sv"},
		{"Dänisch", "da"}, {"danois", "da"}, {"丹麥文", "da"},
		{"Norwegisch", "no"}, {"norvégien", "no"}, {"bokmål", "no"}, {"nb", "no"},
		{"Finnisch", "fi"}, {"finnois", "fi"}, {"suomi", "fi"},
		// Codes and tags.
		{"de", "de"}, {"DEU", "de"}, {"fre", "fr"}, {"en-GB", "en"}, {"zh-Hant-TW", "zh"}, {"pt_BR", "pt"},
		{"Español", "es"}, {"Bahasa  Indonesia", "id"},
		{"  english  ", "en"}, {"ＥＮＧＬＩＳＨ", "en"},
		// Not guessed: unknown labels, two languages, an unknown tag.
		{"Klingon", "klingon"}, {"Klingonisch", "klingonisch"}, {"Elbisch  Sindarin", "elbisch sindarin"},
		{"English; French", "english; french"}, {"xx-YY", "xx-yy"}, {"Englishs", "englishs"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ingest.LanguageCode(tt.label); got != tt.want {
			t.Errorf("LanguageCode(%q) = %q, want %q", tt.label, got, tt.want)
		}
		if known := ingest.KnownLanguage(tt.label); known != (tt.want != "" && len(tt.want) == 2) {
			t.Errorf("KnownLanguage(%q) = %v", tt.label, known)
		}
	}
}

// TestReadersKeepLanguageLabel reads articles whose language vendors wrote
// in their interface's language: each gets the code, and keeps the label in
// Extra; codes get no label.
func TestReadersKeepLanguageLabel(t *testing.T) {
	arts, errs, _ := readFile(t, filepath.Join("..", "testdata", "languages", "labels.jsonl"), ingest.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := []struct{ code, label string }{
		{"en", "英文"}, {"de", "GERMAN; DEUTSCH"}, {"en", "Englisch"}, {"en", ""}, {"zh", "中文(簡體)"},
		{"klingonisch", "Klingonisch"}, {"klingonisch", "KLINGONISCH"}, {"", ""},
	}
	if len(arts) != len(want) {
		t.Fatalf("read %d articles, want %d", len(arts), len(want))
	}
	for i, w := range want {
		a := arts[i]
		label, has := a.Extra[ingest.LanguageLabelKey]
		if a.Language != w.code || (w.label == "") == has || (has && label != w.label) {
			t.Errorf("article %d: language %q, %s %v; want %q, label %q", i+1, a.Language, ingest.LanguageLabelKey, label, w.code, w.label)
		}
	}
}

// TestUnknownLanguages reports each label the table does not know once,
// with the first file (by name) that has it and its number of articles,
// whatever order the articles come in.
func TestUnknownLanguages(t *testing.T) {
	dir := filepath.Join("..", "testdata", "languages")
	var arts []*article.Article
	for _, f := range []string{"labels.jsonl", "unknown.jsonl"} {
		got, errs, _ := readFile(t, filepath.Join(dir, f), ingest.Options{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		arts = append(arts, got...)
	}
	want := []ingest.UnknownLanguage{
		{Label: "Klingonisch", Code: "klingonisch", File: filepath.Join(dir, "labels.jsonl"), Articles: 3},
		{Label: "Elbisch", Code: "elbisch", File: filepath.Join(dir, "unknown.jsonl"), Articles: 1},
	}
	for _, order := range []string{"read", "reversed"} {
		var u ingest.UnknownLanguages
		firsts := 0
		for i := range arts {
			a := arts[i]
			if order == "reversed" {
				a = arts[len(arts)-1-i]
			}
			if u.Add(a) {
				firsts++
			}
		}
		if got := u.List(); !reflect.DeepEqual(got, want) || firsts != len(want) {
			t.Errorf("%s: unknown languages (%d first) = %+v, want %+v", order, firsts, got, want)
		}
	}
}
