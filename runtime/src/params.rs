//! Parameter values on the wire, for the generated methods: every value is first turned into
//! JSON (so generated enums, unions and aliases need nothing of their own), then spelled as
//! text: strings as they are, numbers and booleans in JSON form, arrays comma-separated
//! (`style: simple`) or, in a query, as one pair per element (`style: form, explode: true`),
//! objects as JSON text.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

/// Everything but RFC 3986's unreserved characters is escaped in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A value as one piece of text.
pub fn text<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::Array(items)) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
        Ok(v) => scalar(&v),
        Err(_) => String::new(),
    }
}

/// A value as a percent-encoded path segment (`a/b c` -> `a%2Fb%20c`).
pub fn path_segment<T: Serialize + ?Sized>(value: &T) -> String {
    utf8_percent_encode(&text(value), SEGMENT).to_string()
}

/// Adds `name=value` pairs to a query; an array gives one pair per element.
pub fn query<T: Serialize + ?Sized>(out: &mut Vec<(&'static str, String)>, name: &'static str, value: &T) {
    match serde_json::to_value(value) {
        Ok(Value::Array(items)) => out.extend(items.iter().map(|v| (name, scalar(v)))),
        Ok(v) => out.push((name, scalar(&v))),
        Err(_) => {}
    }
}

/// Adds a header.
pub fn header<T: Serialize + ?Sized>(out: &mut Vec<(&'static str, String)>, name: &'static str, value: &T) {
    out.push((name, text(value)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_spelled_by_their_json_form() {
        assert_eq!(text("a b"), "a b");
        assert_eq!(text(&5i64), "5");
        assert_eq!(text(&true), "true");
        assert_eq!(text(&vec!["x", "y"]), "x,y");
        assert_eq!(path_segment("a/b c?d"), "a%2Fb%20c%3Fd");
        assert_eq!(path_segment("ünï-._~"), "%C3%BCn%C3%AF-._~");
        let mut q = Vec::new();
        query(&mut q, "tag", &vec!["a", "b"]);
        query(&mut q, "limit", &10i64);
        assert_eq!(q, [("tag", "a".to_string()), ("tag", "b".into()), ("limit", "10".into())]);
    }
}
