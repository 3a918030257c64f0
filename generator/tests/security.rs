//! Which credentials a call to an endpoint the document lacks (`Client::call`) sends: the
//! top-level `security`, else the requirement most operations have.

use oapi_generator::{generate_str, Options};

fn settings_security(yaml: &str) -> String {
    let generated = generate_str(yaml, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let code: String = generated.code.split_whitespace().collect();
    let start = code.find("pubstaticSETTINGS").expect("SETTINGS");
    let at = start + code[start..].find("security:").expect("its security");
    code[at..at + code[at..].find("),").expect("end") + 1].to_owned()
}

const SCHEMES: &str = "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n";

#[test]
fn without_a_top_level_requirement_the_most_common_one_is_the_default() {
    let op = |path: &str, security: &str| {
        format!("  {path}:\n    get:\n      security: {security}\n      responses: {{'204': {{description: ok}}}}\n")
    };
    let doc = |ops: &[String], top: &str| {
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{top}paths:\n{}{SCHEMES}", ops.concat())
    };
    // Two operations take the key and one (a sign-up call) takes none: `call` sends the key.
    let mixed = [op("/a", "[{key: []}]"), op("/b", "[{key: []}]"), op("/signup", "[]")];
    assert_eq!(settings_security(&doc(&mixed, "")), "security:::oapi_runtime::Security(&[&[0]])");
    // Most take none: nor does `call`.
    let open = [op("/a", "[]"), op("/b", "[]"), op("/c", "[{key: []}]")];
    assert_eq!(settings_security(&doc(&open, "")), "security:::oapi_runtime::Security(&[])");
    // A top-level requirement wins.
    assert_eq!(settings_security(&doc(&open, "security: [{key: []}]\n")), "security:::oapi_runtime::Security(&[&[0]])");
}
