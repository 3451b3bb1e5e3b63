package schema

import "github.com/klauspost/compress/zstd"

// BodyDict1 is the dictionary of body version 1, for the benchmark that
// compares codecs with it.
const BodyDict1 = bodyDict1

// NewBodyEncoder returns EncodeBody with coders of its own, not the
// process's, so that a test can measure what they hold.
func NewBodyEncoder() (func(string) string, error) {
	c, err := newBodyCoders()
	if err != nil {
		return nil, err
	}
	return c.encode, nil
}

// NewBodyEncoderDefaultWindow returns EncodeBody as layout 5 first did
// it, with zstd's default window for SpeedFastest (4 MiB) and memory mode:
// the bytes bodyWindow must not change.
func NewBodyEncoderDefaultWindow() (func(string) string, error) {
	enc, err := zstd.NewWriter(nil, append(bodyEncoderOptions(), zstd.WithWindowSize(4<<20), zstd.WithLowerEncoderMem(false))...)
	if err != nil {
		return nil, err
	}
	return (&bodyCoders{enc: enc}).encode, nil
}
