//! Decoding of generated structs. A derived `Deserialize` spells out, per struct, an identifier
//! enum with three visitors and a sequence visitor JSON never uses; generated structs instead
//! implement [`FromMap`], a loop with an arm per field matching a field index found here, and
//! share one visitor ([`map`]).
//!
//! The behaviour is the derive's: unknown keys are skipped (or kept by a struct with a map of
//! undeclared properties), a key given twice is serde's `duplicate field` error, a required
//! field left out is its `missing field` error.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A struct read from a map's keys and values; what a generated struct's `Deserialize` calls
/// through [`map`].
pub trait FromMap: Sized {
    /// The struct's name, for the error on input that is not a map (`expected struct Pet`).
    const NAME: &'static str;
    /// Reads the struct from the rest of `map`.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes a [`FromMap`] struct from a map.
pub fn map<'de, T: FromMap, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(MapVisitor(PhantomData))
}

/// The one visitor all [`FromMap`] structs share.
struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: FromMap> Visitor<'de> for MapVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// A map key read as the index of one of `fields`, `None` for any other key (not kept).
#[derive(Clone, Copy)]
pub struct FieldIndex(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer
            .deserialize_identifier(Lookup { names: self.0, unknown: Unknown::Skip, expecting: FIELD })
            .map(|k| k.ok())
    }
}

/// A map key read as the index of one of `fields`, or the key itself (kept for a map of
/// undeclared properties).
#[derive(Clone, Copy)]
pub struct FieldOrName(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldOrName {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(Lookup { names: self.0, unknown: Unknown::Keep, expecting: FIELD })
    }
}

const FIELD: &str = "a field name";

/// Text looked up in a list of names: its index, or what `unknown` says for other text. Shared
/// by struct keys and string enums.
pub(crate) struct Lookup {
    pub(crate) names: &'static [&'static str],
    pub(crate) unknown: Unknown,
    pub(crate) expecting: &'static str,
}

/// What [`Lookup`] makes of text that is none of its names.
#[derive(Clone, Copy)]
pub(crate) enum Unknown {
    /// `Err` with an empty string: nothing is allocated for a key that is skipped.
    Skip,
    /// `Err` with the text.
    Keep,
    /// serde's `unknown variant` error (raised here, so the decoder adds its position).
    Refuse,
}

impl Visitor<'_> for Lookup {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        match (self.names.iter().position(|n| *n == text), self.unknown) {
            (Some(index), _) => Ok(Ok(index)),
            (None, Unknown::Skip) => Ok(Err(String::new())),
            (None, Unknown::Keep) => Ok(Err(text.to_owned())),
            (None, Unknown::Refuse) => Err(E::unknown_variant(text, self.names)),
        }
    }

    fn visit_bytes<E: de::Error>(self, text: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(text) {
            Ok(text) => self.visit_str(text),
            Err(_) => self.visit_str(&String::from_utf8_lossy(text)),
        }
    }
}

/// Reads the value of a field into `slot`, refusing a second one.
pub fn once<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required field, or serde's `missing field` error.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Reads the value of `key`, which the struct does not declare, into its map of them.
pub fn keep<'de, A: MapAccess<'de>, V: de::Deserialize<'de>>(
    map: &mut A,
    extra: &mut BTreeMap<String, V>,
    key: String,
) -> Result<(), A::Error> {
    extra.insert(key, map.next_value()?);
    Ok(())
}

/// Skips the value of a key the struct does not declare.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a generated struct's decoder looks like: one required field, one optional, one that
    /// tells absent from `null`, and a map of undeclared properties.
    #[derive(Debug, PartialEq)]
    struct Pet {
        name: String,
        age: Option<i64>,
        note: Option<Option<String>>,
        extra: BTreeMap<String, serde_json::Value>,
    }

    impl<'de> de::Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            map(deserializer)
        }
    }

    impl FromMap for Pet {
        const NAME: &'static str = "Pet";
        fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Pet, A::Error> {
            let (mut name, mut age, mut note) = (None, None, None);
            let mut extra = BTreeMap::new();
            while let Some(key) = map.next_key_seed(FieldOrName(&["name", "age", "note"]))? {
                match key {
                    Ok(0) => once(&mut map, &mut name, "name"),
                    Ok(1) => once::<_, Option<i64>>(&mut map, &mut age, "age"),
                    Ok(2) => once::<_, Option<String>>(&mut map, &mut note, "note"),
                    Ok(_) => skip(&mut map),
                    Err(key) => keep(&mut map, &mut extra, key),
                }?;
            }
            Ok(Pet { name: required(name, "name")?, age: age.flatten(), note, extra })
        }
    }

    #[test]
    fn fields_decode_as_the_derive_would() {
        let pet: Pet = serde_json::from_str(r#"{"x":[1],"name":"Rex","age":null,"note":null}"#).unwrap();
        assert_eq!(pet.name, "Rex");
        assert_eq!((pet.age, pet.note), (None, Some(None)));
        assert_eq!(pet.extra["x"], serde_json::json!([1]));
        let pet: Pet = serde_json::from_str(r#"{"name":"Rex","age":3}"#).unwrap();
        assert_eq!((pet.age, pet.note), (Some(3), None));
        let pet: Pet = serde_json::from_str(r#"{"name":"Rex","note":"x"}"#).unwrap();
        assert_eq!(pet.note, Some(Some("x".to_owned())));
        let err = |text: &str| serde_json::from_str::<Pet>(text).unwrap_err().to_string();
        assert_eq!(err(r#"{"age":3}"#), "missing field `name` at line 1 column 9");
        assert_eq!(err(r#"{"name":"a","name":"b"}"#), "duplicate field `name` at line 1 column 18");
        assert_eq!(err("[]"), "invalid type: sequence, expected struct Pet at line 1 column 0");
    }

    #[test]
    fn an_unknown_key_is_skipped_without_being_kept() {
        let key = |text: &str| FieldIndex(&["a"]).deserialize(&mut serde_json::Deserializer::from_str(text)).unwrap();
        assert_eq!(key(r#""a""#), Some(0));
        assert_eq!(key(r#""b""#), None);
    }
}
