//! Checks before sending: the [`Validate`] trait generated types implement, the path of the
//! field a check names, and the helpers generated checks call.

use super::ValidationError;
use std::any::Any;
use std::fmt;

/// Rules a request must meet that serde does not enforce, checked before it is sent: the
/// schema's (bounds, lengths, patterns, item counts, enum lists chosen by a sibling field),
/// generated, and the API's rules stated only in prose, hand-written in the generated crate and
/// reached through [`Validate::prose_rules`].
pub trait Validate: Any {
    /// Checks the schema's rules, naming fields relative to `path` ([`FieldPath::ROOT`] at the
    /// top).
    fn validate_at(&self, path: &FieldPath<'_>) -> Result<(), ValidationError>;

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
        self.validate_at(&FieldPath::ROOT)?;
        self.prose_rules()
    }
}

/// Where a value sits inside the one being checked (`order.items[2]`), as the checks descend
/// into it. Each step borrows the one above, so a value that passes costs no text: the path is
/// spelled out only for an error (its `Display`, or `String::from`).
#[derive(Debug, Clone, Copy)]
pub struct FieldPath<'a> {
    parent: Option<&'a FieldPath<'a>>,
    step: Step<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Root,
    Field(&'a str),
    Index(usize),
}

impl FieldPath<'static> {
    /// The value being checked itself; it prints as nothing.
    pub const ROOT: FieldPath<'static> = FieldPath { parent: None, step: Step::Root };
}

impl<'a> FieldPath<'a> {
    /// The property `name` (or a map's key) of the value here: `path.name`, or `name` at the root.
    pub fn field(&'a self, name: &'a str) -> FieldPath<'a> {
        FieldPath { parent: Some(self), step: Step::Field(name) }
    }

    /// Item `index` of the list here: `path[index]`.
    pub fn index(&'a self, index: usize) -> FieldPath<'a> {
        FieldPath { parent: Some(self), step: Step::Index(index) }
    }
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parent = match self.parent {
            Some(parent) => {
                parent.fmt(f)?;
                !matches!(parent.step, Step::Root)
            }
            None => false,
        };
        match self.step {
            Step::Root => Ok(()),
            Step::Field(name) if parent => write!(f, ".{name}"),
            Step::Field(name) => f.write_str(name),
            Step::Index(index) => write!(f, "[{index}]"),
        }
    }
}

impl From<FieldPath<'_>> for String {
    fn from(path: FieldPath<'_>) -> String {
        path.to_string()
    }
}

/// A list is checked item by item (`path[0]`, `path[1]`, …), for bodies that are arrays.
impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &FieldPath<'_>) -> Result<(), ValidationError> {
        self.iter().enumerate().try_for_each(|(i, item)| item.validate_at(&path.index(i)))
    }
}

/// A map is checked entry by entry (`path.key`), for bodies that are maps.
impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate_at(&self, path: &FieldPath<'_>) -> Result<(), ValidationError> {
        self.iter().try_for_each(|(key, item)| item.validate_at(&path.field(key)))
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

/// Checks which sets of an object's fields are all present, for a `oneOf` (`exactly_one`) or an
/// `anyOf` of branches that only list required properties: `sets[i]` says whether set `i` is
/// complete; `names` spells the sets for the message (`` `a` or `b` ``).
#[doc(hidden)]
pub fn present_sets(
    path: &FieldPath<'_>,
    sets: &[bool],
    names: &str,
    exactly_one: bool,
) -> Result<(), ValidationError> {
    let complete = sets.iter().filter(|set| **set).count();
    let message = match complete {
        0 if exactly_one => format!("set exactly one of {names}; none is set"),
        0 => format!("set at least one of {names}; none is set"),
        1 => return Ok(()),
        _ if exactly_one => format!("set exactly one of {names}; {complete} are set"),
        _ => return Ok(()),
    };
    Err(ValidationError::new(*path, message))
}

/// A boxed value (a recursive schema's back edge) is checked as the value.
impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &FieldPath<'_>) -> Result<(), ValidationError> {
        (**self).validate_at(path)
    }
}

#[cfg(test)]
mod tests {
    use super::FieldPath;

    #[test]
    fn paths_print_as_the_messages_name_fields() {
        let root = FieldPath::ROOT;
        assert_eq!(root.to_string(), "");
        let order = root.field("order");
        let items = order.field("items");
        let second = items.index(2);
        assert_eq!(second.to_string(), "order.items[2]");
        assert_eq!(String::from(second.field("name")), "order.items[2].name");
        // A list at the root (an array body), and a map's key.
        assert_eq!(root.index(0).field("id").to_string(), "[0].id");
        assert_eq!(root.field("labels").field("team").to_string(), "labels.team");
    }

    #[test]
    fn present_sets_count_the_complete_ones() {
        use super::present_sets;
        let root = FieldPath::ROOT;
        let at = root.field("search");
        let names = "`ids` or `stores`";
        assert_eq!(present_sets(&at, &[true, false], names, true), Ok(()));
        let none = present_sets(&at, &[false, false], names, true).unwrap_err();
        assert_eq!(none.to_string(), "`search`: set exactly one of `ids` or `stores`; none is set");
        let both = present_sets(&at, &[true, true], names, true).unwrap_err();
        assert_eq!(both.to_string(), "`search`: set exactly one of `ids` or `stores`; 2 are set");
        assert_eq!(present_sets(&at, &[true, true], names, false), Ok(()));
        let none = present_sets(&root, &[false, false], names, false).unwrap_err();
        assert_eq!(none.to_string(), "set at least one of `ids` or `stores`; none is set");
    }
}
