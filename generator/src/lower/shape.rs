//! A uniform view of a schema's shape: `openapiv3` spells the same thing several ways
//! (`type: string` + `oneOf` parses as `AnySchema`, an `enum` without `type` too).

use crate::load::SchemaRef;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

/// Properties as `openapiv3` stores them.
pub type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// What a schema describes, ignoring documentation.
pub enum Shape<'a> {
    Object {
        properties: &'a Properties,
        additional: Option<&'a openapiv3::AdditionalProperties>,
    },
    StringEnum(Vec<String>),
    /// `type: integer` with an `enum` (its `null` left out).
    IntegerEnum(Vec<i64>),
    String(Option<String>),
    /// With its `format` (`int32`, `int64`).
    Integer(Option<String>),
    Number,
    Boolean,
    Array {
        items: Option<SchemaRef<'a>>,
    },
    OneOf(Vec<SchemaRef<'a>>),
    AnyOf(Vec<SchemaRef<'a>>),
    AllOf(Vec<SchemaRef<'a>>),
    /// Anything else: typed as a JSON value.
    Any,
    /// Valid, but not a shape a Rust type can state faithfully (an `enum` mixing strings and
    /// numbers, `not`): a JSON value too, with a warning saying why.
    Loose(&'static str),
}

impl Shape<'_> {
    /// The composition keyword, for JSON pointers into the branches.
    pub fn keyword(&self) -> Option<&'static str> {
        match self {
            Shape::OneOf(_) => Some("oneOf"),
            Shape::AnyOf(_) => Some("anyOf"),
            Shape::AllOf(_) => Some("allOf"),
            _ => None,
        }
    }
}

fn refs(list: &[ReferenceOr<Schema>]) -> Vec<SchemaRef<'_>> {
    list.iter().map(SchemaRef::from).collect()
}

fn format_name<T: std::fmt::Debug>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(i) => Some(heck::ToKebabCase::to_kebab_case(format!("{i:?}").as_str())),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn integers(values: &[serde_json::Value]) -> Option<Vec<i64>> {
    let listed: Vec<&serde_json::Value> = values.iter().filter(|v| !v.is_null()).collect();
    (!listed.is_empty()).then(|| listed.iter().map(|v| v.as_i64()).collect()).flatten()
}

fn strings(values: &[serde_json::Value]) -> Option<Vec<String>> {
    values.iter().filter(|v| !v.is_null()).map(|v| v.as_str().map(str::to_owned)).collect()
}

/// The shape of an inline schema.
pub fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            if s.enumeration.is_empty() {
                Shape::String(format_name(&s.format))
            } else {
                Shape::StringEnum(s.enumeration.iter().flatten().cloned().collect())
            }
        }
        SchemaKind::Type(Type::Integer(i)) => match i.enumeration.iter().flatten().copied().collect::<Vec<i64>>() {
            values if values.is_empty() => Shape::Integer(format_name(&i.format)),
            values => Shape::IntegerEnum(values),
        },
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Object(o)) => {
            Shape::Object { properties: &o.properties, additional: o.additional_properties.as_ref() }
        }
        SchemaKind::Type(Type::Array(a)) => Shape::Array { items: a.items.as_ref().map(SchemaRef::from) },
        SchemaKind::OneOf { one_of } => Shape::OneOf(refs(one_of)),
        SchemaKind::AnyOf { any_of } => Shape::AnyOf(refs(any_of)),
        SchemaKind::AllOf { all_of } => Shape::AllOf(refs(all_of)),
        SchemaKind::Not { .. } => Shape::Loose("`not` says what a value is not, which no Rust type can state"),
        SchemaKind::Any(a) => {
            if presence_sets(schema).is_some() {
                return Shape::Object { properties: &a.properties, additional: a.additional_properties.as_ref() };
            }
            // A `type` next to a composition only restates what the branches say.
            if !a.one_of.is_empty() {
                return Shape::OneOf(refs(&a.one_of));
            }
            if !a.any_of.is_empty() {
                return Shape::AnyOf(refs(&a.any_of));
            }
            if !a.all_of.is_empty() {
                return Shape::AllOf(refs(&a.all_of));
            }
            if !a.enumeration.is_empty() {
                if let Some(values) =
                    integers(&a.enumeration).filter(|_| matches!(a.typ.as_deref(), None | Some("integer")))
                {
                    return Shape::IntegerEnum(values);
                }
                return match strings(&a.enumeration) {
                    Some(values) => Shape::StringEnum(values),
                    None if a.enumeration.iter().any(|v| v.is_string()) => {
                        Shape::Loose("enum mixes strings with other kinds of value")
                    }
                    None => Shape::Any,
                };
            }
            match a.typ.as_deref() {
                Some("object") | None if !a.properties.is_empty() => {
                    Shape::Object { properties: &a.properties, additional: a.additional_properties.as_ref() }
                }
                Some("string") => Shape::String(a.format.clone()),
                Some("integer") => Shape::Integer(a.format.clone()),
                Some("number") => Shape::Number,
                Some("boolean") => Shape::Boolean,
                Some("array") => Shape::Array { items: a.items.as_ref().map(SchemaRef::from) },
                _ => Shape::Any,
            }
        }
    }
}

/// An object whose `oneOf` or `anyOf` branches each only list some of its own properties as
/// `required` (`{properties: {a, b}, oneOf: [{required: [a]}, {required: [b]}]}`): the value is
/// that object, and the composition says which properties must be present together. Gives
/// whether exactly one set must be complete (`oneOf`; else at least one) and the sets of
/// property names.
pub fn presence_sets(schema: &Schema) -> Option<(bool, Vec<&[String]>)> {
    let SchemaKind::Any(a) = &schema.schema_kind else { return None };
    let (exactly_one, branches) = match (a.one_of.is_empty(), a.any_of.is_empty()) {
        (false, true) => (true, &a.one_of),
        (true, false) => (false, &a.any_of),
        _ => return None,
    };
    if a.properties.is_empty() || !a.all_of.is_empty() || !matches!(a.typ.as_deref(), None | Some("object")) {
        return None;
    }
    let sets = branches
        .iter()
        .map(|branch| {
            let ReferenceOr::Item(b) = branch else { return None };
            if b.schema_data.nullable || b.schema_data.discriminator.is_some() {
                return None;
            }
            let required = match &b.schema_kind {
                SchemaKind::Any(any) => {
                    let rest = openapiv3::AnySchema { required: Vec::new(), typ: None, ..any.clone() };
                    let typed = matches!(any.typ.as_deref(), None | Some("object"));
                    (typed && rest == openapiv3::AnySchema::default()).then_some(&any.required)?
                }
                SchemaKind::Type(Type::Object(o)) => {
                    let rest = openapiv3::ObjectType { required: Vec::new(), ..o.clone() };
                    (rest == openapiv3::ObjectType::default()).then_some(&o.required)?
                }
                _ => return None,
            };
            let own = !required.is_empty() && required.iter().all(|name| a.properties.contains_key(name));
            own.then_some(required.as_slice())
        })
        .collect::<Option<Vec<_>>>()?;
    Some((exactly_one, sets))
}
