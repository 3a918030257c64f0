//! The one error type of the generator: where the problem is, and what was expected.

use std::fmt;
use std::path::PathBuf;

/// A document the generator cannot turn into Rust, located as precisely as it knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file being read, when the input came from a file.
    pub file: Option<PathBuf>,
    /// JSON pointer into the document (`#/components/schemas/Pet/properties/id`); `#` is the root.
    pub pointer: String,
    /// 1-based line in the file, when the YAML parser knows it.
    pub line: Option<usize>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Error {
    /// An error at `pointer` with `message`; the file is filled in by the loader.
    pub(crate) fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error { file: None, pointer: pointer.into(), line: None, message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "at {}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for Error {}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub(crate) fn push_pointer(base: &str, token: &str) -> String {
    format!("{base}/{}", token.replace('~', "~0").replace('/', "~1"))
}

/// The reference tokens of a JSON pointer (`#/a~1b/c` -> `a/b`, `c`), unescaped (RFC 6901).
pub(crate) fn split_pointer(pointer: &str) -> Vec<String> {
    let path = pointer.trim_start_matches('#');
    path.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect()
}
