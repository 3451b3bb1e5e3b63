package ingest

import "strings"

// LanguageCode maps a language as exports name it, in English or in the
// language itself ("English", "Français", "Deutsch"), or an ISO 639-1 code,
// to the ISO 639-1 code. Unknown names are returned lower-cased so that they
// still group together in the index; an empty name gives "".
func LanguageCode(name string) string {
	n := strings.ToLower(strings.Join(strings.Fields(name), " "))
	if code := languageCodes(n); code != "" {
		return code
	}
	return n
}

// languageCodes is a switch rather than a map so that the table cannot be
// changed at run time.
func languageCodes(n string) string {
	switch n {
	case "en", "english", "eng":
		return "en"
	case "fr", "french", "français", "francais":
		return "fr"
	case "de", "german", "deutsch":
		return "de"
	case "es", "spanish", "español", "espanol", "castellano":
		return "es"
	case "it", "italian", "italiano":
		return "it"
	case "pt", "portuguese", "português", "portugues":
		return "pt"
	case "nl", "dutch", "nederlands", "flemish", "vlaams":
		return "nl"
	case "sv", "swedish", "svenska":
		return "sv"
	case "no", "nb", "norwegian", "norsk", "bokmål", "bokmal":
		return "no"
	case "da", "danish", "dansk":
		return "da"
	case "fi", "finnish", "suomi":
		return "fi"
	case "pl", "polish", "polski":
		return "pl"
	case "ru", "russian", "русский", "русский язык":
		return "ru"
	case "uk", "ukrainian", "українська":
		return "uk"
	case "tr", "turkish", "türkçe", "turkce":
		return "tr"
	case "ar", "arabic", "العربية":
		return "ar"
	case "zh", "chinese", "中文", "汉语", "漢語",
		"chinese-simplified", "chinese-traditional", "simplified chinese", "traditional chinese",
		"chinese (simplified)", "chinese (traditional)", "简体中文", "繁體中文":
		return "zh"
	case "ja", "japanese", "日本語":
		return "ja"
	case "ko", "korean", "한국어":
		return "ko"
	case "el", "greek", "ελληνικά":
		return "el"
	case "cs", "czech", "čeština", "cestina":
		return "cs"
	case "sk", "slovak", "slovenčina", "slovencina":
		return "sk"
	case "hu", "hungarian", "magyar":
		return "hu"
	case "ro", "romanian", "română", "romana":
		return "ro"
	case "bg", "bulgarian", "български":
		return "bg"
	case "hr", "croatian", "hrvatski":
		return "hr"
	case "sr", "serbian", "srpski", "српски":
		return "sr"
	case "he", "hebrew", "עברית":
		return "he"
	case "id", "indonesian", "bahasa indonesia":
		return "id"
	case "ms", "malay", "bahasa melayu", "bahasa malaysia":
		return "ms"
	case "vi", "vietnamese", "tiếng việt":
		return "vi"
	case "th", "thai", "ไทย", "ภาษาไทย":
		return "th"
	case "hi", "hindi", "हिन्दी", "हिंदी":
		return "hi"
	case "ca", "catalan", "català":
		return "ca"
	case "fa", "persian", "farsi", "فارسی":
		return "fa"
	}
	return ""
}

// isKnownLanguage reports whether name is in the language table.
func isKnownLanguage(name string) bool {
	return languageCodes(strings.ToLower(strings.Join(strings.Fields(name), " "))) != ""
}
