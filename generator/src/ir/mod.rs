//! Layer 2's output: a small model of Rust types and client operations. Plain data, sorted,
//! holding every decision so that emitting is only spelling.

mod operation;

pub use crate::diagnostics::{Rewrite, RewriteKind, Warning};
pub use operation::*;
use std::collections::BTreeMap;

/// Everything the emitter needs for one document.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// `info`: title, version and description, for the module docs.
    pub info: Info,
    /// `servers[0].url` with its variables' defaults, the client's default base URL.
    pub default_base_url: Option<String>,
    /// What calls to endpoints the document does not describe send: the top-level `security`,
    /// else the requirement every operation has (alternatives of scheme names).
    pub default_security: Vec<Vec<String>>,
    /// The security schemes some operation sends, in the document's order.
    pub schemes: Vec<SecurityScheme>,
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
    /// With one security scheme, the environment variables holding its key, in the order they
    /// are read (with several, each scheme has its own: [`SecurityScheme::var`]).
    pub key_vars: Vec<String>,
    /// Environment variable overriding the base URL.
    pub base_url_var: String,
    /// The default `User-Agent` (`None`: the generated crate's name and version).
    pub user_agent: Option<String>,
    /// With one security scheme: whether some operations take no credential, so that the client
    /// can be built without the key.
    pub key_optional: bool,
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
    /// Whether it must be there, may be `null`, is a constant, or is the map of the rest.
    pub state: FieldState,
    /// Whether the document marks the property deprecated.
    pub deprecated: bool,
    /// Whether the value must never be printed (passwords, tokens).
    pub sensitive: bool,
    /// The schema's rules on the value that serde does not check (bounds, lengths, pattern).
    pub rules: Rules,
    /// Index of a sibling enum field whose value chooses which variant of this field's union
    /// is allowed (the union's variant titles are that sibling's values).
    pub correlated_with: Option<usize>,
    /// In a multipart form: the part's media type, as the body's `encoding` entry names it.
    pub part_type: Option<String>,
}

/// How a field is present: in the Rust struct, and on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldState {
    /// Required, never `null`: `T`, always sent.
    Required,
    /// Required and may be `null`: `Option<T>`, `None` sent as `null`.
    RequiredNullable,
    /// May be left out: `Option<T>`, `None` leaves it out (and reads absent or `null`).
    Optional,
    /// May be left out, sent, or sent as `null` (an optional nullable property of a JSON
    /// object): `Option<Option<T>>`, `Some(None)` being `null`.
    Clearable,
    /// Required, of a single-valued type: `T`, always its only value, never asked for.
    Constant,
    /// The map of undeclared properties (`additionalProperties` beside `properties`), flattened
    /// into the object on the wire; the field's `wire` is empty.
    Extra,
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
    /// Whether the Rust field is an `Option` (of an `Option`, when [`FieldState::Clearable`]).
    pub fn optional(&self) -> bool {
        matches!(self.state, FieldState::RequiredNullable | FieldState::Optional | FieldState::Clearable)
    }

    /// Whether the field is `Option<Option<T>>`.
    pub fn clearable(&self) -> bool {
        self.state == FieldState::Clearable
    }

    /// Whether the field is the flattened map of undeclared properties.
    pub fn extra(&self) -> bool {
        self.state == FieldState::Extra
    }
}

/// An enumeration: string or integer values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Enum {
    /// Whether the values are strings or integers.
    pub repr: EnumRepr,
    /// Variants in document order.
    pub variants: Vec<Variant>,
    /// Index of the `default:` variant.
    pub default: Option<usize>,
    /// The name of an extra variant holding, as sent, values outside the list; present for
    /// enums the server sends, which it may extend.
    pub catch_all: Option<String>,
}

/// What an enum's values are on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnumRepr {
    /// JSON strings.
    Text,
    /// JSON integers; each variant's `wire` holds its decimal digits.
    Integer,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// Rust name.
    pub name: String,
    /// Value on the wire: the text, or an integer's decimal digits.
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
    /// Conversions and methods, settled by the last pass (empty until then).
    pub api: UnionApi,
}

/// What a union offers beside decoding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnionApi {
    /// Variants (indices) that get `From<their type>`: no other variant has the same Rust type
    /// once aliases are looked through.
    pub conversions: Vec<usize>,
    /// For a union whose every variant is an enumeration: it reads as a string.
    pub of_enums: Option<EnumUnion>,
}

/// A union of enumerations: `as_str`, equality by wire value, and the selector's lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumUnion {
    /// Whether some variant's enum keeps unknown values (so `as_str` borrows, not `const`).
    pub open: bool,
    /// When the selector is an enumeration: which list each of its values picks.
    pub lists: Option<SelectorLists>,
}

/// Which variant's values each selector value allows (see [`Union::selector`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorLists {
    /// (Rust name of a selector value, index of the variant titled with it), in selector order.
    pub picks: Vec<(String, usize)>,
    /// Whether some selector value, or one this version does not know, picks no list: every
    /// value is allowed then.
    pub rest_allowed: bool,
}

/// How decoding chooses a variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnionStrategy {
    /// By the value of a property, as the plan says.
    Tagged(Box<TagPlan>),
    /// The first variant that decodes.
    Untagged,
    /// The one variant whose kind of JSON value (string, number, array of numbers, object, ...)
    /// the value is: no two variants accept the same kind, so the order does not matter.
    ByKind,
}

/// How a tagged union is decoded: which variants each tag value is tried on, and what takes the
/// rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPlan {
    /// Property on the wire.
    pub property: String,
    /// Whether the property's values are integers, written in the tags as their decimal digits
    /// (else strings).
    pub numeric: bool,
    /// The arms, in order: tag values, and the variants (indices) tried on them in turn.
    pub routes: Vec<TagRoute>,
    /// The variant that takes any other value, or no tag; `None`: such a value is an error
    /// listing `known`.
    pub fallback: Option<usize>,
    /// Every tag value, in variant order, for the error about an unknown one.
    pub known: Vec<String>,
    /// Variants chosen by the kind of a value that is not an object, tried in order.
    pub by_kind: Vec<usize>,
}

/// One arm of a [`TagPlan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRoute {
    /// The tag values the arm matches.
    pub tags: Vec<String>,
    /// Variants tried on those values, in document order: one, unless the document gives a
    /// value to several branches.
    pub variants: Vec<usize>,
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
