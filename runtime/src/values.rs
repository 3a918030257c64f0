//! String enums read from text (`"markdown".parse::<Format>()`), as generated enums implement
//! `FromStr`: the same rules as decoding the value from JSON.

use serde::de::{value::StrDeserializer, DeserializeOwned};
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
    fn listed_values_parse_and_others_are_refused_or_kept() {
        assert_eq!(parse_enum::<Closed>("a-b", &["a-b"]), Ok(Closed::AB));
        let err = parse_enum::<Closed>("A-B\n", &["a-b"]).unwrap_err();
        assert_eq!(err.to_string(), r#""A-B\n" is not one of the listed values ("a-b")"#);
        assert_eq!(parse_enum::<Open>("x", &["x"]), Ok(Open::X));
        assert_eq!(parse_enum::<Open>("y", &["x"]), Ok(Open::Unknown("y".into())));
    }
}
