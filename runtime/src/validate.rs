use super::ValidationError;
use std::any::Any;

/// Rules a request must meet that serde does not enforce, checked before it is sent: the
/// schema's (bounds, lengths, patterns, item counts, enum lists chosen by a sibling field),
/// generated, and the API's rules stated only in prose, hand-written in the generated crate and
/// reached through [`Validate::prose_rules`].
pub trait Validate: Any {
    /// Checks the schema's rules, naming fields relative to `path` (`""` at the root).
    fn validate_at(&self, path: &str) -> Result<(), ValidationError>;

    /// Checks the rules the API states only in prose (none unless the generated crate names a
    /// module of them in its settings).
    fn prose_rules(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    /// Checks the schema's rules, then the prose rules; the error names the first offending
    /// field.
    fn validate(&self) -> Result<(), ValidationError>
    where
        Self: Sized,
    {
        self.validate_at("")?;
        self.prose_rules()
    }
}

/// A list is checked item by item (`path[0]`, `path[1]`, …), for bodies that are arrays.
impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &str) -> Result<(), ValidationError> {
        self.iter().enumerate().try_for_each(|(i, item)| item.validate_at(&format!("{path}[{i}]")))
    }
}

/// A map is checked entry by entry (`path.key`), for bodies that are maps.
impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate_at(&self, path: &str) -> Result<(), ValidationError> {
        self.iter().try_for_each(|(key, item)| item.validate_at(&super::join(path, key)))
    }
}

/// A schema's `pattern`, compiled on first use; generated checks keep one in a `static`.
#[doc(hidden)]
pub struct Pattern {
    source: &'static str,
    compiled: std::sync::OnceLock<Option<regex_lite::Regex>>,
}

impl Pattern {
    /// The pattern as the document writes it (the generator has checked that it compiles).
    pub const fn new(source: &'static str) -> Self {
        Pattern { source, compiled: std::sync::OnceLock::new() }
    }

    /// Whether `text` matches somewhere, as JSON Schema's `pattern` means (unless the pattern pins its ends);
    /// `true` if the pattern cannot be compiled, so a check never refuses for its own fault.
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| regex_lite::Regex::new(self.source).ok())
            .as_ref()
            .is_none_or(|re| re.is_match(text))
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &'static str {
        self.source
    }
}

/// A boxed value (a recursive schema's back edge) is checked as the value.
impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &str) -> Result<(), ValidationError> {
        (**self).validate_at(path)
    }
}
