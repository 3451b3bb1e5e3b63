package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/newsdesk/newsdesk/article"
)

// Exports write dates in many forms: "23 October 2017", "October 23, 2017
// Monday", "2017-10-23T08:15:00Z", "Montag, 23. Oktober 2017", "23 octobre
// 2017 lundi 08:15", "23 de octubre de 2017". ParseDateText reads them all
// with one tokenising parser rather than a list of layouts, as the word
// order, weekday, punctuation and clock vary freely between vendors and
// interface languages. time.Parse knows English month names only.

// month is a month name with the language it tells, if only one uses it.
type month struct {
	m    time.Month
	lang string
}

// monthWord returns the month a (lower-case) word names, in English,
// French, German, Spanish, Italian, Portuguese or Dutch, full or abbreviated.
func monthWord(w string) (month, bool) {
	w = strings.TrimSuffix(w, ".")
	switch w {
	case "january", "jan", "janv":
		return month{time.January, ""}, true
	case "february", "feb", "févr", "fevr", "fév", "fev":
		return month{time.February, ""}, true
	case "march", "mar":
		return month{time.March, ""}, true
	case "april", "apr", "avr":
		return month{time.April, ""}, true
	case "may":
		return month{time.May, "en"}, true
	case "june", "jun":
		return month{time.June, ""}, true
	case "july", "jul", "juil":
		return month{time.July, ""}, true
	case "august", "aug":
		return month{time.August, ""}, true
	case "september", "sep", "sept", "set":
		return month{time.September, ""}, true
	case "october", "oct":
		return month{time.October, "en"}, true
	case "november", "nov":
		return month{time.November, ""}, true
	case "december", "dec", "déc":
		return month{time.December, ""}, true
	// French
	case "janvier":
		return month{time.January, "fr"}, true
	case "février", "fevrier":
		return month{time.February, "fr"}, true
	case "mars":
		return month{time.March, "fr"}, true
	case "avril":
		return month{time.April, "fr"}, true
	case "mai":
		return month{time.May, ""}, true // French and German
	case "juin":
		return month{time.June, "fr"}, true
	case "juillet":
		return month{time.July, "fr"}, true
	case "août", "aout":
		return month{time.August, "fr"}, true
	case "septembre":
		return month{time.September, "fr"}, true
	case "octobre":
		return month{time.October, "fr"}, true
	case "novembre":
		return month{time.November, ""}, true // French and Italian
	case "décembre", "decembre":
		return month{time.December, "fr"}, true
	// German
	case "januar", "jänner", "jaenner":
		return month{time.January, "de"}, true
	case "februar":
		return month{time.February, "de"}, true
	case "märz", "maerz", "mär", "mrz":
		return month{time.March, "de"}, true
	case "juni":
		return month{time.June, "de"}, true
	case "juli":
		return month{time.July, "de"}, true
	case "oktober", "okt":
		return month{time.October, ""}, true // German, Dutch, Scandinavian
	case "dezember", "dez":
		return month{time.December, "de"}, true
	// Spanish
	case "enero", "ene":
		return month{time.January, "es"}, true
	case "febrero":
		return month{time.February, "es"}, true
	case "marzo":
		return month{time.March, ""}, true // Spanish and Italian
	case "abril", "abr":
		return month{time.April, ""}, true // Spanish and Portuguese
	case "mayo":
		return month{time.May, "es"}, true
	case "junio":
		return month{time.June, "es"}, true
	case "julio":
		return month{time.July, "es"}, true
	case "agosto", "ago":
		return month{time.August, ""}, true // Spanish, Italian, Portuguese
	case "septiembre", "setiembre":
		return month{time.September, "es"}, true
	case "octubre":
		return month{time.October, "es"}, true
	case "noviembre":
		return month{time.November, "es"}, true
	case "diciembre", "dic":
		return month{time.December, "es"}, true
	// Italian
	case "gennaio":
		return month{time.January, "it"}, true
	case "febbraio":
		return month{time.February, "it"}, true
	case "aprile":
		return month{time.April, "it"}, true
	case "maggio":
		return month{time.May, "it"}, true
	case "giugno":
		return month{time.June, "it"}, true
	case "luglio":
		return month{time.July, "it"}, true
	case "settembre":
		return month{time.September, "it"}, true
	case "ottobre":
		return month{time.October, "it"}, true
	case "dicembre":
		return month{time.December, "it"}, true
	// Portuguese and Dutch
	case "janeiro":
		return month{time.January, "pt"}, true
	case "fevereiro":
		return month{time.February, "pt"}, true
	case "março", "marco":
		return month{time.March, "pt"}, true
	case "maio":
		return month{time.May, "pt"}, true
	case "junho":
		return month{time.June, "pt"}, true
	case "julho":
		return month{time.July, "pt"}, true
	case "setembro":
		return month{time.September, "pt"}, true
	case "outubro":
		return month{time.October, "pt"}, true
	case "dezembro":
		return month{time.December, "pt"}, true
	case "januari":
		return month{time.January, "nl"}, true
	case "februari":
		return month{time.February, "nl"}, true
	case "maart":
		return month{time.March, "nl"}, true
	case "mei":
		return month{time.May, "nl"}, true
	case "augustus":
		return month{time.August, "nl"}, true
	}
	return month{}, false
}

// monthNumber reads an English or localised month name or abbreviation in
// any case.
func monthNumber(w string) (time.Month, bool) {
	m, ok := monthWord(strings.ToLower(w))
	return m.m, ok
}

// dateFiller reports the words a date may carry besides day, month, year
// and time: weekdays, prepositions and time-zone names.
func dateFiller(w string) bool {
	switch w {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
		"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
		"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
		"lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo",
		"lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica",
		"de", "del", "le", "der", "den", "am", "the", "of", "on", "updated", "published",
		"gmt", "utc", "z", "h", "uhr", "st", "nd", "rd", "th", "er":
		return true
	}
	return false
}

var (
	clockRe   = regexp.MustCompile(`(?i)\b(\d{1,2})[:h](\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([ap])?\.?(?:m\b\.?)?\s*((?:gmt|utc|z)?\s*[+-]\d{1,2}(?::?\d{2})?|gmt|utc|z|cest|cet|bst|est|edt|jst)?`)
	cjkDate   = regexp.MustCompile(`(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]`)
	zoneRe    = regexp.MustCompile(`([+-])(\d{1,2})(?::?(\d{2}))?$`)
	numDateRe = regexp.MustCompile(`^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$`)
	dateWord  = regexp.MustCompile(`\p{L}+\.?|\d+`)
)

// ParseDateText parses a date as news exports write it, in English,
// French, German, Spanish, Italian, Portuguese or Dutch, with or without a
// weekday and a time of day, and returns it in UTC (a time with an offset
// is converted; one without is taken as UTC). lang is the ISO 639-1 code
// of the language the month name is in when only one language uses it
// ("octobre" gives "fr"), else "".
func ParseDateText(s string) (t time.Time, lang string, err error) {
	s = collapseSpace(s)
	if s == "" {
		return time.Time{}, "", &dateError{s}
	}
	if t, err := article.ParseDate(s); err == nil {
		return t, "", nil
	}
	if t, err := time.Parse(time.RFC1123Z, s); err == nil { // RSS
		return t.UTC(), "", nil
	}
	if t, err := time.Parse(time.RFC1123, s); err == nil {
		return t.UTC(), "", nil
	}
	low := strings.ToLower(s)
	var clock time.Duration
	offset := 0
	if m := clockRe.FindStringSubmatchIndex(low); m != nil {
		sub := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return low[m[2*i]:m[2*i+1]]
		}
		h, _ := strconv.Atoi(sub(1))
		mi, _ := strconv.Atoi(sub(2))
		sec, _ := strconv.Atoi(sub(3))
		switch sub(4) {
		case "a":
			if h == 12 {
				h = 0
			}
		case "p":
			if h < 12 {
				h += 12
			}
		}
		if h > 23 || mi > 59 || sec > 59 {
			return time.Time{}, "", &dateError{s}
		}
		if zm := zoneRe.FindStringSubmatch(sub(5)); zm != nil {
			oh, _ := strconv.Atoi(zm[2])
			om, _ := strconv.Atoi(zm[3]) // "" gives 0
			offset = oh*3600 + om*60
			if zm[1] == "-" {
				offset = -offset
			}
		} else {
			offset = namedZone(sub(5))
		}
		clock = time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(sec)*time.Second
		low = low[:m[0]] + " " + low[m[1]:]
	}
	var day, year int
	var mon month
	haveMon := false
	if m := cjkDate.FindStringSubmatch(low); m != nil {
		year, _ = strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		day, _ = strconv.Atoi(m[3])
		if mo < 1 || mo > 12 {
			return time.Time{}, "", &dateError{s}
		}
		mon, haveMon = month{time.Month(mo), ""}, true
		low = strings.Replace(low, m[0], " ", 1)
	}
	if m := numDateRe.FindStringSubmatch(strings.TrimSpace(low)); m != nil && !haveMon {
		// Day first, as European exports write it (23/10/2017, 23.10.2017).
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if mo < 1 || mo > 12 {
			return time.Time{}, "", &dateError{s}
		}
		day, year, mon, haveMon = d, y, month{time.Month(mo), ""}, true
		low = ""
	}
	for _, w := range dateWord.FindAllString(low, -1) {
		if unicode.IsDigit(rune(w[0])) {
			n, _ := strconv.Atoi(w)
			switch {
			case len(w) == 4 && year == 0:
				year = n
			case len(w) <= 2 && day == 0 && n >= 1 && n <= 31:
				day = n
			default:
				return time.Time{}, "", &dateError{s}
			}
			continue
		}
		if m, ok := monthWord(w); ok && !haveMon {
			mon, haveMon = m, true
			continue
		}
		if dateFiller(strings.TrimSuffix(w, ".")) {
			continue
		}
		return time.Time{}, "", &dateError{s}
	}
	if !haveMon || day == 0 || year == 0 {
		return time.Time{}, "", &dateError{s}
	}
	t = time.Date(year, mon.m, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, "", &dateError{s}
	}
	t = t.Add(clock).Add(-time.Duration(offset) * time.Second)
	return t, mon.lang, nil
}

// namedZone returns the offset in seconds of the few zone names exports
// print after a time of day; unknown names count as UTC.
func namedZone(z string) int {
	switch z {
	case "cet":
		return 3600
	case "cest":
		return 2 * 3600
	case "bst":
		return 3600
	case "est":
		return -5 * 3600
	case "edt":
		return -4 * 3600
	case "jst":
		return 9 * 3600
	}
	return 0
}
