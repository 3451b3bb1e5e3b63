package schema

// BodyDict1 is the dictionary of body version 1, for the benchmark that
// compares codecs with it.
const BodyDict1 = bodyDict1
