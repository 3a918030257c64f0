//! What generation tells its user beside the code, shared by the layers that find it: warnings
//! about constructs read one way out of several (loading and lowering both report them), and
//! the rewrites that restate a resolution in the normalized document (decided in lowering,
//! written by `normalize`). Neither layer imports the other for them.

/// A choice made on an ambiguous or unsupported construct.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// JSON pointer of the construct.
    pub pointer: String,
    /// What was done and why.
    pub message: String,
    /// Whether the generated code sends something other than the document says there (or
    /// nothing where it says something): what a reviewer must look at first.
    pub wire: bool,
}

/// One resolution, restated in the document's own terms.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rewrite {
    /// JSON pointer of the schema object holding the composition.
    pub pointer: String,
    /// What to write there.
    pub kind: RewriteKind,
}

/// How a resolution is written into the normalized document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RewriteKind {
    /// A `oneOf` whose branches are the same string enum becomes that one enum.
    CollapseEnum {
        /// The values, in document order.
        values: Vec<String>,
        /// A branch's `default`, when the schema has none of its own.
        default: Option<String>,
    },
    /// A `oneOf` whose branches can match the same value becomes `anyOf` (first match wins in
    /// the generated code; `oneOf` would reject a value several branches accept).
    AnyOf,
    /// A discriminator's implied tags become an explicit `mapping` (tag -> `$ref`).
    Mapping(Vec<(String, String)>),
}
