package ingest

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/newsdesk/newsdesk/article"
	"golang.org/x/text/unicode/norm"
)

// LanguageLabelKey is the Extra key that keeps the language label an
// export gave ("Englisch", "英文", "GERMAN; DEUTSCH") when it is not the
// ISO 639-1 code itself, which is what Article.Language holds.
const LanguageLabelKey = "language_label"

// languageName lists the names of one language as exports write it: vendors
// write the language of an article in the language of their interface, so
// a Factiva export made with the Chinese interface says "英文" for English
// and one made with the German interface "Englisch". Each field holds the
// name in one interface language (the interfaces Factiva and Nexis Uni
// offer), variants separated by "|"; other holds the ISO 639-2 codes, the
// language's own name and other spellings. Case, width and spaces around
// parentheses do not matter (see languageKey).
type languageName struct {
	code                                   string // ISO 639-1
	en, de, fr, es, it, pt, nl, ja, ko, ru string
	zhHans, zhHant                         string // Chinese, simplified and traditional script
	other                                  string
}

// languageNames is the language table: every label the readers map to a
// code is here, and nowhere else.
var languageNames = [...]languageName{
	{code: "en", en: "English", de: "Englisch", fr: "anglais", es: "inglés", it: "inglese", pt: "inglês", nl: "Engels",
		ja: "英語", zhHans: "英文|英语", zhHant: "英文|英語", ko: "영어", ru: "английский|английский язык", other: "eng"},
	{code: "de", en: "German", de: "Deutsch", fr: "allemand", es: "alemán", it: "tedesco", pt: "alemão", nl: "Duits",
		ja: "ドイツ語", zhHans: "德文|德语", zhHant: "德文|德語", ko: "독일어", ru: "немецкий|немецкий язык", other: "ger|deu"},
	{code: "fr", en: "French", de: "Französisch", fr: "français", es: "francés", it: "francese", pt: "francês", nl: "Frans",
		ja: "フランス語", zhHans: "法文|法语", zhHant: "法文|法語", ko: "프랑스어", ru: "французский|французский язык", other: "fre|fra|francais"},
	{code: "es", en: "Spanish", de: "Spanisch", fr: "espagnol", es: "español|castellano", it: "spagnolo", pt: "espanhol", nl: "Spaans",
		ja: "スペイン語", zhHans: "西班牙文|西班牙语", zhHant: "西班牙文|西班牙語", ko: "스페인어", ru: "испанский|испанский язык", other: "spa|espanol"},
	{code: "it", en: "Italian", de: "Italienisch", fr: "italien", es: "italiano", it: "italiano", pt: "italiano", nl: "Italiaans",
		ja: "イタリア語", zhHans: "意大利文|意大利语", zhHant: "義大利文|義大利語|意大利文|意大利語", ko: "이탈리아어", ru: "итальянский|итальянский язык", other: "ita"},
	{code: "pt", en: "Portuguese", de: "Portugiesisch", fr: "portugais", es: "portugués", it: "portoghese", pt: "português", nl: "Portugees",
		ja: "ポルトガル語", zhHans: "葡萄牙文|葡萄牙语", zhHant: "葡萄牙文|葡萄牙語", ko: "포르투갈어", ru: "португальский|португальский язык", other: "por|portugues"},
	{code: "nl", en: "Dutch|Flemish", de: "Niederländisch|Holländisch|Flämisch", fr: "néerlandais|flamand", es: "neerlandés|holandés", it: "olandese|neerlandese", pt: "holandês|neerlandês", nl: "Nederlands|Vlaams",
		ja: "オランダ語", zhHans: "荷兰文|荷兰语", zhHant: "荷蘭文|荷蘭語", ko: "네덜란드어", ru: "нидерландский|голландский", other: "dut|nld"},
	{code: "ja", en: "Japanese", de: "Japanisch", fr: "japonais", es: "japonés", it: "giapponese", pt: "japonês", nl: "Japans",
		ja: "日本語", zhHans: "日文|日语", zhHant: "日文|日語", ko: "일본어", ru: "японский|японский язык", other: "jpn"},
	{code: "zh",
		en:     "Chinese|Chinese (Simplified)|Chinese (Traditional)|Chinese-Simplified|Chinese-Traditional|Simplified Chinese|Traditional Chinese|Mandarin",
		de:     "Chinesisch|Chinesisch (vereinfacht)|Chinesisch (traditionell)|Vereinfachtes Chinesisch|Traditionelles Chinesisch",
		fr:     "chinois|chinois (simplifié)|chinois (traditionnel)|chinois simplifié|chinois traditionnel",
		es:     "chino|chino (simplificado)|chino (tradicional)|chino simplificado|chino tradicional",
		it:     "cinese|cinese (semplificato)|cinese (tradizionale)|cinese semplificato|cinese tradizionale",
		pt:     "chinês|chinês (simplificado)|chinês (tradicional)|chinês simplificado|chinês tradicional",
		nl:     "Chinees|Chinees (vereenvoudigd)|Chinees (traditioneel)|vereenvoudigd Chinees|traditioneel Chinees",
		ja:     "中国語|中国語(簡体字)|中国語(繁体字)|簡体字中国語|繁体字中国語",
		zhHans: "中文|汉语|华语|中文(简体)|中文(繁体)|简体中文|繁体中文",
		zhHant: "中文|漢語|華語|中文(簡體)|中文(繁體)|簡體中文|繁體中文",
		ko:     "중국어|중국어(간체)|중국어(번체)|간체 중국어|번체 중국어",
		ru:     "китайский|китайский (упрощённый)|китайский (упрощенный)|китайский (традиционный)|китайский язык",
		other:  "chi|zho"},
	{code: "ko", en: "Korean", de: "Koreanisch", fr: "coréen", es: "coreano", it: "coreano", pt: "coreano", nl: "Koreaans",
		ja: "韓国語|朝鮮語", zhHans: "韩文|韩语|朝鲜语", zhHant: "韓文|韓語|朝鮮語", ko: "한국어", ru: "корейский|корейский язык", other: "kor"},
	{code: "ru", en: "Russian", de: "Russisch", fr: "russe", es: "ruso", it: "russo", pt: "russo", nl: "Russisch",
		ja: "ロシア語", zhHans: "俄文|俄语", zhHant: "俄文|俄語", ko: "러시아어", ru: "русский|русский язык", other: "rus"},
	{code: "ar", en: "Arabic", de: "Arabisch", fr: "arabe", es: "árabe", it: "arabo", pt: "árabe", nl: "Arabisch",
		ja: "アラビア語", zhHans: "阿拉伯文|阿拉伯语", zhHant: "阿拉伯文|阿拉伯語", ko: "아랍어", ru: "арабский|арабский язык", other: "ara|العربية"},
	{code: "tr", en: "Turkish", de: "Türkisch", fr: "turc", es: "turco", it: "turco", pt: "turco", nl: "Turks",
		ja: "トルコ語", zhHans: "土耳其文|土耳其语", zhHant: "土耳其文|土耳其語", ko: "터키어|튀르키예어", ru: "турецкий|турецкий язык", other: "tur|türkçe|turkce"},
	{code: "pl", en: "Polish", de: "Polnisch", fr: "polonais", es: "polaco", it: "polacco", pt: "polonês|polaco", nl: "Pools",
		ja: "ポーランド語", zhHans: "波兰文|波兰语", zhHant: "波蘭文|波蘭語", ko: "폴란드어", ru: "польский|польский язык", other: "pol|polski"},
	{code: "sv", en: "Swedish", de: "Schwedisch", fr: "suédois", es: "sueco", it: "svedese", pt: "sueco", nl: "Zweeds",
		ja: "スウェーデン語", zhHans: "瑞典文|瑞典语", zhHant: "瑞典文|瑞典語", ko: "스웨덴어", ru: "шведский|шведский язык", other: "swe|svenska"},
	{code: "da", en: "Danish", de: "Dänisch", fr: "danois", es: "danés", it: "danese", pt: "dinamarquês", nl: "Deens",
		ja: "デンマーク語", zhHans: "丹麦文|丹麦语", zhHant: "丹麥文|丹麥語", ko: "덴마크어", ru: "датский|датский язык", other: "dan|dansk"},
	{code: "no", en: "Norwegian|Norwegian Bokmål", de: "Norwegisch", fr: "norvégien", es: "noruego", it: "norvegese", pt: "norueguês", nl: "Noors",
		ja: "ノルウェー語", zhHans: "挪威文|挪威语", zhHant: "挪威文|挪威語", ko: "노르웨이어", ru: "норвежский|норвежский язык", other: "nb|nor|nob|norsk|bokmål|bokmal"},
	{code: "fi", en: "Finnish", de: "Finnisch", fr: "finnois|finlandais", es: "finés|finlandés", it: "finlandese", pt: "finlandês", nl: "Fins",
		ja: "フィンランド語", zhHans: "芬兰文|芬兰语", zhHant: "芬蘭文|芬蘭語", ko: "핀란드어", ru: "финский|финский язык", other: "fin|suomi"},
	// Other languages of news, by their English and own names.
	{code: "uk", en: "Ukrainian", de: "Ukrainisch", fr: "ukrainien", ru: "украинский", other: "ukr|українська"},
	{code: "el", en: "Greek", de: "Griechisch", fr: "grec", other: "gre|ell|ελληνικά"},
	{code: "cs", en: "Czech", de: "Tschechisch", fr: "tchèque", other: "cze|ces|čeština|cestina"},
	{code: "sk", en: "Slovak", de: "Slowakisch", fr: "slovaque", other: "slo|slk|slovenčina|slovencina"},
	{code: "hu", en: "Hungarian", de: "Ungarisch", fr: "hongrois", other: "hun|magyar"},
	{code: "ro", en: "Romanian", de: "Rumänisch", fr: "roumain", other: "rum|ron|română|romana"},
	{code: "bg", en: "Bulgarian", de: "Bulgarisch", fr: "bulgare", other: "bul|български"},
	{code: "hr", en: "Croatian", de: "Kroatisch", fr: "croate", other: "hrv|hrvatski"},
	{code: "sr", en: "Serbian", de: "Serbisch", fr: "serbe", other: "srp|srpski|српски"},
	{code: "he", en: "Hebrew", de: "Hebräisch", fr: "hébreu", other: "heb|עברית"},
	{code: "id", en: "Indonesian", de: "Indonesisch", fr: "indonésien", other: "ind|bahasa indonesia"},
	{code: "ms", en: "Malay", de: "Malaiisch", fr: "malais", other: "may|msa|bahasa melayu|bahasa malaysia"},
	{code: "vi", en: "Vietnamese", de: "Vietnamesisch", fr: "vietnamien", other: "vie|tiếng việt"},
	{code: "th", en: "Thai", de: "Thailändisch", fr: "thaï", other: "tha|ไทย|ภาษาไทย"},
	{code: "hi", en: "Hindi", other: "hin|हिन्दी|हिंदी"},
	{code: "ca", en: "Catalan", de: "Katalanisch", fr: "catalan", es: "catalán", other: "cat|català"},
	{code: "fa", en: "Persian|Farsi", de: "Persisch", fr: "persan", other: "per|fas|فارسی"},
}

// names returns every label of the language, its code first.
func (l *languageName) names() []string {
	out := []string{l.code}
	for _, f := range []string{l.en, l.de, l.fr, l.es, l.it, l.pt, l.nl, l.ja, l.zhHans, l.zhHant, l.ko, l.ru, l.other} {
		if f != "" {
			out = append(out, strings.Split(f, "|")...)
		}
	}
	return out
}

// languageIndex maps every label of languageNames, by languageKey, to its
// code. It is built once and only read afterwards.
var languageIndex = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for i := range languageNames {
		for _, n := range languageNames[i].names() {
			m[languageKey(n)] = languageNames[i].code
		}
	}
	return m
})

// languageKey is the form labels are compared in: Unicode NFKC (full-width
// letters and parentheses become ordinary ones), lower case, single spaces,
// none inside or around parentheses.
func languageKey(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer(" (", "(", "( ", "(", " )", ")").Replace(s)
}

// languageTag matches a BCP 47 language tag with subtags ("en-GB",
// "zh-Hant-TW", "pt_BR"), in languageKey form.
var languageTag = regexp.MustCompile(`^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})+$`)

// lookupLanguage maps a label to its ISO 639-1 code: a label of the table,
// a language tag whose primary subtag is one, or several labels separated
// by ";" or "," ("GERMAN; DEUTSCH") of which those known all give the same
// code. ok is false for anything else, which is never guessed at.
func lookupLanguage(label string) (code string, ok bool) {
	idx := languageIndex()
	k := languageKey(label)
	if k == "" {
		return "", false
	}
	if c, ok := idx[k]; ok {
		return c, true
	}
	if m := languageTag.FindStringSubmatch(k); m != nil {
		if c, ok := idx[m[1]]; ok {
			return c, true
		}
	}
	parts := strings.FieldsFunc(k, func(r rune) bool { return r == ';' || r == ',' })
	if len(parts) < 2 {
		return "", false
	}
	for _, p := range parts {
		c, ok := idx[strings.TrimSpace(p)]
		switch {
		case !ok:
			continue // a variant spelling beside a known name ("ENGLISH; ENGLISHS")
		case code == "":
			code = c
		case c != code:
			return "", false // two languages: not one code
		}
	}
	return code, code != ""
}

// LanguageCode maps a language as exports name it, in any of the interface
// languages Factiva and Nexis offer or in the language itself ("English",
// "Englisch", "英文", "anglais", "GERMAN; DEUTSCH"), an ISO 639-1 or 639-2
// code, or a language tag ("en-GB"), to the ISO 639-1 code. Labels the
// table does not know are returned lower-cased with single spaces, so that
// they still group together and match a filter; "" gives "".
func LanguageCode(name string) string {
	if code, ok := lookupLanguage(name); ok {
		return code
	}
	return strings.ToLower(collapseSpace(name))
}

// KnownLanguage reports whether LanguageCode maps name to a code.
func KnownLanguage(name string) bool {
	_, ok := lookupLanguage(name)
	return ok
}

// normalizeLanguage replaces the label a reader put in a.Language by its
// code, keeping the label in Extra[LanguageLabelKey] when it is not the
// code itself (and no label is kept there already, as for an article read
// twice, in a zip archive, or from newsdesk's own JSON Lines).
func normalizeLanguage(a *article.Article) {
	label := collapseSpace(a.Language)
	if label == "" {
		a.Language = ""
		return
	}
	a.Language = LanguageCode(label)
	if label == a.Language {
		return
	}
	if _, ok := a.Extra[LanguageLabelKey]; ok {
		return
	}
	if a.Extra == nil {
		a.Extra = map[string]any{}
	}
	a.Extra[LanguageLabelKey] = label
}

// UnknownLanguage is a language label the language table does not know.
type UnknownLanguage struct {
	Label    string // as the export gave it, in the first article that has it
	Code     string // as kept in Article.Language: lower-cased
	File     string // the first file that has it (Article.Origin.File)
	Articles int    // articles with it
}

// UnknownLanguages collects the language labels of articles that the
// language table does not know, once each, so that an ingest can report
// them; such labels are kept, lower-cased, rather than guessed at. "First"
// is by file name, then position in the file, so that the report does not
// depend on the order parallel readers deliver articles in. The zero value
// is ready to use; it is not safe for concurrent use.
type UnknownLanguages struct {
	at      map[string]int // Code -> index in list
	list    []UnknownLanguage
	ordinal []int // Origin.Ordinal of the article each entry's Label and File come from
}

// Add records a's language when it is not a known one, and reports whether
// it is the first article with that label seen so far.
func (u *UnknownLanguages) Add(a *article.Article) bool {
	if a == nil || a.Language == "" || KnownLanguage(a.Language) {
		return false
	}
	label, _ := a.Extra[LanguageLabelKey].(string)
	if label == "" {
		label = a.Language
	}
	if i, ok := u.at[a.Language]; ok {
		e := &u.list[i]
		e.Articles++
		if a.Origin.File < e.File || (a.Origin.File == e.File && a.Origin.Ordinal < u.ordinal[i]) {
			e.Label, e.File, u.ordinal[i] = label, a.Origin.File, a.Origin.Ordinal
		}
		return false
	}
	if u.at == nil {
		u.at = map[string]int{}
	}
	u.at[a.Language] = len(u.list)
	u.list = append(u.list, UnknownLanguage{Label: label, Code: a.Language, File: a.Origin.File, Articles: 1})
	u.ordinal = append(u.ordinal, a.Origin.Ordinal)
	return true
}

// List returns the unknown labels ordered by the first file and position
// that have them.
func (u *UnknownLanguages) List() []UnknownLanguage {
	idx := make([]int, len(u.list))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool {
		a, b := u.list[idx[x]], u.list[idx[y]]
		if a.File != b.File {
			return a.File < b.File
		}
		return u.ordinal[idx[x]] < u.ordinal[idx[y]]
	})
	out := make([]UnknownLanguage, len(idx))
	for i, j := range idx {
		out[i] = u.list[j]
	}
	return out
}
