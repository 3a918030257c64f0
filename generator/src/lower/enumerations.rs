//! Unions that are enumerations (strategy 2 of `unions.rs`): branches listing the same values,
//! a plain string beside a string enum, and inline branches that are each one constant.

use super::{enum_of, names, schema_doc, shape, type_name, Shape};
use crate::ir::*;
use crate::load::SchemaRef;
use openapiv3::Schema;
use std::collections::{BTreeMap, BTreeSet};

/// Strategy 2: every branch (its schema, `$ref`s resolved) lists the same values.
pub(super) fn same_enum(resolved: &[&Schema]) -> Option<Enum> {
    let lists: Vec<Vec<String>> = resolved
        .iter()
        .map(|b| match shape(b) {
            Shape::StringEnum(v) => Some(v),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let first: BTreeSet<&String> = lists[0].iter().collect();
    if lists.iter().any(|l| l.iter().collect::<BTreeSet<_>>() != first) {
        return None;
    }
    let mut docs = BTreeMap::new();
    for b in resolved {
        if let (Some(title), Some(d)) = (&b.schema_data.title, schema_doc(Some(b))) {
            docs.entry(title.clone()).or_insert(d);
        }
    }
    let default = resolved.iter().find_map(|b| b.schema_data.default.as_ref());
    Some(enum_of(&lists[0], &docs, default))
}

/// Strategy 2, third form: two inline branches, any string and a string enum (how a document
/// says "one of these, or another name": model names, voices). The enum's values, to be opened
/// by the caller.
pub(super) fn listed_or_any(schema: &Schema, branches: &[SchemaRef<'_>]) -> Option<Enum> {
    let [SchemaRef::Inline(a), SchemaRef::Inline(b)] = branches else { return None };
    let (any, listed) = if any_string(a) { (a, b) } else { (b, a) };
    if !any_string(any) {
        return None;
    }
    let Shape::StringEnum(values) = shape(listed) else { return None };
    let default = schema.schema_data.default.as_ref().or(listed.schema_data.default.as_ref());
    Some(enum_of(&values, &BTreeMap::new(), default))
}

/// Whether a schema allows every string: `type: string` and nothing narrowing it.
fn any_string(schema: &Schema) -> bool {
    use openapiv3::{SchemaKind, Type, VariantOrUnknownOrEmpty};
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s))
        if s.enumeration.is_empty()
            && s.pattern.is_none()
            && s.min_length.is_none()
            && s.max_length.is_none()
            && matches!(s.format, VariantOrUnknownOrEmpty::Empty))
}

/// One constant of a documented enumeration, with its branch's text.
pub(super) struct Constant {
    pub value: serde_json::Value,
    /// The branch's title, when it says more than the value.
    pub title: Option<String>,
    /// The branch's description.
    pub description: Option<String>,
}

impl Constant {
    /// Its documentation as an enum variant: the description, else the title.
    pub fn doc(&self) -> Option<String> {
        self.description.clone().or_else(|| self.title.clone())
    }
}

/// The constants of a composition whose branches are each one value of their own (`const`,
/// which loading spells as a one-value `enum`), inline, distinct and all strings, all numbers or
/// all booleans; `None` for any other composition.
pub(super) fn constants(branches: &[SchemaRef<'_>]) -> Option<Vec<Constant>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for b in branches {
        let SchemaRef::Inline(schema) = b else { return None };
        let value = single_constant(schema)?;
        if !seen.insert(value.to_string()) {
            return None;
        }
        let data = &schema.schema_data;
        let shown = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
        let text = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        let title = text(&data.title).filter(|t| *t != shown);
        out.push(Constant { value, title, description: text(&data.description) });
    }
    let kinds: BTreeSet<u8> = out
        .iter()
        .map(|c| match &c.value {
            serde_json::Value::String(_) => 0,
            serde_json::Value::Number(_) => 1,
            _ => 2,
        })
        .collect();
    (kinds.len() == 1).then_some(out)
}

/// The one value a schema allows by a one-value `enum`, if it is a string, number or boolean.
fn single_constant(schema: &Schema) -> Option<serde_json::Value> {
    use openapiv3::{SchemaKind, Type};
    let value = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
            [Some(v)] => serde_json::Value::from(v.as_str()),
            _ => return None,
        },
        SchemaKind::Type(Type::Integer(i)) => match i.enumeration.as_slice() {
            [Some(v)] => serde_json::Value::from(*v),
            _ => return None,
        },
        SchemaKind::Type(Type::Number(n)) => match n.enumeration.as_slice() {
            [Some(v)] => serde_json::Value::from(*v),
            _ => return None,
        },
        SchemaKind::Type(Type::Boolean(b)) => match b.enumeration.as_slice() {
            [Some(v)] => serde_json::Value::from(*v),
            _ => return None,
        },
        SchemaKind::Any(a) if a.one_of.is_empty() && a.any_of.is_empty() && a.all_of.is_empty() => {
            match a.enumeration.as_slice() {
                [v] => v.clone(),
                _ => return None,
            }
        }
        _ => return None,
    };
    (value.is_string() || value.is_number() || value.is_boolean()).then_some(value)
}

/// The names a schema gives its integer `enum` values (`x-enum-varnames`, as several generators
/// read it), by value: the names stand beside the list as written, `null` included.
pub(super) fn given_names(schema: &Schema) -> BTreeMap<i64, String> {
    use openapiv3::{SchemaKind, Type};
    let Some(names) = schema.schema_data.extensions.get("x-enum-varnames").and_then(|v| v.as_array()) else {
        return BTreeMap::new();
    };
    let values: Vec<Option<i64>> = match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.clone(),
        SchemaKind::Any(a) => a.enumeration.iter().map(serde_json::Value::as_i64).collect(),
        _ => Vec::new(),
    };
    values.into_iter().zip(names).filter_map(|(value, name)| Some((value?, name.as_str()?.to_owned()))).collect()
}

/// An integer enumeration from its values, each with the name and doc the document gives it:
/// a variant per value named after its name (`Value<N>` without one, `ValueMinus<N>` below
/// zero), in document order, repeats left out; `default` picks a variant, as does a single value.
pub(super) fn integer_enum(
    listed: &[(i64, Option<String>, Option<String>)],
    default: Option<&serde_json::Value>,
) -> Enum {
    let mut seen = BTreeSet::new();
    let mut used = BTreeSet::new();
    let mut variants = Vec::new();
    for (value, name, doc) in listed {
        if !seen.insert(*value) {
            continue;
        }
        let numbered = || match value {
            v if *v < 0 => format!("ValueMinus{}", v.unsigned_abs()),
            v => format!("Value{v}"),
        };
        let given =
            name.as_deref().map(type_name).filter(|n| n.starts_with(|c: char| c.is_ascii_alphabetic()) && n != "Self");
        let name = names::claim(&mut used, &given.unwrap_or_else(numbered), "");
        variants.push(Variant { name, wire: value.to_string(), doc: doc.clone() });
    }
    // A single value is its own default, whatever `default` says (a constant field needs one).
    let default = default
        .and_then(serde_json::Value::as_i64)
        .and_then(|d| variants.iter().position(|v| v.wire == d.to_string()))
        .or((variants.len() == 1).then_some(0));
    Enum { repr: EnumRepr::Integer, variants, default, catch_all: None }
}
