//! Optional nullable properties as `Option<Option<T>>`: `None` is left out, `Some(None)` is
//! sent as `null` (to clear a value), `Some(Some(v))` is `v`. serde reads a `null` as the outer
//! `None`; the generated fields read it through [`deserialize`] instead, with `#[serde(default)]`
//! for an absent one.

use serde::{Deserialize, Deserializer};

/// Reads a present value, `null` included, as `Some`.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Patch {
        #[serde(default, deserialize_with = "super::deserialize", skip_serializing_if = "Option::is_none")]
        note: Option<Option<String>>,
    }

    #[test]
    fn absent_null_and_a_value_are_three_states() {
        let read = |json: &str| serde_json::from_str::<Patch>(json).unwrap().note;
        assert_eq!(
            [read("{}"), read(r#"{"note":null}"#), read(r#"{"note":"x"}"#)],
            [None, Some(None), Some(Some("x".into()))]
        );
        let write = |note| serde_json::to_string(&Patch { note }).unwrap();
        assert_eq!(
            [write(None), write(Some(None)), write(Some(Some("x".into())))],
            ["{}", r#"{"note":null}"#, r#"{"note":"x"}"#]
        );
    }
}
