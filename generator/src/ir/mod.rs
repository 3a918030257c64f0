//! Layer 2's output: a small model of Rust types and client operations. Plain data, sorted,
//! holding every decision so that emitting is only spelling.

mod operation;

pub use operation::*;
use std::collections::BTreeMap;

/// Everything the emitter needs for one document.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// `info`: title, version and description, for the module docs.
    pub info: Info,
    /// `servers[0].url` with its variables' defaults, the client's default base URL.
    pub default_base_url: Option<String>,
    /// How calls to endpoints the document does not describe present the key: the top-level
    /// `security`, else the scheme every operation uses.
    pub default_auth: Option<Auth>,
    /// Named types by Rust name (sorted, so output order is stable).
    pub types: BTreeMap<String, TypeDef>,
    /// Operations sorted by Rust name.
    pub operations: Vec<Operation>,
    /// Choices the generator made that a maintainer should review.
    pub warnings: Vec<Warning>,
    /// Ambiguities resolved, restated so that a strict JSON Schema validator reads the
    /// document as the generated code does (see [`crate::normalize`]).
    pub rewrites: Vec<Rewrite>,
    /// Cargo features grouping the operations by tag, sorted (empty: no grouping).
    pub features: Vec<String>,
    /// What the generated client is told about the API beyond the document (from the settings).
    pub client: ClientFacts,
}

/// The generated client's settings, resolved: the document's defaults with the API's settings
/// file applied.
#[derive(Debug, Clone, Default)]
pub struct ClientFacts {
    /// Environment variables holding the API key, in the order they are read.
    pub key_vars: Vec<String>,
    /// Environment variable overriding the base URL.
    pub base_url_var: String,
    /// The default `User-Agent` (`None`: the generated crate's name and version).
    pub user_agent: Option<String>,
    /// Whether any operation sends a key (an API without security needs none).
    pub needs_key: bool,
}

/// The document's `info`.
#[derive(Debug, Clone, Default)]
pub struct Info {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
}

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

/// A reference to a Rust type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A type in [`Model::types`].
    Named(String),
    /// `String`.
    String,
    /// `uuid::Uuid`.
    Uuid,
    /// `chrono::DateTime<chrono::Utc>` (`format: date-time`): an RFC 3339 instant, written back
    /// in UTC.
    DateTime,
    /// `chrono::NaiveDate` (`format: date`): a calendar date, `YYYY-MM-DD`.
    Date,
    /// `i64`.
    Integer,
    /// A sized or unsigned integer (`format: int32`, `uint64`, …).
    Sized(IntType),
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// Any JSON value.
    Json,
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Box<T>`: a by-value reference that closes a cycle (a recursive schema).
    Boxed(Box<TypeRef>),
    /// The runtime's `File`: bytes with a file name and media type, for a `format: binary`
    /// property of a `multipart/form-data` body.
    File,
}

/// The Rust integer a `format` names (`int64` and no format are `i64`, [`TypeRef::Integer`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntType {
    /// `int8`.
    I8,
    /// `int16`.
    I16,
    /// `int32`.
    I32,
    /// `uint8`.
    U8,
    /// `uint16`.
    U16,
    /// `uint32`.
    U32,
    /// `uint64`.
    U64,
}

impl IntType {
    /// The type for an integer `format`, if it names one other than `i64`.
    pub fn from_format(format: &str) -> Option<IntType> {
        Some(match format {
            "int8" => IntType::I8,
            "int16" => IntType::I16,
            "int32" => IntType::I32,
            "uint8" => IntType::U8,
            "uint16" => IntType::U16,
            "uint32" => IntType::U32,
            "uint64" => IntType::U64,
            _ => return None,
        })
    }

    /// The Rust type's name.
    pub fn rust(self) -> &'static str {
        match self {
            IntType::I8 => "i8",
            IntType::I16 => "i16",
            IntType::I32 => "i32",
            IntType::U8 => "u8",
            IntType::U16 => "u16",
            IntType::U32 => "u32",
            IntType::U64 => "u64",
        }
    }
}

/// One named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// JSON pointer of the schema it was made from.
    pub pointer: String,
    /// Doc text (description, title, default), if any.
    pub doc: Option<String>,
    /// What kind of type.
    pub kind: TypeKind,
    /// Whether values can break a schema rule serde does not check (`minItems`, correlated
    /// enums), so that the type gets a `Validate` implementation.
    pub validates: bool,
    /// Whether values can nest without bound (the type reaches a recursive schema), so that
    /// no `Arbitrary` can be derived for it.
    pub recursive: bool,
    /// Whether the document marks the schema deprecated.
    pub deprecated: bool,
    /// Cargo features any of which compiles the type (empty: always compiled).
    pub gate: Vec<String>,
    /// Path of the hand-written function checking the rules the API states only in prose for
    /// this type (`crate::prose::order`), from the settings.
    pub prose_rules: Option<String>,
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object.
    Struct(Struct),
    /// A closed set of strings.
    Enum(Enum),
    /// One of several named types.
    Union(Union),
    /// Another name for a type (`pub type A = B;`).
    Alias(TypeRef),
}

impl TypeKind {
    /// The type references it holds: field types, variant types, an alias's target.
    pub fn refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(t) => vec![t],
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

impl TypeRef {
    /// The named type it is or holds (`Vec<Pet>`, `Box<Pet>`, a map of `Pet`: `Pet`).
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => inner.named(),
            _ => None,
        }
    }
}

/// An object with named fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Struct {
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// Whether values are sent as `multipart/form-data` (one part per field) instead of JSON.
    pub form: bool,
    /// Which sets of fields must be present together, when the schema says so by a `oneOf` or
    /// `anyOf` of branches that only list required properties.
    pub presence: Option<Presence>,
}

/// Sets of a struct's fields that must be present, checked by `Validate` before sending.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Presence {
    /// `oneOf`: exactly one set is complete; `anyOf`: at least one is.
    pub exactly_one: bool,
    /// Each set, as indices into [`Struct::fields`].
    pub sets: Vec<Vec<usize>>,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// Rust identifier (without `r#`).
    pub name: String,
    /// Property name on the wire.
    pub wire: String,
    /// Doc text.
    pub doc: Option<String>,
    /// Field type, without the `Option` of a non-required field.
    pub ty: TypeRef,
    /// Whether the property is required.
    pub required: bool,
    /// Whether the value may be `null` (so a required one is still an `Option`, sent as `null`).
    pub nullable: bool,
    /// Whether the document marks the property deprecated.
    pub deprecated: bool,
    /// Whether this is the map of undeclared properties (`additionalProperties` next to
    /// `properties`), flattened into the object on the wire; `wire` is empty.
    pub flatten: bool,
    /// Whether the value must never be printed (passwords, tokens).
    pub sensitive: bool,
    /// Whether the type is a single-valued enum: its only value is the default.
    pub constant: bool,
    /// The schema's rules on the value that serde does not check (bounds, lengths, pattern).
    pub rules: Rules,
    /// Index of a sibling enum field whose value chooses which variant of this field's union
    /// is allowed (the union's variant titles are that sibling's values).
    pub correlated_with: Option<usize>,
    /// In a multipart form: the part's media type, as the body's `encoding` entry names it.
    pub part_type: Option<String>,
    /// Whether the value can be left out, sent, or sent as `null` (an optional nullable
    /// property of a JSON object): `Option<Option<T>>`, `Some(None)` being `null`.
    pub clearable: bool,
}

/// Rules a property's schema states about its value, checked by `Validate` before sending. Only
/// the ones that fit the field's Rust type are kept (lengths on strings, bounds on numbers).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Rules {
    /// `minItems` (above 0).
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// `minLength` (above 0), in characters.
    pub min_length: Option<u64>,
    /// `maxLength`, in characters.
    pub max_length: Option<u64>,
    /// `minimum` / `exclusiveMinimum`.
    pub minimum: Option<Bound>,
    /// `maximum` / `exclusiveMaximum`.
    pub maximum: Option<Bound>,
    /// `pattern`, as written (one the checker's regex dialect accepts).
    pub pattern: Option<String>,
}

impl Rules {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Rules::default()
    }
}

/// A numeric bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The limit.
    pub value: f64,
    /// Whether the limit itself is excluded.
    pub exclusive: bool,
}

// Bounds come from JSON numbers, never NaN, so equality is an equivalence; `0.0` and `-0.0`
// are equal and hash alike.
impl Eq for Bound {}

impl std::hash::Hash for Bound {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let value = if self.value == 0.0 { 0.0f64 } else { self.value };
        value.to_bits().hash(state);
        self.exclusive.hash(state);
    }
}

impl Field {
    /// Whether the Rust field is an `Option` (of an `Option`, when [`Field::clearable`]): not
    /// required, or nullable.
    pub fn optional(&self) -> bool {
        !self.flatten && (!self.required || self.nullable)
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Enum {
    /// Variants in document order.
    pub variants: Vec<Variant>,
    /// Index of the `default:` variant.
    pub default: Option<usize>,
    /// The name of an extra variant holding, as sent, values outside the list; present for
    /// enums the server sends, which it may extend.
    pub catch_all: Option<String>,
}

/// One string enum value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// Rust name.
    pub name: String,
    /// Value on the wire.
    pub wire: String,
    /// Doc text.
    pub doc: Option<String>,
}

/// A `oneOf`/`anyOf` of named types and how the wire form picks one.
#[derive(Debug, Clone)]
pub struct Union {
    /// How a value is decoded.
    pub strategy: UnionStrategy,
    /// Variants in document order.
    pub variants: Vec<UnionVariant>,
    /// The enum whose values title the variants, when a sibling field of that enum picks which
    /// variant's list a value must be in (see [`Field::correlated_with`]).
    pub selector: Option<String>,
}

/// How decoding chooses a variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnionStrategy {
    /// By the string value of `property`; a variant with no tags takes every other value.
    Tagged {
        /// Property on the wire.
        property: String,
        /// Whether the property's values are integers, written in the variants' `tags` as
        /// their decimal digits (else strings).
        numeric: bool,
    },
    /// The first variant that decodes.
    Untagged,
    /// The one variant whose kind of JSON value (string, number, array of numbers, object, ...)
    /// the value is: no two variants accept the same kind, so the order does not matter.
    ByKind,
}

/// One variant of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust name.
    pub name: String,
    /// The carried type (always [`TypeRef::Named`] or a primitive).
    pub ty: TypeRef,
    /// Tag values selecting this variant (empty: the fallback of a tagged union).
    pub tags: Vec<String>,
    /// In a tagged union, a variant that is not an object, chosen by the value's kind (a string
    /// beside objects told apart by their `type`).
    pub by_kind: bool,
    /// `title` of the branch schema.
    pub title: Option<String>,
}
