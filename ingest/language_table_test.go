package ingest

import "testing"

// TestLanguageTable checks the table itself: the languages news is mostly
// written in have a name in every interface language Factiva and Nexis Uni
// offer, and no label stands for two languages.
func TestLanguageTable(t *testing.T) {
	core := map[string]bool{
		"en": true, "de": true, "fr": true, "es": true, "it": true, "pt": true, "nl": true, "ja": true,
		"zh": true, "ko": true, "ru": true, "ar": true, "tr": true, "pl": true, "sv": true, "da": true,
		"no": true, "fi": true,
	}
	owner := map[string]string{}
	for _, l := range languageNames {
		if core[l.code] {
			delete(core, l.code)
			for ui, name := range map[string]string{
				"en": l.en, "de": l.de, "fr": l.fr, "es": l.es, "it": l.it, "pt": l.pt, "nl": l.nl,
				"ja": l.ja, "zh-Hans": l.zhHans, "zh-Hant": l.zhHant, "ko": l.ko, "ru": l.ru,
			} {
				if name == "" {
					t.Errorf("%s has no name in the %s interface", l.code, ui)
				}
			}
		}
		for _, n := range l.names() {
			k := languageKey(n)
			if k == "" {
				t.Errorf("%s: empty label in %q", l.code, l.names())
			}
			if o, ok := owner[k]; ok && o != l.code {
				t.Errorf("label %q is both %s and %s", n, o, l.code)
			}
			owner[k] = l.code
		}
	}
	for c := range core {
		t.Errorf("%s is not in the table", c)
	}
}
