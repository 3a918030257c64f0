//! Docs for what the document leaves undescribed, so that every public item says something
//! true: a type is placed by where the document declares it (the `data` property of
//! `OrderResponse`, the request body of `POST /v1/items`), a field by how it goes on the wire.
//! And links relative to the API's documentation site (`[guide](/guide)`), which rustdoc cannot
//! resolve: made absolute when the settings name the site, else reduced to their text.

use crate::error::{push_pointer, split_pointer};
use crate::ir::*;
use std::collections::BTreeMap;

pub(crate) fn fill(model: &mut Model) {
    let named: BTreeMap<String, String> = model.types.values().map(|d| (d.pointer.clone(), d.name.clone())).collect();
    for def in model.types.values_mut() {
        if def.doc.is_none() {
            def.doc = Some(format!("{}.", capitalize(&place(&def.pointer, &named, true))));
        }
        if let TypeKind::Struct(s) = &mut def.kind {
            for f in s.fields.iter_mut().filter(|f| f.doc.is_none()) {
                f.doc = Some(wire_note(f));
            }
        }
    }
}

/// How an undescribed field goes on the wire.
fn wire_note(f: &Field) -> String {
    let mut text = match f.state {
        FieldState::Required | FieldState::Constant => "Required.".to_string(),
        FieldState::RequiredNullable => "Required; `None` is sent as `null`.".to_string(),
        FieldState::Optional | FieldState::Clearable | FieldState::Extra => {
            "Optional; `None` leaves it out.".to_string()
        }
    };
    if f.name != f.wire {
        text.push_str(&format!(" Sent as `{}`.", f.wire));
    }
    text
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Where a schema is declared, in words; `root` is false for a parent being named.
fn place(pointer: &str, named: &BTreeMap<String, String>, root: bool) -> String {
    if !root {
        if let Some(name) = named.get(pointer) {
            return format!("[`{name}`]");
        }
    }
    let segments = split_pointer(pointer);
    let parent = |n: usize| segments[..segments.len() - n].iter().fold(String::from("#"), |p, s| push_pointer(&p, s));
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    match s.as_slice() {
        ["components", "schemas", key] => format!("the `{key}` schema"),
        ["components", kind @ ("responses" | "requestBodies" | "parameters"), key, ..] => {
            let what = match *kind {
                "responses" => "response",
                "requestBodies" => "request body",
                _ => "parameter",
            };
            format!("the shared `{key}` {what}")
        }
        ["paths", path, method, rest @ ..] => {
            let op = format!("`{} {path}`", method.to_ascii_uppercase());
            match rest {
                ["requestBody", ..] => format!("the request body of {op}"),
                ["responses", code, ..] => format!("the {code} response of {op}"),
                _ => format!("a parameter of {op}"),
            }
        }
        [.., "properties", name] => format!("the `{name}` property of {}", place(&parent(2), named, false)),
        [.., "items"] => format!("an item of {}", place(&parent(1), named, false)),
        [.., "additionalProperties"] => format!("a value of the map in {}", place(&parent(1), named, false)),
        [.., kind @ ("oneOf" | "anyOf" | "allOf"), index] => {
            format!("part {index} of the `{kind}` of {}", place(&parent(2), named, false))
        }
        _ => format!("the schema at `{pointer}`"),
    }
}

/// Makes every relative link of the model's texts absolute under `site`, or reduces it to its
/// text without one (see the module docs).
pub(crate) fn links(model: &mut Model, site: Option<&str>) {
    let site = site.map(|site| format!("]({}/", site.trim_end_matches('/')));
    let mend = |text: &mut Option<String>| {
        let Some(t) = text.as_mut().filter(|t| t.contains("](/")) else { return };
        *t = match &site {
            Some(site) => t.replace("](/", site),
            None => t.split('\n').map(drop_relative_links).collect::<Vec<_>>().join("\n"),
        };
    };
    mend(&mut model.info.description);
    for def in model.types.values_mut() {
        mend(&mut def.doc);
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| mend(&mut f.doc)),
            TypeKind::Enum(e) => e.variants.iter_mut().for_each(|v| mend(&mut v.doc)),
            TypeKind::Union(_) | TypeKind::Alias(_) => {}
        }
    }
    for op in &mut model.operations {
        mend(&mut op.doc);
        op.params.iter_mut().for_each(|p| mend(&mut p.doc));
        op.errors.iter_mut().for_each(|e| mend(&mut e.doc));
    }
}

/// `see [the guide](/guide) for more` -> `see the guide for more`.
fn drop_relative_links(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("](/") {
        let (before, after) = (&rest[..at], &rest[at + 2..]);
        match (before.rfind('['), after.find(')')) {
            (Some(open), Some(close)) => {
                out.push_str(&before[..open]);
                out.push_str(&before[open + 1..]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..at + 3]);
                rest = &rest[at + 3..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_as_where_the_document_declares_the_schema() {
        let named = BTreeMap::from([("#/components/schemas/Order".to_string(), "Order".to_string())]);
        let at = |p: &str| place(p, &named, true);
        assert_eq!(at("#/components/schemas/Order/properties/data"), "the `data` property of [`Order`]");
        assert_eq!(
            at("#/components/schemas/Order/properties/data/properties/items/items"),
            "an item of the `items` property of the `data` property of [`Order`]"
        );
        assert_eq!(
            at("#/paths/~1v1~1items/post/requestBody/content/application~1json/schema"),
            "the request body of `POST /v1/items`"
        );
        assert_eq!(
            at("#/paths/~1v1~1items/get/responses/404/content/application~1json/schema"),
            "the 404 response of `GET /v1/items`"
        );
        assert_eq!(at("#/components/schemas/A~1B"), "the `A/B` schema");
    }

    mod links {
        use crate::load::load_str;
        use crate::lower::lower;
        use crate::settings::ApiSettings;

        #[test]
        fn relative_doc_links_become_absolute_or_plain_text() {
            let doc = load_str(
                "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      description: See [guides](/advanced/guide) and [x](https://a.b/c).\n      type: object\n",
            )
            .unwrap();
            let pet_doc = |docs_url: Option<&str>| {
                let settings = ApiSettings { docs_url: docs_url.map(str::to_owned), ..ApiSettings::default() };
                lower(&doc, &settings).unwrap().types["Pet"].doc.clone().unwrap()
            };
            assert_eq!(
                pet_doc(Some("https://docs.example.com/")),
                "See [guides](https://docs.example.com/advanced/guide) and [x](https://a.b/c)."
            );
            assert_eq!(pet_doc(None), "See guides and [x](https://a.b/c).");
        }
    }
}
