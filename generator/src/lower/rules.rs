//! The value rules of a property's schema (`minLength`, `maximum`, `pattern`, ...) that serde
//! does not check, kept where they fit the field's Rust type so `Validate` can check them
//! before a request is sent.

use crate::ir::{Bound, Rules, TypeRef};
use openapiv3::{Schema, SchemaKind, Type};

/// What the schema states, whatever its type (`openapiv3` spells each type separately).
struct Stated<'a> {
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: bool,
    min_length: Option<usize>,
    max_length: Option<usize>,
    minimum: Option<Bound>,
    maximum: Option<Bound>,
    pattern: Option<&'a str>,
}

fn bound(value: Option<f64>, exclusive: bool) -> Option<Bound> {
    value.filter(|v| v.is_finite()).map(|value| Bound { value, exclusive })
}

fn stated(schema: &Schema) -> Stated<'_> {
    let mut s = Stated {
        min_items: None,
        max_items: None,
        unique_items: false,
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
        pattern: None,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            (s.min_length, s.max_length, s.pattern) = (t.min_length, t.max_length, t.pattern.as_deref());
        }
        SchemaKind::Type(Type::Integer(t)) => {
            s.minimum = bound(t.minimum.map(|v| v as f64), t.exclusive_minimum);
            s.maximum = bound(t.maximum.map(|v| v as f64), t.exclusive_maximum);
        }
        SchemaKind::Type(Type::Number(t)) => {
            s.minimum = bound(t.minimum, t.exclusive_minimum);
            s.maximum = bound(t.maximum, t.exclusive_maximum);
        }
        SchemaKind::Type(Type::Array(t)) => {
            (s.min_items, s.max_items, s.unique_items) = (t.min_items, t.max_items, t.unique_items);
        }
        SchemaKind::Any(a) => {
            (s.min_items, s.max_items, s.unique_items) = (a.min_items, a.max_items, a.unique_items == Some(true));
            (s.min_length, s.max_length, s.pattern) = (a.min_length, a.max_length, a.pattern.as_deref());
            s.minimum = bound(a.minimum, a.exclusive_minimum.unwrap_or(false));
            s.maximum = bound(a.maximum, a.exclusive_maximum.unwrap_or(false));
        }
        _ => {}
    }
    s
}

/// The rules of `schema` that apply to a field of type `ty`; a pattern the checker cannot
/// compile is left out and named in the returned warning.
pub(super) fn rules(schema: &Schema, ty: &TypeRef) -> (Rules, Option<String>) {
    let s = stated(schema);
    let mut rules = Rules::default();
    let mut warning = None;
    match ty {
        TypeRef::String => {
            rules.min_length = s.min_length.filter(|&n| n > 0).map(|n| n as u64);
            rules.max_length = s.max_length.map(|n| n as u64);
            if let Some(p) = s.pattern {
                match regex_lite::Regex::new(p) {
                    Ok(_) => rules.pattern = Some(p.to_owned()),
                    Err(e) => {
                        warning = Some(format!(
                            "`pattern` {p:?} is not checked before sending (not a supported regular expression: {e})"
                        ));
                    }
                }
            }
        }
        TypeRef::Integer | TypeRef::Sized(_) | TypeRef::Number => {
            (rules.minimum, rules.maximum) = (s.minimum, s.maximum)
        }
        TypeRef::Vec(_) => {
            rules.min_items = s.min_items.filter(|&n| n > 0).map(|n| n as u64);
            rules.max_items = s.max_items.map(|n| n as u64);
            rules.unique_items = s.unique_items;
        }
        _ => {}
    }
    (rules, warning)
}
