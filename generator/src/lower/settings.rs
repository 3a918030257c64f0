//! What the API's settings file adds to the model, checked against the document: the client's
//! environment variables and user agent, the operations that wait by design with their own
//! timeout, the types with rules stated only in prose, and whether operations are grouped by
//! tag (paged lists are `paging.rs`'s; `lower` runs them all in order). An entry that names
//! nothing in the document is an error naming the settings file and the entry, since it would
//! otherwise do nothing without a word.

use crate::error::{push_pointer, Error};
use crate::ir::{ClientFacts, Model, TypeKind};
use crate::settings::{ApiSettings, GROUP_BY_TAG_FROM};
use std::collections::BTreeSet;

/// The client's environment variables, user agent and whether its key may be left out.
pub(super) fn client_facts(model: &mut Model, settings: &ApiSettings) {
    let title = &model.info.title;
    let single_key = model.schemes.len() == 1;
    model.client = ClientFacts {
        key_vars: if single_key { settings.key_vars_for(title) } else { Vec::new() },
        base_url_var: settings.base_url_var_for(title),
        user_agent: settings.user_agent.clone(),
        key_optional: single_key
            && model.operations.iter().any(|o| o.security.is_empty() || o.security.iter().any(Vec::is_empty)),
    };
}

/// Whether the operations are grouped by tag behind cargo features: as the settings say, else
/// from [`GROUP_BY_TAG_FROM`] operations with two tags or more.
pub(super) fn groups_by_tag(model: &Model, settings: &ApiSettings) -> bool {
    let tags: BTreeSet<&String> = model.operations.iter().flat_map(|o| &o.tags).collect();
    let by_default = model.operations.len() >= GROUP_BY_TAG_FROM && tags.len() >= 2;
    settings.group_by_tag.unwrap_or(by_default)
}

/// Gives each security scheme its environment variable. With one scheme the key's variables
/// are `key_vars`, with several each scheme's is in `scheme_vars`: an entry in the other place,
/// or one naming no scheme the client sends, is an error.
pub(super) fn scheme_vars(model: &mut Model, settings: &ApiSettings) -> Result<(), Error> {
    let title = model.info.title.clone();
    let single = model.schemes.len() == 1;
    for scheme in &mut model.schemes {
        scheme.var = if single {
            model.client.key_vars.first().cloned().unwrap_or_default()
        } else {
            settings.scheme_var_for(&title, &scheme.name)
        };
    }
    if model.schemes.len() > 1 && !settings.key_vars.is_empty() {
        return Err(settings.error(
            "#/key_vars",
            format!(
                "the API sends {} security schemes, each with its own variable; name them in `scheme_vars` ({{ {} = \"...\" }})",
                model.schemes.len(),
                model.schemes[0].name
            ),
        ));
    }
    for name in settings.scheme_vars.keys() {
        let pointer = push_pointer("#/scheme_vars", name);
        if single {
            return Err(
                settings.error(pointer, "the API sends one security scheme: its key's variables are `key_vars`")
            );
        }
        if !model.schemes.iter().any(|s| s.name == *name) {
            let known: Vec<String> = model.schemes.iter().map(|s| format!("`{}`", s.name)).collect();
            let known = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
            return Err(settings.error(
                pointer,
                format!("`{name}` is not a security scheme an operation sends; the schemes are {known}"),
            ));
        }
    }
    let mut seen = BTreeSet::new();
    for scheme in &model.schemes {
        if !single && !seen.insert(&scheme.var) {
            return Err(settings.error(
                push_pointer("#/scheme_vars", &scheme.name),
                format!("`{}` is the variable of two schemes; give each its own", scheme.var),
            ));
        }
    }
    Ok(())
}

/// Gives each operation that waits by design its own timeout.
pub(super) fn long_calls(model: &mut Model, settings: &ApiSettings) -> Result<(), Error> {
    for (at, call) in settings.long_calls.iter().enumerate() {
        let pointer = format!("#/long_calls/{at}");
        let index = operation_at(model, settings, &pointer, &call.method, &call.path)?;
        let op = &mut model.operations[index];
        if op.timeout.is_some() {
            return Err(settings.error(pointer, format!("`{} {}` is listed twice", op.method, call.path)));
        }
        if call.seconds == 0 {
            return Err(settings.error(pointer, "a timeout of 0 seconds would fail every call; expected at least 1"));
        }
        op.timeout = Some(call.seconds);
    }
    Ok(())
}

/// The index of the operation a settings entry at `pointer` names by method and path, or an
/// error saying what the document has instead.
pub(super) fn operation_at(
    model: &Model,
    settings: &ApiSettings,
    pointer: &str,
    method: &str,
    path: &str,
) -> Result<usize, Error> {
    let method = method.to_ascii_uppercase();
    if let Some(index) = model.operations.iter().position(|o| o.method == method && o.path.text == path) {
        return Ok(index);
    }
    let same_path: Vec<&str> =
        model.operations.iter().filter(|o| o.path.text == path).map(|o| o.method.as_str()).collect();
    let hint = match same_path.as_slice() {
        [] => "expected a path template as the document's `paths` writes it (`/items/{id}`)".to_owned(),
        methods => format!("that path has {}", methods.join(", ")),
    };
    Err(settings.error(pointer, format!("`{method} {path}` is not an operation of the document; {hint}")))
}

/// Names each type's hand-written prose rules; such a type gets a `Validate` implementation.
pub(super) fn prose_rules(model: &mut Model, settings: &ApiSettings) -> Result<(), Error> {
    for (schema, path) in &settings.prose_rules {
        let pointer = push_pointer("#/prose_rules", schema);
        if syn::parse_str::<syn::Path>(path).is_err() {
            return Err(settings.error(
                pointer,
                format!("{path:?} is not a Rust path; expected a path to a function, `crate::<module>::<function>`"),
            ));
        }
        let schema_ptr = push_pointer("#/components/schemas", schema);
        let Some(def) = model.types.values_mut().find(|t| t.pointer == schema_ptr) else {
            return Err(settings.error(
                pointer,
                format!("`{schema}` is not a schema of the document with a type of its own (`components.schemas`)"),
            ));
        };
        if !matches!(def.kind, TypeKind::Struct(_) | TypeKind::Union(_)) {
            return Err(settings.error(
                pointer,
                format!("`{schema}` is not an object or a union, the kinds of type whose values are checked"),
            ));
        }
        def.prose_rules = Some(path.clone());
        def.validates = true;
    }
    Ok(())
}
