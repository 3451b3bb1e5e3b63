// Package tagger is a statistical tagger of the names in English news:
// PERSON, ORGANIZATION and LOCATION, trained by newsdesk and shipped inside
// the binary (Default), in pure Go.
//
// What: Find takes an article's text and returns its names with byte
// offsets; Tag and Entities work on one tokenised sentence, TagDocument on
// the sentences of one article. Person names never include titles or roles
// ("Kenyan President Uhuru Kenyatta" gives the person "Uhuru Kenyatta");
// TitleEnd is the rule, exported for callers that want the role.
//
// How: an averaged structured perceptron (Collins 2002) over hashed
// features with first-order Viterbi decoding of BIO labels (an I label only
// continues a name of its type). Per token the features are the word
// (lower-cased and as written), its shape ("Xxxx", "X.X.", "dd"),
// prefixes and suffixes, the words two either side and their shapes, word
// pairs, whether it starts the sentence, and cue-word classes of the word
// and its neighbours (titles such as President and Mr., said-verbs,
// organisation words such as Inc., Party and Ministry, place words such as
// River and Province, place prepositions). Features are stored by their
// 64-bit FNV hash, weights as int16, features seen once in training and
// weights under 0.1 dropped: 101,706 features in a 1.5 MB gzip'd model,
// which also carries how each word of the training text is capitalised
// inside sentences (FindParagraphs skips a sentence whose only capital
// starts it when that word is a common one). Tagging sums the weights of
// the features of one word once per word (fast.go).
// After tagging an article's sentences, a document pass makes persons
// consistent: the surname of a full name found elsewhere in the article is
// a person where it stands alone ("Daniel Montalvo ... Montalvo said"),
// unless the tagger's evidence for another type is strong. A place
// gazetteer (TrainOptions.Places; the shipped model uses extract's CLDR
// list, which it carries) adds features; WithGazetteer substitutes
// another.
//
// Training data: the Groningen Meaning Bank extract of Kaggle (Voice of
// America news, partly machine-annotated) with titles stripped from its
// person spans, plus the GUM corpus's academic and interview documents;
// make tagger-model rebuilds the model deterministically
// (extract/tagger/internal/train) and records its scores in model.json.
//
// Measured quality (exact typed spans; docs/names-tagger.md has the
// details): on a held-out tenth of the GMB, persons F1 0.839 (P 0.818,
// R 0.861), organisations 0.729, places 0.893; on GUM's 24 Wikinews news
// documents (out of domain, gold), persons F1 0.806 (P 0.853, R 0.764),
// organisations 0.521, places 0.637. Speed: about 0.1 to 0.7 million tokens
// per second on one core, depending on machine load (0.6 million per CPU
// second over Reuters-21578 with FindParagraphs).
//
// Limits: English only (German capitalises every noun and would give
// noise); trained mostly on 2000s VOA newswire, so products, software,
// spacecraft and fictional characters come out as persons or places more
// often than news-agency names; about half of the GMB held-out person
// errors in a sample of 50 are errors of the GMB's own annotation, which
// caps the score there; organisations follow the GMB's and GUM's
// conventions, which differ (GUM makes "McCutchan Art Center" a place).
package tagger
