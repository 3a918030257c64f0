//! Every operation of the API on the wire, against a recording loopback server: the method,
//! the path with its percent-encoded parameters, the query, the API key header (on every call
//! that takes one), the exact body
//! bytes (JSON, or each multipart part), and that a 2xx body in the spec's shape decodes and
//! serializes back to the same JSON (so no field is lost or misnamed).
//!
//! The 2xx bodies are made from the spec's own response schemas (every property filled in), so
//! a schema change reaches this test without anyone writing a new sample.

mod common;

use anchor_api::Client;
use common::operations::{every_operation, parts, Got, Sent};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-every-operation";

fn normalized() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.normalized.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(doc, &doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")]),
        None => schema,
    }
}

/// A value of `schema` with every property filled in: the first enum value, the first branch of
/// a union, one item per array, and a fixed value per type and format.
fn sample(doc: &Value, schema: &Value) -> Value {
    let schema = resolve(doc, schema);
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values[0].clone();
    }
    if let Some(c) = schema.get("const") {
        return c.clone();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(branches) = schema.get(key).and_then(Value::as_array) {
            return sample(doc, &branches[0]);
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(fields) = sample(doc, part) {
                merged.extend(fields);
            }
        }
        return Value::Object(merged);
    }
    let format = schema.get("format").and_then(Value::as_str);
    // A 3.1 type list (`[string, "null"]`): its first type that is not `null`.
    let ty = match schema.get("type") {
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        other => other.and_then(Value::as_str),
    };
    match (ty, format) {
        (Some("string"), Some("uuid")) => json!("6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22"),
        (Some("string"), Some("date-time")) => json!("2025-11-16T12:00:00Z"),
        (Some("string"), Some("uri")) => json!("https://example.com/file"),
        (Some("string"), _) => json!("text"),
        (Some("integer"), _) => json!(7),
        (Some("number"), _) => json!(2.5),
        (Some("boolean"), _) => json!(true),
        (Some("array"), _) => json!([sample(doc, &schema["items"])]),
        _ => match schema.get("properties").and_then(Value::as_object) {
            Some(properties) => Value::Object(properties.iter().map(|(k, s)| (k.clone(), sample(doc, s))).collect()),
            None => json!({}),
        },
    }
}

/// The success response the spec declares for an operation: status, media type, body.
fn success(doc: &Value, method: &str, template: &str) -> (u16, String, Vec<u8>, Option<Value>) {
    let op = &doc["paths"][template][method.to_lowercase()];
    let (status, response) = op["responses"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(s, _)| s.starts_with('2'))
        .unwrap_or_else(|| panic!("{method} {template}: no 2xx response"));
    let (media, content) = response["content"].as_object().unwrap().iter().next().unwrap();
    let (bytes, value) = match media.as_str() {
        "application/json" => {
            let value = sample(doc, &content["schema"]);
            (serde_json::to_vec(&value).unwrap(), Some(value))
        }
        "text/plain" => (b"# Example Domain".to_vec(), None),
        _ => (b"\x89PNG\r\n\x1a\n binary \x00\xff".to_vec(), None),
    };
    (status.parse().unwrap(), media.clone(), bytes, value)
}

#[tokio::test]
async fn every_operation_sends_what_the_spec_says_and_reads_its_success_body() {
    let doc = normalized();
    let server = MockServer::start().await;
    let client = Client::builder(KEY).base_url(server.uri()).allow_http(true).build().unwrap();
    let cases = every_operation(&client);

    let all: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(t, item)| item.as_object().unwrap().keys().map(|m| (m.to_uppercase(), t.clone())))
        .collect();
    let called: BTreeSet<(String, String)> =
        cases.iter().map(|c| (c.method.to_owned(), c.template.to_owned())).collect();
    assert_eq!(all.len(), 136, "the spec has 136 operations");
    assert_eq!(called, all, "every operation is called");

    for case in cases {
        let what = format!("{} {}", case.method, case.template);
        let (status, media, bytes, value) = success(&doc, case.method, case.template);
        server.reset().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_raw(bytes.clone(), &media))
            .expect(1)
            .mount(&server)
            .await;

        let got = case.call.await.unwrap_or_else(|e| panic!("{what}: {e}"));

        let requests = server.received_requests().await.unwrap();
        let [request] = requests.as_slice() else { panic!("{what}: {} requests", requests.len()) };
        assert_eq!(request.method.as_str(), case.method, "{what}");
        let target = match request.url.query() {
            Some(q) => format!("{}?{q}", request.url.path()),
            None => request.url.path().to_owned(),
        };
        assert_eq!(target, case.target, "{what}: path and query");
        // The agent-access calls hand out keys and take none (`security: []`).
        let public = doc["paths"][case.template][case.method.to_lowercase()]["security"] == json!([]);
        let key = request.headers.get("anchor-api-key").map(|v| v.to_str().unwrap());
        assert_eq!(key, (!public).then_some(KEY), "{what}: the API key");
        let content_type = request.headers.get("content-type").map(|v| v.to_str().unwrap().to_owned());
        match &case.sent {
            Sent::Nothing => {
                assert!(request.body.is_empty(), "{what}: no body");
                assert_eq!(content_type, None, "{what}: no content type without a body");
            }
            Sent::Json(text) => {
                assert_eq!(content_type.as_deref(), Some("application/json"), "{what}");
                assert_eq!(String::from_utf8_lossy(&request.body), *text, "{what}: body");
            }
            Sent::Multipart(expected) => {
                let expected: Vec<_> = expected
                    .iter()
                    .map(|(n, f, t, b)| (n.to_string(), f.map(str::to_owned), t.map(str::to_owned), b.clone()))
                    .collect();
                assert_eq!(parts(request), expected, "{what}: multipart parts");
            }
        }
        match (got, value) {
            (Got::Json(decoded), Some(sent)) => assert_eq!(decoded, sent, "{what}: decoded and serialized back"),
            (Got::Text(text), None) => assert_eq!(text.as_bytes(), bytes, "{what}"),
            // A success of several media types, JSON among them, is returned as bytes too.
            (Got::Binary(content_type, body), _) => {
                assert_eq!(content_type.as_deref(), Some(media.as_str()), "{what}");
                assert_eq!(body, bytes, "{what}");
            }
            (got, _) => panic!("{what}: unexpected result {got:?}"),
        }
    }
}
