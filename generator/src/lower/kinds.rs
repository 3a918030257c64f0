//! The kinds of JSON value a schema accepts (null, boolean, integer, fraction, string, array,
//! object), looking into array items. Union branches whose kinds do not overlap are told apart
//! by the value itself: a decoder that tries each in turn finds the one branch that fits.

use super::{declares_own, shape, Lowerer, Shape};
use crate::load::SchemaRef;
use openapiv3::Schema;

const NULL: u8 = 1;
const BOOLEAN: u8 = 1 << 1;
const INTEGER: u8 = 1 << 2;
/// A number with a fractional part: `type: number` takes it, `type: integer` does not.
const FRACTION: u8 = 1 << 3;
const STRING: u8 = 1 << 4;
const OBJECT: u8 = 1 << 5;

/// How deep compositions and array items are followed before a schema counts as accepting
/// anything (a recursive schema, say).
const MAX_DEPTH: usize = 8;

/// What a schema accepts: scalar and object kinds, and arrays with what their items accept.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Kinds {
    /// A set of the bits above.
    others: u8,
    /// `None`: no array; `Some(None)`: arrays of anything; `Some(Some(k))`: arrays of `k`.
    array: Option<Option<Box<Kinds>>>,
}

impl Kinds {
    fn of(bits: u8) -> Kinds {
        Kinds { others: bits, array: None }
    }

    fn union(mut self, other: Kinds) -> Kinds {
        self.others |= other.others;
        self.array = match (self.array, other.array) {
            (None, a) | (a, None) => a,
            (Some(Some(a)), Some(Some(b))) => Some(Some(Box::new(a.union(*b)))),
            _ => Some(None),
        };
        self
    }

    /// Whether only objects are accepted.
    pub(super) fn only_objects(&self) -> bool {
        self.others == OBJECT && self.array.is_none()
    }

    /// Whether objects are accepted, among others.
    pub(super) fn takes_objects(&self) -> bool {
        self.others & OBJECT != 0
    }

    /// Whether both accept arrays (so both accept the empty one, whatever their items).
    pub(super) fn both_arrays(&self, other: &Kinds) -> bool {
        self.array.is_some() && other.array.is_some()
    }

    /// Whether some value has both kinds. The empty array, which both accept when both take
    /// arrays, does not count: it decodes as the first array branch and means the same in each.
    pub(super) fn overlaps(&self, other: &Kinds) -> bool {
        self.others & other.others != 0
            || match (&self.array, &other.array) {
                (Some(Some(a)), Some(Some(b))) => a.overlaps(b),
                (Some(_), Some(_)) => true,
                _ => false,
            }
    }
}

impl Lowerer<'_> {
    /// The kinds `schema` accepts; `None` when it may accept any value (no `type`, `not`,
    /// nesting deeper than [`MAX_DEPTH`], a reference that does not resolve).
    pub(super) fn kinds<'s>(&'s self, schema: &'s Schema, depth: usize) -> Option<Kinds> {
        if depth > MAX_DEPTH {
            return None;
        }
        let resolve = |r: SchemaRef<'s>| -> Option<&'s Schema> { self.doc.resolve(r, "#").ok().map(|(s, _)| s) };
        let own = match shape(schema) {
            Shape::String(_) | Shape::StringEnum(_) => Kinds::of(STRING),
            Shape::Integer(_) | Shape::IntegerEnum(_) => Kinds::of(INTEGER),
            Shape::Number => Kinds::of(INTEGER | FRACTION),
            Shape::Boolean => Kinds::of(BOOLEAN),
            Shape::Object { .. } => Kinds::of(OBJECT),
            Shape::Array { items } => {
                let items = items.and_then(resolve).and_then(|s| self.kinds(s, depth + 1)).map(Box::new);
                Kinds { others: 0, array: Some(items) }
            }
            // An empty composition is typed as a JSON value, which takes anything.
            Shape::OneOf(branches) | Shape::AnyOf(branches) if !branches.is_empty() => {
                let mut all = Kinds::default();
                for b in branches {
                    all = all.union(self.kinds(resolve(b)?, depth + 1)?);
                }
                all
            }
            // One part alone is that part (as lowering reads it); parts merge into a struct only
            // when each is an object (else the value is typed as JSON, which takes anything).
            Shape::AllOf(parts)
                if parts.len() == 1 && schema.schema_data.discriminator.is_none() && !declares_own(schema) =>
            {
                self.kinds(resolve(parts[0])?, depth + 1)?
            }
            Shape::AllOf(parts) => {
                for p in &parts {
                    if self.kinds(resolve(*p)?, depth + 1)? != Kinds::of(OBJECT) {
                        return None;
                    }
                }
                Kinds::of(OBJECT)
            }
            Shape::OneOf(_) | Shape::AnyOf(_) | Shape::Any | Shape::Loose(_) => return None,
        };
        Some(if schema.schema_data.nullable { own.union(Kinds::of(NULL)) } else { own })
    }
}
