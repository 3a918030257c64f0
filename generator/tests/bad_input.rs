//! Bad documents fail with one message naming the file and JSON pointer, never a panic.

use oapi_generator::{generate_file, generate_str, Options};

fn err(text: &str) -> String {
    generate_str(text, &Options::default()).unwrap_err().to_string()
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

#[test]
fn malformed_yaml_names_the_line() {
    let e = generate_str("openapi: 3.0.3\ninfo: [unclosed\n", &Options::default()).unwrap_err();
    assert_eq!(e.pointer, "#");
    assert!(e.line.is_some(), "{e:?}");
    assert!(e.message.starts_with("malformed YAML/JSON"), "{e}");
}

#[test]
fn a_key_written_twice_is_refused_not_overwritten() {
    let doc = format!("{HEAD}components:\n  schemas:\n    A: {{type: string}}\n    A: {{type: integer}}\n");
    let e = generate_str(&doc, &Options::default()).unwrap_err();
    // The line where the mapping holding both starts.
    assert_eq!(e.line, Some(6), "{e:?}");
    assert!(e.message.starts_with(r#"malformed YAML/JSON: components.schemas: duplicate entry with key "A""#), "{e}");
    let json = r#"{"openapi": "3.0.3", "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
    assert!(err(json).contains(r#"duplicate entry with key "openapi""#), "{}", err(json));
}

#[test]
fn empty_and_foreign_documents() {
    assert_eq!(err("  \n"), "at #: the document is empty; expected an OpenAPI 3.x document");
    assert_eq!(
        err("swagger: '2.0'\n"),
        "at #/swagger: Swagger 2.0 is not supported; convert the document to OpenAPI 3.x"
    );
    assert_eq!(err("name: x\n"), "at #: not an OpenAPI document: expected an `openapi: 3.x` field");
    assert_eq!(
        err("openapi: 4.0.0\n"),
        r#"at #/openapi: unsupported OpenAPI version "4.0.0"; expected 3.0.x or 3.1.x"#
    );
}

#[test]
fn invalid_structure_names_the_pointer() {
    let e =
        generate_str("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: 5\n", &Options::default()).unwrap_err();
    assert_eq!(e.pointer, "#/paths");
    assert!(e.message.starts_with("invalid OpenAPI"), "{e}");
}

#[test]
fn unresolvable_and_external_refs() {
    let doc = format!("{HEAD}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Missing'}}\n");
    assert_eq!(
        err(&doc),
        r##"at #/components/schemas/A/properties/b: $ref "#/components/schemas/Missing" points at no schema in components.schemas"##
    );
    let doc = format!("{HEAD}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: 'other.yaml#/B'}}\n");
    assert!(err(&doc).starts_with(r#"at #/components/schemas/A/properties/b: unsupported $ref "other.yaml#/B""#));
}

#[test]
fn a_schema_that_is_only_itself_is_refused() {
    let doc = format!("{HEAD}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/A'}}\n");
    assert_eq!(err(&doc), "at #/components/schemas/A: a chain of $refs that never reaches a schema (reference cycle)");
}

#[test]
fn alias_cycles_are_refused() {
    let doc = format!("{HEAD}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n");
    assert_eq!(err(&doc), "at #/components/schemas/A: a chain of $refs that never reaches a schema (reference cycle)");
}

#[test]
fn all_of_cycles_are_refused() {
    let doc = format!(
        "{HEAD}components:\n  schemas:\n    A: {{allOf: [{{$ref: '#/components/schemas/B'}}]}}\n    B: {{allOf: [{{$ref: '#/components/schemas/A'}}]}}\n"
    );
    assert_eq!(
        err(&doc),
        "at #/components/schemas/A: `A` is defined only through itself (reference cycle); it cannot be a type"
    );
    let doc = format!("{HEAD}components:\n  schemas:\n    A: {{allOf: [{{$ref: '#/components/schemas/A'}}]}}\n");
    assert_eq!(
        err(&doc),
        "at #/components/schemas/A: `A` is defined only through itself (reference cycle); it cannot be a type"
    );
}

#[test]
fn operation_error_enum_names_never_clash_with_schemas() {
    let doc = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      summary: Get X\n      responses:\n        '404': {description: no, content: {application/json: {schema: {type: string}}}}\ncomponents:\n  schemas:\n    GetXError: {type: string}\n";
    let code = generate_str(doc, &Options::default()).unwrap().code;
    assert!(code.contains("    pub type GetXError = ::std::string::String;"), "{code}");
    assert!(code.contains("    pub enum GetXError2 {"), "{code}");
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let nested = |levels: usize| {
        let mut schema = String::from("{type: string}");
        for _ in 0..levels {
            schema = format!("{{type: object, properties: {{x: {schema}}}}}");
        }
        format!("{HEAD}components:\n  schemas:\n    A: {schema}\n")
    };
    // Deep enough for the generator's own limit...
    let e = err(&nested(45));
    assert!(e.contains("schemas nested more than 40 levels deep"), "{}", &e[..e.len().min(300)]);
    // ...and deeper still, where the YAML reader's limit answers first.
    let e = err(&nested(500));
    assert!(e.contains("recursion limit exceeded"), "{}", &e[..e.len().min(300)]);
}

#[test]
fn file_errors_name_the_file() {
    let e = generate_file(std::path::Path::new("/nonexistent/spec.yaml"), &Options::default()).unwrap_err();
    assert!(e.to_string().starts_with("/nonexistent/spec.yaml: at #: cannot read the file"), "{e}");
    let dir = std::env::temp_dir().join(format!("gen-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join("binary.yaml");
    std::fs::write(&bin, [0xff, 0xfe, 0x00, 0x01]).unwrap();
    let e = generate_file(&bin, &Options::default()).unwrap_err();
    assert!(e.to_string().contains("binary.yaml: at #: expected a UTF-8 YAML or JSON document"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_path_placeholder_nobody_declares_is_a_string_argument_with_a_warning() {
    let doc = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /items/{id}:\n    get:\n      responses:\n        '204': {description: gone}\n";
    let generated = generate_str(doc, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let warning = generated.warnings.iter().find(|w| w.pointer == "#/paths/~1items~1{id}/get").expect("a warning");
    assert_eq!(
        warning.message,
        "path parameter `{id}` of \"/items/{id}\" is not declared; taken as a required string argument `id`"
    );
    assert!(generated.code.contains("id: impl ::std::fmt::Display"), "{}", generated.code);
}

#[test]
fn duplicate_operation_ids_are_refused_naming_both_places() {
    let doc = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {operationId: list, responses: {'200': {description: ok}}}\n  /b:\n    get: {operationId: list, responses: {'200': {description: ok}}}\n";
    assert_eq!(
        err(doc),
        r#"at #/paths/~1b/get/operationId: operationId "list" is already used at #/paths/~1a/get; operationIds must be unique"#
    );
}

#[test]
fn all_of_merges_that_include_themselves_are_refused() {
    let doc = format!(
        "{HEAD}components:\n  schemas:\n    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n        - {{type: object, properties: {{a: {{type: string}}}}}}\n    B:\n      allOf:\n        - {{type: object, properties: {{b: {{type: string}}}}}}\n        - $ref: '#/components/schemas/A'\n"
    );
    assert_eq!(
        err(&doc),
        "at #/components/schemas/B/allOf/1: #/components/schemas/A includes itself through allOf (reference cycle); it cannot be a type"
    );
}

/// Settings entries that name nothing in the document fail with the settings file and entry.
#[test]
fn settings_that_name_nothing_in_the_document_are_refused_naming_the_entry() {
    let dir = std::env::temp_dir().join(format!("gen-bad-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("api.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /jobs/{id}/wait:\n    post:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: done}}\ncomponents:\n  schemas:\n    Name: {type: string}\n",
    )
    .unwrap();
    let toml = dir.join("api.toml");
    let generate = |settings: &str| {
        std::fs::write(&toml, settings).unwrap();
        let settings = oapi_generator::ApiSettings::beside(&spec).unwrap();
        generate_file(&spec, &Options { settings, ..Options::default() })
    };
    let long_call =
        |method: &str, path: &str| format!("[[long_calls]]\nmethod = \"{method}\"\npath = \"{path}\"\nseconds = 600\n");
    let shown = toml.display();

    let e = generate(&long_call("POST", "/jobs/{id}/wiat")).unwrap_err();
    assert_eq!(e.file.as_deref(), Some(toml.as_path()));
    assert_eq!(
        e.to_string(),
        format!("{shown}: at #/long_calls/0: `POST /jobs/{{id}}/wiat` is not an operation of the document; expected a path template as the document's `paths` writes it (`/items/{{id}}`)")
    );
    let e = generate(&long_call("GET", "/jobs/{id}/wait")).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{shown}: at #/long_calls/0: `GET /jobs/{{id}}/wait` is not an operation of the document; that path has POST")
    );
    let twice = format!("{}{}", long_call("post", "/jobs/{id}/wait"), long_call("POST", "/jobs/{id}/wait"));
    assert_eq!(
        generate(&twice).unwrap_err().to_string(),
        format!("{shown}: at #/long_calls/1: `POST /jobs/{{id}}/wait` is listed twice")
    );

    let e = generate("[prose_rules]\nNmae = \"crate::prose::name\"\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{shown}: at #/prose_rules/Nmae: `Nmae` is not a schema of the document with a type of its own (`components.schemas`)")
    );
    let e = generate("[prose_rules]\nName = \"crate::prose::name\"\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{shown}: at #/prose_rules/Name: `Name` is not an object or a union, the kinds of type whose values are checked")
    );

    // Spelled right, the call carries its own timeout.
    let code = generate(&long_call("post", "/jobs/{id}/wait")).unwrap().code;
    let flat: String = code.split_whitespace().collect();
    assert!(flat.contains("timeout:::std::option::Option::Some(::std::time::Duration::from_secs(600u64),)"), "{code}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_placeholder_written_twice_and_never_declared_is_one_argument() {
    let doc = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{x}/b/{x}:\n    get:\n      responses:\n        '204': {description: gone}\n";
    let generated = generate_str(doc, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.warnings.iter().filter(|w| w.message.contains("is not declared")).count(), 1);
    assert!(generated.code.contains("pub fn get_a_x_b_x(&self, x: impl ::std::fmt::Display)"), "{}", generated.code);
    assert!(!generated.code.contains("x_:"), "{}", generated.code);
}

/// Credential variables: `key_vars` for an API with one scheme, `scheme_vars` for one with several;
/// an entry in the wrong place, naming no scheme, or shared by two schemes is refused.
#[test]
fn credential_variables_in_the_wrong_place_are_refused_naming_the_entry() {
    let dir = std::env::temp_dir().join(format!("gen-credential-vars-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("api.yaml");
    let toml = dir.join("api.toml");
    let shown = toml.display();
    let document = |security: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: Pay API, version: '1'}}\nsecurity: [{security}]\npaths:\n  /a:\n    get:\n      responses: {{'204': {{description: ok}}}}\ncomponents:\n  securitySchemes:\n    clientId: {{type: apiKey, in: header, name: X-Client-Id}}\n    secret: {{type: apiKey, in: header, name: X-Secret}}\n    unused: {{type: http, scheme: bearer}}\n"
        )
    };
    let generate = |security: &str, settings: &str| {
        std::fs::write(&spec, document(security)).unwrap();
        std::fs::write(&toml, settings).unwrap();
        let settings = oapi_generator::ApiSettings::beside(&spec).unwrap();
        generate_file(&spec, &Options { settings, ..Options::default() })
    };
    let both = "{clientId: [], secret: []}";
    assert_eq!(
        generate(both, "key_vars = [\"PAY_KEY\"]\n").unwrap_err().to_string(),
        format!("{shown}: at #/key_vars: the API sends 2 security schemes, each with its own variable; name them in `scheme_vars` ({{ clientId = \"...\" }})")
    );
    assert_eq!(
        generate(both, "[scheme_vars]\nunused = \"PAY_UNUSED\"\n").unwrap_err().to_string(),
        format!("{shown}: at #/scheme_vars/unused: `unused` is not a security scheme an operation sends; the schemes are `clientId`, `secret`")
    );
    assert_eq!(
        generate(both, "[scheme_vars]\nclientId = \"PAY_SECRET\"\n").unwrap_err().to_string(),
        format!("{shown}: at #/scheme_vars/secret: `PAY_SECRET` is the variable of two schemes; give each its own")
    );
    assert_eq!(
        generate("{clientId: []}", "[scheme_vars]\nclientId = \"PAY_ID\"\n").unwrap_err().to_string(),
        format!(
            "{shown}: at #/scheme_vars/clientId: the API sends one security scheme: its key's variables are `key_vars`"
        )
    );
    // Named right, each scheme reads its own variable; the derived name is the title's and the scheme's.
    let code = generate(both, "[scheme_vars]\nclientId = \"PAY_ID\"\n").unwrap().code;
    assert!(code.contains(r#"var: "PAY_ID""#) && code.contains(r#"var: "PAY_SECRET""#), "{code}");
    assert!(!code.contains("\"unused\""), "a scheme no operation sends gets no setter");
    std::fs::remove_dir_all(&dir).ok();
}

/// A paged list declared wrong fails with the settings entry's key and what would fit.
#[test]
fn paging_settings_that_do_not_fit_the_operation_are_refused_naming_the_key() {
    let dir = std::env::temp_dir().join(format!("gen-bad-paging-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("api.yaml");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/paging.yaml");
    std::fs::copy(fixture, &spec).unwrap();
    let toml = dir.join("api.toml");
    let shown = toml.display().to_string();
    let refused = |entry: &str| {
        std::fs::write(&toml, format!("[[paging]]\nmethod = \"GET\"\n{entry}")).unwrap();
        let settings = oapi_generator::ApiSettings::beside(&spec).unwrap();
        let e = generate_file(&spec, &Options { settings, ..Options::default() }).unwrap_err();
        assert_eq!(e.file.as_deref(), Some(toml.as_path()));
        e.to_string().replacen(&format!("{shown}: "), "", 1)
    };
    let cases = [
        (
            "path = \"/entries\"\nstyle = \"pages\"\nitems = \"/data/entries\"\n",
            "at #/paging/0/style: unknown style \"pages\"; expected `page`, `offset` or `cursor`",
        ),
        (
            "path = \"/entrys\"\nstyle = \"page\"\nitems = \"/data/entries\"\n",
            "at #/paging/0: `GET /entrys` is not an operation of the document; expected a path template as the document's `paths` writes it (`/items/{id}`)",
        ),
        (
            "path = \"/entries\"\nstyle = \"offset\"\nitems = \"/data/entries\"\n",
            "at #/paging/0/style: `GET /entries` has no query parameter `offset`; its query parameters are: page, per_page",
        ),
        (
            "path = \"/entries\"\nstyle = \"page\"\nitems = \"/data/entrys\"\n",
            "at #/paging/0/items: `/data` has no property `entrys`; its properties are: entries, total_pages",
        ),
        (
            "path = \"/entries\"\nstyle = \"page\"\nitems = \"/data/total_pages\"\n",
            "at #/paging/0/items: `/data/total_pages` is not an array (the page's items)",
        ),
        (
            "path = \"/entries\"\nstyle = \"page\"\nitems = \"data/entries\"\n",
            "at #/paging/0/items: \"data/entries\" is not a JSON pointer; expected one like `/data/items` (or \"\" for the body)",
        ),
        (
            "path = \"/entries\"\nstyle = \"page\"\nitems = \"/data/entries/0\"\n",
            "at #/paging/0/items: `/data/entries` is not an object with properties, so `/data/entries/0` cannot go into it",
        ),
        (
            "path = \"/entries\"\nstyle = \"page\"\nitems = \"/data/entries\"\nhas_more = \"/data/total_pages\"\n",
            "at #/paging/0/has_more: `/data/total_pages` is not a boolean",
        ),
        (
            "path = \"/entries\"\nstyle = \"page\"\nparam = \"per_page\"\nitems = \"/data/entries\"\nnext = \"/data/total_pages\"\n",
            "at #/paging/0/next: only the `cursor` style reads a next cursor",
        ),
        (
            "path = \"/folders/{id}/files\"\nstyle = \"cursor\"\nparam = \"after\"\nitems = \"/files\"\n",
            "at #/paging/0: the `cursor` style needs `next`, the pointer to the next page's cursor",
        ),
        (
            "path = \"/rows\"\nstyle = \"cursor\"\nparam = \"skip\"\nitems = \"/rows\"\nnext = \"/total\"\n",
            "at #/paging/0/param: the `skip` parameter cannot hold a cursor; expected a string",
        ),
        (
            "path = \"/rows\"\nstyle = \"offset\"\nparam = \"skip\"\nfirst = 0\nitems = \"/rows\"\n",
            "at #/paging/0/first: only the `page` style has a first page number",
        ),
    ];
    for (entry, expected) in cases {
        assert_eq!(refused(entry), expected, "{entry}");
    }
    let twice = "path = \"/bare\"\nstyle = \"page\"\nitems = \"\"\n[[paging]]\nmethod = \"GET\"\npath = \"/bare\"\nstyle = \"page\"\nitems = \"\"\n";
    assert_eq!(refused(twice), "at #/paging/1: `GET /bare` is listed twice");
    std::fs::remove_dir_all(&dir).ok();
}
