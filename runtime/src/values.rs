//! String enums read from text (`"markdown".parse::<Format>()`), as generated enums implement
//! `FromStr`: the same rules as decoding the value from JSON; integer enums made from numbers
//! (`TryFrom<i64>`); and the decoding of both, shared by every generated enum (a derived
//! `Deserialize` spells out a visitor per enum, which is most of what a crate with long enums
//! compiles).

use crate::de::{Lookup, Unknown};
use serde::de::{value::StrDeserializer, DeserializeOwned, Deserializer, Unexpected, Visitor};
use std::fmt;

/// A text that is none of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    /// The text given.
    pub value: String,
    /// The values the enum lists.
    pub expected: &'static [&'static str],
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Quoted and escaped: the text may hold anything.
        write!(f, "{:?} is not one of the listed values (", self.value)?;
        for (i, v) in self.expected.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{v:?}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for ParseEnumError {}

/// Reads an enum value from its wire text; for generated `FromStr` implementations. An enum
/// with a catch-all variant takes any text, as its decoding does.
#[doc(hidden)]
pub fn parse_enum<T: DeserializeOwned>(text: &str, expected: &'static [&'static str]) -> Result<T, ParseEnumError> {
    T::deserialize(StrDeserializer::<serde::de::value::Error>::new(text))
        .map_err(|_| ParseEnumError { value: text.to_owned(), expected })
}

/// Decodes a string enum as the index of its wire text in `values` (an unknown text is serde's
/// `unknown variant` error); for generated `Deserialize` implementations.
#[doc(hidden)]
pub fn deserialize_enum<'de, D: Deserializer<'de>>(
    deserializer: D,
    values: &'static [&'static str],
) -> Result<usize, D::Error> {
    let found = deserializer.deserialize_str(Lookup { names: values, unknown: Unknown::Refuse, expecting: TEXT })?;
    // `Refuse` gives back no text; were it to, the text is still refused.
    found.map_err(|text| serde::de::Error::unknown_variant(&text, values))
}

/// Decodes a string enum that keeps values it does not list: the index of its wire text in
/// `values`, or the text itself; for generated `Deserialize` implementations.
#[doc(hidden)]
pub fn deserialize_open_enum<'de, D: Deserializer<'de>>(
    deserializer: D,
    values: &'static [&'static str],
) -> Result<Result<usize, String>, D::Error> {
    deserializer.deserialize_str(Lookup { names: values, unknown: Unknown::Keep, expecting: TEXT })
}

const TEXT: &str = "a string";

/// A number that is none of an integer enum's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnlistedNumberError {
    /// The number given.
    pub value: i64,
    /// The values the enum lists.
    pub expected: &'static [i64],
}

impl fmt::Display for UnlistedNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is not one of the listed values ({})", self.value, Listed(self.expected))
    }
}

impl std::error::Error for UnlistedNumberError {}

/// The listed numbers, as messages name them: `1, 2, 3`.
struct Listed(&'static [i64]);

impl fmt::Display for Listed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl serde::de::Expected for Listed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of {self}")
    }
}

/// The index of `value` in an integer enum's `values`; for generated `TryFrom<i64>`
/// implementations.
#[doc(hidden)]
pub fn integer_enum_index(value: i64, values: &'static [i64]) -> Result<usize, UnlistedNumberError> {
    values.iter().position(|v| *v == value).ok_or(UnlistedNumberError { value, expected: values })
}

/// Decodes an integer enum as the index of its number in `values` (another number is serde's
/// `invalid value` error, at the number's position); for generated `Deserialize` implementations.
#[doc(hidden)]
pub fn deserialize_integer_enum<'de, D: Deserializer<'de>>(
    deserializer: D,
    values: &'static [i64],
) -> Result<usize, D::Error> {
    let found = deserializer.deserialize_i64(NumberLookup { values, keep: false })?;
    // A refused number gives no `Err` back; were it to, it is still refused.
    found.map_err(|value| serde::de::Error::invalid_value(Unexpected::Signed(value), &Listed(values)))
}

/// Decodes an integer enum that keeps numbers it does not list: the index of its number in
/// `values`, or the number itself; for generated `Deserialize` implementations.
#[doc(hidden)]
pub fn deserialize_open_integer_enum<'de, D: Deserializer<'de>>(
    deserializer: D,
    values: &'static [i64],
) -> Result<Result<usize, i64>, D::Error> {
    deserializer.deserialize_i64(NumberLookup { values, keep: true })
}

/// Finds a number among an integer enum's values; an unlisted one is refused, or kept.
struct NumberLookup {
    values: &'static [i64],
    keep: bool,
}

impl Visitor<'_> for NumberLookup {
    type Value = Result<usize, i64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of {}", Listed(self.values))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
        match (self.values.iter().position(|v| *v == value), self.keep) {
            (Some(index), _) => Ok(Ok(index)),
            (None, true) => Ok(Err(value)),
            (None, false) => Err(E::invalid_value(Unexpected::Signed(value), &Listed(self.values))),
        }
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        match i64::try_from(value) {
            Ok(value) => self.visit_i64(value),
            Err(_) => Err(E::invalid_value(Unexpected::Unsigned(value), &Listed(self.values))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    enum Closed {
        #[serde(rename = "a-b")]
        AB,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    enum Open {
        #[serde(rename = "x")]
        X,
        #[serde(untagged)]
        Unknown(String),
    }

    #[test]
    fn enums_decode_by_index_and_refuse_or_keep_other_text() {
        let decode = |text: &str| deserialize_enum(&mut serde_json::Deserializer::from_str(text), &["a", "b-c"]);
        assert_eq!(decode(r#""b-c""#).unwrap(), 1);
        assert_eq!(
            decode(r#""B-C""#).unwrap_err().to_string(),
            "unknown variant `B-C`, expected `a` or `b-c` at line 1 column 5"
        );
        assert_eq!(
            decode("3").unwrap_err().to_string(),
            "invalid type: integer `3`, expected a string at line 1 column 1"
        );
        let open = |text: &str| deserialize_open_enum(&mut serde_json::Deserializer::from_str(text), &["a"]).unwrap();
        assert_eq!(open(r#""a""#), Ok(0));
        assert_eq!(open(r#""new""#), Err("new".to_owned()));
    }

    #[test]
    fn integer_enums_decode_by_index_and_refuse_or_keep_other_numbers() {
        let decode = |text: &str| deserialize_integer_enum(&mut serde_json::Deserializer::from_str(text), &[0, 2, -5]);
        assert_eq!(decode("-5").unwrap(), 2);
        assert_eq!(
            decode("7").unwrap_err().to_string(),
            "invalid value: integer `7`, expected one of 0, 2, -5 at line 1 column 1"
        );
        assert_eq!(
            decode(r#""2""#).unwrap_err().to_string(),
            "invalid type: string \"2\", expected one of 0, 2, -5 at line 1 column 3"
        );
        let open =
            |text: &str| deserialize_open_integer_enum(&mut serde_json::Deserializer::from_str(text), &[0, 2]).unwrap();
        assert_eq!(open("2"), Ok(1));
        assert_eq!(open("9"), Err(9));
        assert_eq!(integer_enum_index(2, &[0, 2]), Ok(1));
        let err = integer_enum_index(3, &[0, 2]).unwrap_err();
        assert_eq!(err, UnlistedNumberError { value: 3, expected: &[0, 2] });
        assert_eq!(err.to_string(), "3 is not one of the listed values (0, 2)");
    }

    #[test]
    fn listed_values_parse_and_others_are_refused_or_kept() {
        assert_eq!(parse_enum::<Closed>("a-b", &["a-b"]), Ok(Closed::AB));
        let err = parse_enum::<Closed>("A-B\n", &["a-b"]).unwrap_err();
        assert_eq!(err.to_string(), r#""A-B\n" is not one of the listed values ("a-b")"#);
        assert_eq!(parse_enum::<Open>("x", &["x"]), Ok(Open::X));
        assert_eq!(parse_enum::<Open>("y", &["x"]), Ok(Open::Unknown("y".into())));
    }
}
