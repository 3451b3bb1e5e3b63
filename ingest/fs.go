package ingest

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// fileSystem is what Read's walker needs of the files it reads: the
// operating system's (Read) or an fs.FS (ReadFS), so that both share one
// walker and one parser path.
type fileSystem interface {
	Open(name string) (fs.File, error)
	Stat(name string) (fs.FileInfo, error)
	ReadDir(name string) ([]fs.DirEntry, error)
	// StatLink is the info of what the symbolic link name leads to; an
	// error skips the link.
	StatLink(name string) (fs.FileInfo, error)
	Join(elem ...string) string
	SameFile(a, b fs.FileInfo) bool
	// stdin says whether the path "-" means Options.Stdin.
	stdin() bool
}

// osFS is the operating system's files, paths as the user names them.
type osFS struct{}

// Open returns an *os.File, which openZip reads in place.
func (osFS) Open(name string) (fs.File, error)          { return os.Open(name) }
func (osFS) Stat(name string) (fs.FileInfo, error)      { return os.Stat(name) }
func (osFS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }
func (osFS) StatLink(name string) (fs.FileInfo, error)  { return os.Stat(name) }
func (osFS) Join(elem ...string) string                 { return filepath.Join(elem...) }
func (osFS) SameFile(a, b fs.FileInfo) bool             { return os.SameFile(a, b) }
func (osFS) stdin() bool                                { return true }

// ioFS is an fs.FS, paths as fs.FS names them.
type ioFS struct{ fsys fs.FS }

// errLinkNotFollowed skips a symbolic link in an fs.FS.
var errLinkNotFollowed = errors.New("symbolic link not followed in an fs.FS")

func (f ioFS) Open(name string) (fs.File, error)          { return f.fsys.Open(name) }
func (f ioFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(f.fsys, name) }
func (f ioFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.fsys, name) }
func (ioFS) StatLink(string) (fs.FileInfo, error)         { return nil, errLinkNotFollowed }
func (ioFS) Join(elem ...string) string                   { return path.Join(elem...) }

// SameFile is false: an fs.FS has no file identity, and ReadFS follows
// no links, so no folder is walked twice.
func (ioFS) SameFile(a, b fs.FileInfo) bool { return false }
func (ioFS) stdin() bool                    { return false }
