//! The deviations list: where our document knowingly differs from upstream.

use crate::Error;

/// A known difference: every difference at or under `pointer` is explained by it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Deviation {
    /// A JSON pointer into our document, starting with `#/`.
    pub pointer: String,
}

/// Reads the deviations of a DEVIATIONS.md: every line of the form
/// ``- pointer: `#/components/schemas/Item` `` (`*` may stand for `-`; text may follow the
/// closing backtick). Other lines are prose and ignored. A pointer line whose pointer is not in
/// backticks, does not start with `#/` or has a `~` not followed by `0` or `1` is an error that
/// names its line (counted from 1).
pub fn read_deviations(text: &str) -> Result<Vec<Deviation>, Error> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let error = |what: String| Error::Deviation { line: index + 1, what };
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix('-').or_else(|| trimmed.strip_prefix('*')) else { continue };
        let Some(rest) = rest.trim_start().strip_prefix("pointer:") else { continue };
        let rest = rest.trim();
        let Some(pointer) = rest.strip_prefix('`').and_then(|inner| inner.split_once('`')).map(|(pointer, _)| pointer)
        else {
            return Err(error(format!("the pointer is not in backticks: {rest:?}")));
        };
        if !pointer.starts_with("#/") {
            return Err(error(format!("`{pointer}` does not start with `#/`")));
        }
        let mut chars = pointer.chars();
        while let Some(c) = chars.next() {
            if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
                return Err(error(format!("`{pointer}` has a `~` not followed by 0 or 1 (write `~0` for `~`)")));
            }
        }
        found.push(Deviation { pointer: pointer.to_owned() });
    }
    Ok(found)
}
