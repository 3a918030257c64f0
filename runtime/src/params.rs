//! Parameter values on the wire, for the generated methods, spelled as OpenAPI's `style` and
//! `explode` say (RFC 6570 expansions). Every value is first turned into JSON, so generated
//! enums, unions and aliases need nothing of their own; then primitives are spelled as text
//! (strings as they are, numbers and booleans in JSON form, `null` as nothing), arrays and
//! objects by the style's delimiters, and values nested deeper than the style defines as JSON
//! text. [`Style::Json`] (a parameter declared with `content: application/json`) sends the
//! whole value as JSON text.
//!
//! Names and values are percent-encoded where they go into the URL: everything but RFC 3986's
//! unreserved characters, so a delimiter inside a value never reads as one. With
//! `allowReserved` a query value keeps the reserved characters too (`#` excepted: it would end
//! the URL). Header values go as they are; cookie values are percent-encoded like query values.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

/// Everything but RFC 3986's unreserved characters is escaped.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// With `allowReserved`: RFC 3986's reserved characters are kept as well, but `#`, which would
/// end the URL.
const RESERVED_KEPT: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// How a parameter's value is spelled: OpenAPI's `style` (with `explode` passed beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `simple`: `a,b`; an object `k,v` (exploded `k=v`). Path and header default.
    Simple,
    /// `label`: `.a,b` (exploded `.a.b`); an object `.k,v` (exploded `.k=v`).
    Label,
    /// `matrix`: `;n=a,b` (exploded `;n=a;n=b`); an object `;n=k,v` (exploded `;k=v`).
    Matrix,
    /// `form`: `n=a,b` (exploded `n=a&n=b`); an object `n=k,v` (exploded `k=v`). Query and
    /// cookie default.
    Form,
    /// `spaceDelimited`: `n=a%20b`; exploded as `form`.
    SpaceDelimited,
    /// `pipeDelimited`: `n=a|b`; exploded as `form`.
    PipeDelimited,
    /// `deepObject`: `n[k]=v`, nested objects `n[k][j]=v`, arrays inside `n[k][0]=v`.
    DeepObject,
    /// The whole value as JSON text (`content: application/json`).
    Json,
}

/// A primitive as text; an array or object nested deeper than a style spells, as JSON text.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn encode(text: &str, set: &'static AsciiSet) -> String {
    utf8_percent_encode(text, set).to_string()
}

/// The parts of a value: `None` for a primitive, else its elements, or an object's keys and
/// values (`Some(key)` on each).
enum Parts {
    Primitive(String),
    List(Vec<(Option<String>, String)>),
}

fn parts(value: &Value, style: Style) -> Parts {
    match (style, value) {
        (Style::Json, v) => Parts::Primitive(v.to_string()),
        (_, Value::Array(items)) => Parts::List(items.iter().map(|v| (None, scalar(v))).collect()),
        (_, Value::Object(map)) => Parts::List(map.iter().map(|(k, v)| (Some(k.clone()), scalar(v))).collect()),
        (_, v) => Parts::Primitive(scalar(v)),
    }
}

/// `a,b` from a list, an object's entries as `k,v` or (`pair`) `k=v`, each piece encoded by `enc`.
fn joined(list: &[(Option<String>, String)], sep: &str, pair: bool, enc: &dyn Fn(&str) -> String) -> String {
    let mut pieces = Vec::with_capacity(list.len() * 2);
    for (key, value) in list {
        match key {
            Some(k) if pair => pieces.push(format!("{}={}", enc(k), enc(value))),
            Some(k) => {
                pieces.push(enc(k));
                pieces.push(enc(value));
            }
            None => pieces.push(enc(value)),
        }
    }
    pieces.join(sep)
}

fn json<T: Serialize + ?Sized>(value: &T) -> Value {
    // The generated types serialize infallibly (no maps with non-string keys).
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A value as one piece of text: `simple` style, not exploded, not encoded.
pub fn text<T: Serialize + ?Sized>(value: &T) -> String {
    match parts(&json(value), Style::Simple) {
        Parts::Primitive(s) => s,
        Parts::List(list) => joined(&list, ",", false, &|s| s.to_owned()),
    }
}

/// A path parameter `name` as its place in the template: `simple` (`a,b`), `label` (`.a.b`)
/// or `matrix` (`;name=a`); anything else is spelled `simple`.
pub fn path<T: Serialize + ?Sized>(name: &str, value: &T, style: Style, explode: bool) -> String {
    let enc = |s: &str| encode(s, UNRESERVED);
    let name = enc(name);
    match (style, parts(&json(value), style)) {
        (Style::Label, Parts::Primitive(s)) => format!(".{}", enc(&s)),
        (Style::Label, Parts::List(l)) => format!(".{}", joined(&l, if explode { "." } else { "," }, explode, &enc)),
        (Style::Matrix, Parts::Primitive(s)) if s.is_empty() => format!(";{name}"),
        (Style::Matrix, Parts::Primitive(s)) => format!(";{name}={}", enc(&s)),
        (Style::Matrix, Parts::List(l)) if l.is_empty() => format!(";{name}"),
        (Style::Matrix, Parts::List(l)) if explode && l.iter().all(|(k, _)| k.is_none()) => {
            l.iter().map(|(_, v)| format!(";{name}={}", enc(v))).collect()
        }
        (Style::Matrix, Parts::List(l)) if explode => format!(";{}", joined(&l, ";", true, &enc)),
        (Style::Matrix, Parts::List(l)) => format!(";{name}={}", joined(&l, ",", false, &enc)),
        (_, Parts::Primitive(s)) => enc(&s),
        (_, Parts::List(l)) => joined(&l, ",", explode, &enc),
    }
}

/// A value as a percent-encoded path segment (`a/b c` -> `a%2Fb%20c`).
pub fn path_segment<T: Serialize + ?Sized>(value: &T) -> String {
    path("", value, Style::Simple, false)
}

/// Adds a query parameter to `out` (an encoded query string, `&`-separated).
pub fn query<T: Serialize + ?Sized>(
    out: &mut String,
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
    allow_reserved: bool,
) {
    let set = if allow_reserved { RESERVED_KEPT } else { UNRESERVED };
    let enc = |s: &str| encode(s, set);
    let mut push = |key: &str, value: &str| {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    };
    let value = json(value);
    if style == Style::DeepObject {
        deep(&encode(name, UNRESERVED), &value, &enc, &mut push);
        return;
    }
    let name = encode(name, UNRESERVED);
    match parts(&value, style) {
        Parts::Primitive(s) => push(&name, &enc(&s)),
        Parts::List(list) if explode => {
            for (key, value) in &list {
                match key {
                    // An exploded object's keys are the parameter names.
                    Some(k) => push(&encode(k, UNRESERVED), &enc(value)),
                    None => push(&name, &enc(value)),
                }
            }
        }
        Parts::List(list) => {
            let sep = match style {
                Style::SpaceDelimited => "%20",
                Style::PipeDelimited => "|",
                _ => ",",
            };
            push(&name, &joined(&list, sep, false, &enc));
        }
    }
}

/// `deepObject`: every leaf as `name[key]…=value`, arrays by index.
fn deep(prefix: &str, value: &Value, enc: &dyn Fn(&str) -> String, push: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                deep(&format!("{prefix}[{}]", encode(k, UNRESERVED)), v, enc, push);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                deep(&format!("{prefix}[{i}]"), v, enc, push);
            }
        }
        leaf => push(prefix, &enc(&scalar(leaf))),
    }
}

/// Adds a header parameter (`simple` style, or JSON text).
pub fn header<T: Serialize + ?Sized>(
    out: &mut Vec<(&'static str, String)>,
    name: &'static str,
    value: &T,
    style: Style,
    explode: bool,
) {
    let text = match parts(&json(value), style) {
        Parts::Primitive(s) => s,
        Parts::List(list) => joined(&list, ",", explode, &|s| s.to_owned()),
    };
    out.push((name, text));
}

/// Adds a cookie parameter (`form` style) to the one `Cookie` header of `out`, `; `-separated.
pub fn cookie<T: Serialize + ?Sized>(
    out: &mut Vec<(&'static str, String)>,
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) {
    let mut pairs = String::new();
    query(&mut pairs, name, value, style, explode, false);
    let pairs = pairs.replace('&', "; ");
    match out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case("cookie")) {
        Some((_, existing)) => {
            existing.push_str("; ");
            existing.push_str(&pairs);
        }
        None => out.push(("cookie", pairs)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use Style::*;

    fn q(value: &Value, style: Style, explode: bool) -> String {
        let mut out = String::new();
        query(&mut out, "id", value, style, explode, false);
        out
    }

    // The examples of OpenAPI 3.0.3's style table (§4.7.12.2.2): `id` is 5, [3, 4, 5] or
    // {"firstName": "Alex", "role": "admin"}.
    #[test]
    fn each_style_spells_the_specification_examples() {
        let (prim, list, obj) = (json!(5), json!([3, 4, 5]), json!({"firstName": "Alex", "role": "admin"}));
        let p = |v: &Value, s, e| path("id", v, s, e);
        assert_eq!(
            [p(&prim, Simple, false), p(&list, Simple, false), p(&obj, Simple, false)],
            ["5", "3,4,5", "firstName,Alex,role,admin"]
        );
        assert_eq!(p(&obj, Simple, true), "firstName=Alex,role=admin");
        assert_eq!(
            [p(&prim, Label, false), p(&list, Label, false), p(&obj, Label, false)],
            [".5", ".3,4,5", ".firstName,Alex,role,admin"]
        );
        assert_eq!([p(&list, Label, true), p(&obj, Label, true)], [".3.4.5", ".firstName=Alex.role=admin"]);
        assert_eq!(
            [p(&prim, Matrix, false), p(&list, Matrix, false), p(&obj, Matrix, false)],
            [";id=5", ";id=3,4,5", ";id=firstName,Alex,role,admin"]
        );
        assert_eq!([p(&list, Matrix, true), p(&obj, Matrix, true)], [";id=3;id=4;id=5", ";firstName=Alex;role=admin"]);
        assert_eq!(p(&json!(null), Matrix, false), ";id");
        assert_eq!(
            [q(&prim, Form, true), q(&list, Form, true), q(&obj, Form, true)],
            ["id=5", "id=3&id=4&id=5", "firstName=Alex&role=admin"]
        );
        assert_eq!([q(&list, Form, false), q(&obj, Form, false)], ["id=3,4,5", "id=firstName,Alex,role,admin"]);
        assert_eq!([q(&list, SpaceDelimited, false), q(&list, PipeDelimited, false)], ["id=3%204%205", "id=3|4|5"]);
        assert_eq!(q(&obj, DeepObject, true), "id[firstName]=Alex&id[role]=admin");
    }

    #[test]
    fn delimiters_inside_values_are_encoded_and_deep_values_nest() {
        assert_eq!(q(&json!(["a,b", "c d"]), Form, false), "id=a%2Cb,c%20d");
        assert_eq!(q(&json!({"a": {"b": [1, "x&y"]}}), DeepObject, true), "id[a][b][0]=1&id[a][b][1]=x%26y");
        assert_eq!(q(&json!({"k": "v"}), Json, true), "id=%7B%22k%22%3A%22v%22%7D");
        assert_eq!(path("id", "a/b c?d", Simple, false), "a%2Fb%20c%3Fd");
        assert_eq!(path_segment("ünï-._~"), "%C3%BCn%C3%AF-._~");
        let mut out = String::new();
        query(&mut out, "next", "/a/b?c=d#e", Form, true, true);
        assert_eq!(out, "next=/a/b?c=d%23e");
    }

    #[test]
    fn headers_and_cookies() {
        let mut h = Vec::new();
        header(&mut h, "x-ids", &json!([1, 2]), Simple, false);
        header(&mut h, "x-obj", &json!({"a": "1 2"}), Simple, true);
        cookie(&mut h, "theme", "a b", Form, true);
        cookie(&mut h, "ids", &json!([1, 2]), Form, false);
        assert_eq!(
            h,
            [("x-ids", "1,2".to_string()), ("x-obj", "a=1 2".into()), ("cookie", "theme=a%20b; ids=1,2".into())]
        );
        assert_eq!(text(&vec!["x", "y"]), "x,y");
    }
}
