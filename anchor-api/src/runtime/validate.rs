use super::ValidationError;
use std::any::Any;

/// Rules a request must meet that serde does not enforce, checked before it is sent:
/// the schema's (`minItems`, enum lists chosen by a sibling field), generated, and the API's
/// rules stated only in prose (`crate::service::prose_rules`), hand-written.
pub trait Validate: Any {
    /// Checks the schema's rules, naming fields relative to `path` (`""` at the root).
    fn validate_at(&self, path: &str) -> Result<(), ValidationError>;

    /// Checks the schema's rules, then the prose rules; the error names the first offending
    /// field.
    fn validate(&self) -> Result<(), ValidationError>
    where
        Self: Sized,
    {
        self.validate_at("")?;
        crate::service::prose_rules(self)
    }
}
