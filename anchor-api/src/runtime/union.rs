//! Decoding helpers for generated tagged unions: the variant is chosen by a property's value,
//! and a failure names the variant, the tag property and the field inside it.

use serde::de::{DeserializeOwned, Error};
use serde_json::Value;

/// The string value of `property` in a JSON object, if present.
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property)?.as_str()
}

/// Decodes `value` as the variant `label`, which `property` selected.
pub fn variant<T: DeserializeOwned, E: Error>(value: Value, property: &str, label: &str) -> Result<T, E> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." { String::new() } else { format!("at `{path}`: ") };
        E::custom(format_args!("as {label} (chosen by `{property}`): {at}{}", e.into_inner()))
    })
}

/// The error for a tag value no variant has.
pub fn unknown_tag<E: Error>(property: &str, found: Option<&str>, expected: &[&str]) -> E {
    let expected = expected.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(", ");
    match found {
        Some(found) => E::custom(format_args!("unknown `{property}` {found:?}; expected one of {expected}")),
        None => E::custom(format_args!("missing string field `{property}`; expected one of {expected}")),
    }
}
