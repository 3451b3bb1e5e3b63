package newsdesk_test

import (
	"fmt"
	"io/fs"

	"github.com/newsdesk/newsdesk"
)

func ExampleSampleArchive() {
	files, _ := fs.Glob(newsdesk.SampleArchive(), "*.txt")
	fmt.Println(len(files), files[len(files)-1])
	// Output: 10 wapo-afp-2017.txt
}
