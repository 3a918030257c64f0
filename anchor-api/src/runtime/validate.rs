use super::ValidationError;

/// Schema rules serde does not enforce (`minItems`, enum lists chosen by a sibling field),
/// checked before a request is sent. Implemented by the generated types that have any.
pub trait Validate {
    /// Checks the value, naming fields relative to `path` (`""` at the root).
    fn validate_at(&self, path: &str) -> Result<(), ValidationError>;

    /// Checks the value; the error names the first offending field.
    fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at("")
    }
}
