//! Decoding helpers for generated tagged unions: the variant is chosen by a property's value,
//! and a failure names the variant, the tag property and the field inside it.
//!
//! The value is captured as raw JSON text, its tag read by a scan that skips everything
//! else, and the chosen variant decoded from the text: no intermediate `Value` tree.

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// A union value as raw JSON text.
pub type Raw = Box<RawValue>;

/// Captures the value being decoded as raw JSON text.
pub fn capture<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Raw, D::Error> {
    de::Deserialize::deserialize(deserializer)
}

/// The string value of `property` when `raw` is a JSON object that has it.
pub fn tag(raw: &RawValue, property: &str) -> Option<String> {
    scan(raw, TagScan { property, numbers: false })
}

/// The integer value of `property`, as its decimal digits, when `raw` is a JSON object that
/// has it: for unions whose variants are told apart by an integer.
pub fn number_tag(raw: &RawValue, property: &str) -> Option<String> {
    scan(raw, TagScan { property, numbers: true })
}

fn scan(raw: &RawValue, scan: TagScan<'_>) -> Option<String> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    de.deserialize_any(scan).ok().flatten()
}

/// Reads one property of an object, skipping the others without building them.
struct TagScan<'p> {
    property: &'p str,
    /// Whether the tag is an integer (else a string).
    numbers: bool,
}

impl<'de> Visitor<'de> for TagScan<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(is_tag) = map.next_key_seed(KeyIs(self.property))? {
            if is_tag && found.is_none() {
                let value = map.next_value::<serde_json::Value>()?;
                found = match self.numbers {
                    true => value.as_i64().map(|n| n.to_string()).or_else(|| value.as_u64().map(|n| n.to_string())),
                    false => value.as_str().map(str::to_owned),
                };
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E: Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E: Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A map key, compared with the tag property without allocating.
struct KeyIs<'p>(&'p str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

/// Decodes `raw` as the variant `label`, which `property` selected.
pub fn variant<T: DeserializeOwned, E: Error>(raw: &RawValue, property: &str, label: &str) -> Result<T, E> {
    decode_as(raw, label, format_args!("chosen by `{property}`"))
}

/// Whether `raw` is a JSON object, for unions whose objects are told apart by a tag and whose
/// other variants by the kind of value.
pub fn is_object(raw: &RawValue) -> bool {
    raw.get().trim_start().starts_with('{')
}

/// Decodes `raw`, which is not an object, as the variant `label`, chosen by the value's kind.
pub fn by_kind<T: DeserializeOwned, E: Error>(raw: &RawValue, label: &str) -> Result<T, E> {
    decode_as(raw, label, format_args!("chosen by the value's kind"))
}

/// Decodes `raw` as the variant `label`; `why` (how it was chosen) is spelled only for an error.
fn decode_as<T: DeserializeOwned, E: Error>(raw: &RawValue, label: &str, why: fmt::Arguments<'_>) -> Result<T, E> {
    // Plain serde_json first; the path-tracking decoder only to explain a failure.
    if let Ok(value) = serde_json::from_str(raw.get()) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(raw.get());
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." { String::new() } else { format!("at `{path}`: ") };
        let inner = e.into_inner();
        // The position is within the union's own text; the outer decoder adds the real one.
        let message = inner.to_string();
        let message =
            message.strip_suffix(&format!(" at line {} column {}", inner.line(), inner.column())).unwrap_or(&message);
        E::custom(format_args!("as {label} ({why}): {at}{message}"))
    })
}

/// The error for an integer tag value no variant has (`found` as [`number_tag`] reads it).
pub fn unknown_number_tag<E: Error>(property: &str, found: Option<&str>, expected: &[&str]) -> E {
    let expected = expected.join(", ");
    match found {
        Some(found) => E::custom(format_args!("unknown `{property}` {found}; expected one of {expected}")),
        None => E::custom(format_args!("missing integer field `{property}`; expected one of {expected}")),
    }
}

/// The error for a tag value no variant has.
pub fn unknown_tag<E: Error>(property: &str, found: Option<&str>, expected: &[&str]) -> E {
    let expected = expected.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(", ");
    match found {
        Some(found) => E::custom(format_args!("unknown `{property}` {found:?}; expected one of {expected}")),
        None => E::custom(format_args!("missing string field `{property}`; expected one of {expected}")),
    }
}
