//! YAML or JSON text -> a JSON value, read straight from the parser's events (no YAML tree in
//! between) and refusing a key written twice in one mapping, which a plain JSON map would keep
//! silently as its last value.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Parses `text`: as JSON when it looks like JSON and parses as such (several times faster than
/// the YAML reader), else as YAML, whose errors carry the line.
pub(crate) fn parse(text: &str) -> Result<Value, serde_yaml::Error> {
    if text.trim_start().starts_with('{') {
        let mut json = serde_json::Deserializer::from_str(text);
        if let Ok(value) = Tree.deserialize(&mut json).and_then(|value| json.end().map(|()| value)) {
            return Ok(value);
        }
    }
    Tree.deserialize(serde_yaml::Deserializer::from_str(text))
}

/// Builds a [`Value`] from any self-describing format's events.
#[derive(Clone, Copy)]
struct Tree;

impl<'de> DeserializeSeed<'de> for Tree {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Tree {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value JSON can hold")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    // JSON has no NaN or infinity: YAML's `.nan` and `.inf` read as null, as JSON writers do.
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        // Keys are read as text: YAML's `200:` is the key "200", as JSON spells it.
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            match out.entry(key) {
                serde_json::map::Entry::Occupied(e) => {
                    return Err(de::Error::custom(format_args!("duplicate entry with key {:?}", e.key())))
                }
                serde_json::map::Entry::Vacant(e) => {
                    e.insert(value);
                }
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::json;

    #[test]
    fn yaml_and_json_read_as_the_same_value() {
        let yaml = "a: 1\nb: [true, ~, 2.5, -3, text]\n200: {x: .nan}\n";
        let json = r#"{"a": 1, "b": [true, null, 2.5, -3, "text"], "200": {"x": null}}"#;
        let want = json!({"a": 1, "b": [true, null, 2.5, -3, "text"], "200": {"x": null}});
        assert_eq!(parse(yaml).unwrap(), want);
        assert_eq!(parse(json).unwrap(), want);
        // Key order is the document's.
        let keys: Vec<_> = parse(yaml).unwrap().as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["a", "b", "200"]);
    }

    #[test]
    fn a_key_written_twice_is_refused_in_both_syntaxes_with_the_line() {
        let e = parse("a:\n  b: 1\n  b: 2\n").unwrap_err();
        assert!(e.to_string().starts_with(r#"a: duplicate entry with key "b""#), "{e}");
        // The YAML reader places errors of a mapping's content at the mapping's first line.
        assert_eq!(e.location().map(|l| l.line()), Some(2));
        // JSON that fails as JSON is read again as YAML, for the line.
        let e = parse("{\"a\": 1,\n \"a\": 2}").unwrap_err();
        assert!(e.to_string().contains(r#"duplicate entry with key "a""#), "{e}");
        assert_eq!(e.location().map(|l| l.line()), Some(1));
    }

    #[test]
    fn a_flow_mapping_that_is_not_json_reads_as_yaml() {
        assert_eq!(parse("{a: 1, b: [x]}").unwrap(), json!({"a": 1, "b": ["x"]}));
    }
}
