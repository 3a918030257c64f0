//! Paths -> [`Operation`]s: names, JSON bodies, typed responses per status, API-key security;
//! the parameters are `params.rs`'s.

use super::refs::{body_as_response, item, response_as_body, shared_hint, shared_or_neighbour, Neighbour};
use super::{field_name, type_name, Lowerer};
use crate::error::{push_pointer, Error};
use crate::ir::*;
use crate::load::SchemaRef;
use crate::names::reserved;
use openapiv3::{ReferenceOr, StatusCode};
use std::collections::BTreeMap;

/// A media type without its parameters (`text/plain; charset=utf-8` -> `text/plain`).
pub(super) fn media_type(mime: &str) -> &str {
    mime.split(';').next().unwrap_or(mime).trim()
}

/// Whether a media type (without parameters) is JSON: `application/json` or `…+json`.
pub(super) fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json")
}

/// The JSON media type of a content map, if any (`application/json`, `application/problem+json`).
fn json_schema(content: &indexmap::IndexMap<String, openapiv3::MediaType>) -> Option<(&str, SchemaRef<'_>)> {
    content
        .iter()
        .find(|(mime, _)| is_json(media_type(mime)))
        .and_then(|(mime, m)| m.schema.as_ref().map(|s| (mime.as_str(), SchemaRef::from(s))))
}

/// How a success body is read: as its JSON type when JSON is all the response declares, or when
/// the other types only restate the same data in another syntax (XML, YAML: the JSON reading is
/// the one the type describes); as text when every media type is text; else as bytes with their
/// content type, since the server may answer with any of the declared kinds (a page, a PDF, a
/// CSV file) and bytes lose none of them (warned about when JSON is among them, as the JSON type
/// is then not what the method returns).
fn success_body(
    l: &mut Lowerer<'_>,
    json: Option<TypeRef>,
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    ptr: &str,
) -> SuccessBody {
    let media: Vec<&str> = content.keys().map(|m| media_type(m)).collect();
    let others: Vec<&str> = media.iter().copied().filter(|m| !is_json(m) && !restates_data(m)).collect();
    match json {
        Some(ty) if others.is_empty() => SuccessBody::Json(ty),
        Some(_) => {
            l.warn(
                ptr,
                format!(
                    "the success body may be JSON or {}; the method returns the bytes with their content type (`Binary`), to be read by that type",
                    others.join(", ")
                ),
            );
            SuccessBody::Binary
        }
        None if media.is_empty() => SuccessBody::Empty,
        None if media.iter().all(|m| m.starts_with("text/")) => SuccessBody::Text,
        None => SuccessBody::Binary,
    }
}

/// Whether a media type is a syntax for structured data beside JSON (XML, YAML), which a
/// response lists as another spelling of the same schema.
fn restates_data(media: &str) -> bool {
    matches!(media, "application/xml" | "text/xml" | "application/yaml" | "application/x-yaml" | "text/yaml")
        || media.ends_with("+xml")
        || media.ends_with("+yaml")
}

/// The variant name for a status range (`4XX` -> `ClientError`).
fn range_name(first_digit: u16) -> String {
    match first_digit {
        1 => "Informational".into(),
        2 => "Success".into(),
        3 => "Redirection".into(),
        4 => "ClientError".into(),
        5 => "ServerError".into(),
        d => format!("Status{d}xx"),
    }
}

/// A path template split into literal text and `{name}` placeholders; a `{` left open or a
/// `{}` without a name is an error, since no request could be built from it.
fn parse_template(path: &str, path_ptr: &str) -> Result<PathTemplate, Error> {
    let mut pieces = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            return Err(Error::at(path_ptr, format!("the path template {path:?} opens a `{{` it never closes")));
        };
        let name = &rest[start + 1..start + len];
        if name.is_empty() || name.contains('{') {
            return Err(Error::at(
                path_ptr,
                format!("the path template {path:?} has a placeholder without a name; expected `{{name}}`"),
            ));
        }
        if start > 0 {
            pieces.push(PathPiece::Literal(rest[..start].to_string()));
        }
        pieces.push(PathPiece::Placeholder(name.to_string()));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        pieces.push(PathPiece::Literal(rest.to_string()));
    }
    Ok(PathTemplate { text: path.to_string(), pieces })
}

/// Lowers every operation of the document's paths, sorted by name.
pub(super) fn lower_operations(l: &mut Lowerer<'_>) -> Result<(), Error> {
    let api = &l.doc.api;
    let mut by_name: BTreeMap<String, Operation> = BTreeMap::new();
    // Operation names, numbered only when two of the document's own clash.
    let mut op_names = std::collections::BTreeSet::new();
    // Names in the `calls` module, which spells every std name in full.
    let mut call_names = std::collections::BTreeSet::new();
    // operationId -> where it was first seen: the specification requires them to be unique.
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    for (path, item_ref) in &api.paths.paths {
        let path_ptr = push_pointer("#/paths", path);
        let path_item = item(item_ref, &path_ptr)?;
        let template = parse_template(path, &path_ptr)?;
        for (method, op) in path_item.iter() {
            let ptr = push_pointer(&path_ptr, method);
            if let Some(id) = &op.operation_id {
                if let Some(first) = ids.insert(id, ptr.clone()) {
                    return Err(Error::at(
                        format!("{ptr}/operationId"),
                        format!("operationId {id:?} is already used at {first}; operationIds must be unique"),
                    ));
                }
            }
            let name = operation_name(l, &mut op_names, op, method, path, &ptr);
            let type_base = type_name(&name);
            let call = crate::names::claim(&mut call_names, &type_base, "");
            let params =
                super::params::lower_params(l, &template, &path_ptr, &path_item.parameters, &ptr, &op.parameters, &type_base)?;

            let body = match &op.request_body {
                Some(rb) => lower_body(l, rb, &ptr, &type_base)?,
                None => None,
            };

            let (success, errors) = lower_responses(l, op, &ptr, &type_base)?;
            let error_type = (!errors.is_empty()).then(|| l.unique(&format!("{type_base}Error")));

            let server = super::servers::operation_server(l, &path_item.servers, &path_ptr, &op.servers, &ptr);
            let requirements = op.security.as_ref().or(api.security.as_ref());
            let security = match requirements {
                None => Vec::new(),
                Some(reqs) => super::security::requirement(l, reqs, &ptr),
            };
            let doc = match (&op.summary, &op.description) {
                (Some(s), Some(d)) => Some(format!("{}\n\n{}", s.trim(), d.trim())),
                (Some(t), None) | (None, Some(t)) => Some(t.trim().to_string()),
                (None, None) => None,
            };
            by_name.insert(
                name.clone(),
                Operation {
                    name,
                    call,
                    method: method.to_ascii_uppercase(),
                    path: template.clone(),
                    doc,
                    body,
                    success,
                    errors,
                    error_type,
                    security,
                    params,
                    server,
                    deprecated: op.deprecated,
                    tags: op.tags.clone(),
                    gate: Vec::new(),
                    timeout: None,
                    paging: None,
                },
            );
        }
    }
    l.model.operations = by_name.into_values().collect();
    Ok(())
}

/// An operation's method name: from its `operationId`, else its summary, else method and path;
/// numbered when two of the document's own clash, and moved aside from the client's methods.
fn operation_name(
    l: &mut Lowerer<'_>,
    op_names: &mut std::collections::BTreeSet<String>,
    op: &openapiv3::Operation,
    method: &str,
    path: &str,
    ptr: &str,
) -> String {
    let base = match (&op.operation_id, &op.summary) {
        (Some(id), _) => field_name(id),
        (None, Some(summary)) => field_name(summary),
        (None, None) => field_name(&format!("{method} {path}")),
    };
    // A method the generated `Client` has itself (`new`, `builder`) cannot be an
    // operation's too: the operation's name says what it is.
    let clashes = reserved::CLIENT_METHODS.contains(&base.as_str());
    let own = if clashes { format!("{base}_operation") } else { base.clone() };
    let name = crate::names::claim(op_names, &own, "_");
    if clashes {
        l.warn(ptr, format!("`{base}` is a method of the client itself; the operation is named `{name}`"));
    } else if name != own {
        l.warn(ptr, format!("operation name `{own}` is taken by another operation; named `{name}`"));
    }
    name
}

/// Every declared response of an operation, in order (exact codes, ranges such as `4XX`, then
/// `default`): the success the method returns (the lowest exact 2xx code, `2XX` only without
/// one; an empty 200 when none is declared) and the typed error bodies.
fn lower_responses(
    l: &mut Lowerer<'_>,
    op: &openapiv3::Operation,
    ptr: &str,
    type_base: &str,
) -> Result<(Success, Vec<ErrorResponse>), Error> {
    let api = &l.doc.api;
    let mut declared: Vec<(StatusMatch, &ReferenceOr<openapiv3::Response>)> = op
        .responses
        .responses
        .iter()
        .map(|(status, r)| match status {
            StatusCode::Code(c) => (StatusMatch::Code(*c), r),
            StatusCode::Range(r100) => (StatusMatch::Range(*r100), r),
        })
        .chain(op.responses.default.iter().map(|r| (StatusMatch::Default, r)))
        .collect();
    declared.sort_by_key(|(m, _)| *m);
    let mut success: Option<Success> = None;
    let mut errors = Vec::new();
    for (status, resp) in declared {
        let (key, variant) = match status {
            StatusMatch::Code(code) => {
                let reason =
                    http::StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason()).unwrap_or("");
                let variant = if reason.is_empty() { format!("Status{code}") } else { type_name(reason) };
                (code.to_string(), variant)
            }
            StatusMatch::Range(r) => (format!("{r}XX"), range_name(r)),
            StatusMatch::Default => ("default".to_string(), "Default".to_string()),
        };
        let r_ptr = push_pointer(&format!("{ptr}/responses"), &key);
        let bodies = |n: &str| api.components.as_ref().and_then(|c| c.request_bodies.get(n));
        let (resp, r_ptr) = shared_or_neighbour(
            l,
            resp,
            &r_ptr,
            "responses",
            |n| api.components.as_ref().and_then(|c| c.responses.get(n)),
            Neighbour { kind: "requestBodies", entries: &bodies, read_as: body_as_response },
        )?;
        let ty = match json_schema(&resp.content) {
            Some((mime, s)) => {
                let s_ptr = format!("{}/schema", push_pointer(&format!("{r_ptr}/content"), mime));
                let hint = shared_hint(&r_ptr).unwrap_or_else(|| format!("{type_base}{variant}Response"));
                Some(l.lower_ref(s, &hint, &s_ptr, 0)?)
            }
            None => None,
        };
        let is_success = match status {
            StatusMatch::Code(c) => (200..300).contains(&c),
            StatusMatch::Range(r) => r == 2,
            // `default` covers success statuses too, but a listed success is what the
            // method returns; the rest of `default` is typed as an error body.
            StatusMatch::Default => false,
        };
        if is_success {
            // The lowest exact code wins; `2XX` only when no exact code is listed.
            if success.is_none() {
                let body = success_body(l, ty, &resp.content, &r_ptr);
                success = Some(Success { status, body });
            }
        } else if let Some(ty) = ty {
            let doc = Some(resp.description.trim().to_string()).filter(|d| !d.is_empty());
            errors.push(ErrorResponse { status, variant, ty, doc });
        }
    }
    let success = success.unwrap_or(Success { status: StatusMatch::Code(200), body: SuccessBody::Empty });
    Ok((success, errors))
}

/// The request body, by the first media type the client can send, in this order: JSON,
/// `multipart/form-data`, `application/x-www-form-urlencoded`, else the first one listed, sent
/// as it is (text from a string, anything else from a [`TypeRef::File`]).
fn lower_body(
    l: &mut Lowerer<'_>,
    rb: &ReferenceOr<openapiv3::RequestBody>,
    op_ptr: &str,
    type_base: &str,
) -> Result<Option<Body>, Error> {
    let api = &l.doc.api;
    let responses = |n: &str| api.components.as_ref().and_then(|c| c.responses.get(n));
    let (rb, rb_ptr) = shared_or_neighbour(
        l,
        rb,
        &format!("{op_ptr}/requestBody"),
        "requestBodies",
        |n| api.components.as_ref().and_then(|c| c.request_bodies.get(n)),
        Neighbour { kind: "responses", entries: &responses, read_as: response_as_body },
    )?;
    let find = |wanted: fn(&str) -> bool| rb.content.iter().find(|(mime, _)| wanted(media_type(mime)));
    let (mime, media, encoding) = if let Some((m, media)) = find(is_json) {
        (m, media, Encoding::Json)
    } else if let Some((m, media)) = find(|m| m == "multipart/form-data") {
        (m, media, Encoding::Multipart)
    } else if let Some((m, media)) = find(|m| m == "application/x-www-form-urlencoded") {
        (m, media, Encoding::UrlEncoded(Vec::new()))
    } else {
        match rb.content.iter().next() {
            Some((m, media)) if !m.contains('*') => (m, media, Encoding::Raw(m.clone())),
            _ => {
                l.warn_wire(&rb_ptr, "request body of a wildcard media type or none; the operation sends no body");
                return Ok(None);
            }
        }
    };
    let schema_ptr = format!("{}/schema", push_pointer(&format!("{rb_ptr}/content"), mime));
    let hint = shared_hint(&rb_ptr).unwrap_or_else(|| format!("{type_base}Body"));
    let ty = match (&encoding, &media.schema) {
        (Encoding::Raw(_), _) if mime.starts_with("text/") => TypeRef::String,
        (Encoding::Raw(_), _) => TypeRef::File,
        (Encoding::Json, None) => TypeRef::Json,
        (Encoding::Multipart, Some(s)) => {
            match l.lower_form(s.into(), &format!("{type_base}Form"), &schema_ptr, &media.encoding)? {
                Some(form) => form,
                None => {
                    l.warn_wire(&rb_ptr, "a multipart body whose schema is not an object; the operation sends no body");
                    return Ok(None);
                }
            }
        }
        (_, Some(s)) => l.lower_ref(s.into(), &hint, &schema_ptr, 0)?,
        (_, None) => {
            l.warn_wire(&rb_ptr, format!("a {mime} body without a schema; the operation sends no body"));
            return Ok(None);
        }
    };
    // A JSON body that can only be `{}` is no argument: sent when required, else left out.
    let closed_empty = |name: &str| matches!(l.model.types.get(name), Some(TypeDef { kind: TypeKind::Struct(s), .. }) if s.fields.is_empty());
    if let (Encoding::Json, TypeRef::Named(name)) = (&encoding, &ty) {
        if closed_empty(name) {
            return Ok(rb.required.then(|| Body { ty: ty.clone(), required: true, encoding: Encoding::EmptyObject }));
        }
    }
    let encoding = match encoding {
        Encoding::UrlEncoded(_) => Encoding::UrlEncoded(form_fields(l, &ty, media, &schema_ptr)),
        other => other,
    };
    Ok(Some(Body { ty, required: rb.required, encoding }))
}

/// How each property of a URL-encoded form body is spelled: as its `encoding` entry says
/// (`style` default `form`, `explode` default true for `form`), else `form` exploded; an object,
/// or a list holding objects or lists, which `form` cannot spell, without an entry goes in the
/// bracket convention (`deepObject`: `a[b]=c`, `a[0][b]=c`), with a warning.
fn form_fields(l: &mut Lowerer<'_>, ty: &TypeRef, media: &openapiv3::MediaType, schema_ptr: &str) -> Vec<FormField> {
    use openapiv3::QueryStyle;
    let TypeRef::Named(name) = ty else { return Vec::new() };
    let Some(TypeDef { kind: TypeKind::Struct(st), .. }) = l.model.types.get(name) else { return Vec::new() };
    let fields: Vec<(String, TypeRef, bool)> =
        st.fields.iter().map(|f| (f.wire.clone(), f.ty.clone(), f.extra())).collect();
    let mut out = Vec::new();
    for (wire, ty, flatten) in fields {
        if flatten {
            continue;
        }
        let field = match media.encoding.get(&wire) {
            Some(enc) => {
                let style = match enc.style {
                    None | Some(QueryStyle::Form) => ParamStyle::Form,
                    Some(QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
                    Some(QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
                    Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
                };
                // openapiv3 reads an absent `explode` as false; the document says which it is.
                let media_ptr = schema_ptr.strip_suffix("/schema").unwrap_or(schema_ptr);
                let at = push_pointer(&format!("{media_ptr}/encoding"), &wire);
                let written = l.doc.raw.pointer(&format!("{}/explode", &at[1..])).and_then(|v| v.as_bool());
                let explode = written.unwrap_or(style == ParamStyle::Form);
                FormField { wire, style, explode, allow_reserved: enc.allow_reserved }
            }
            None if nested(l, &ty) => {
                l.warn_wire(
                    &push_pointer(&format!("{schema_ptr}/properties"), &wire),
                    "a form property holding objects and no `encoding` entry: `form`, the default, would drop its name (`key=value`) or cannot spell it; sent in the bracket convention (`name[key]=value`, `name[0][key]=value`)",
                );
                FormField { wire, style: ParamStyle::DeepObject, explode: true, allow_reserved: false }
            }
            None => FormField { wire, style: ParamStyle::Form, explode: true, allow_reserved: false },
        };
        out.push(field);
    }
    out
}

/// Whether a value of `ty` is an object, or a list holding objects or lists.
fn nested(l: &Lowerer<'_>, ty: &TypeRef) -> bool {
    let object = |ty: &TypeRef| match ty {
        TypeRef::Map(_) | TypeRef::Json | TypeRef::Vec(_) => true,
        TypeRef::Named(n) => !matches!(
            l.model.types.get(n).map(|t| &t.kind),
            Some(TypeKind::Enum(_))
                | Some(TypeKind::Alias(
                    TypeRef::String
                        | TypeRef::Integer
                        | TypeRef::Sized(_)
                        | TypeRef::Number
                        | TypeRef::Boolean
                        | TypeRef::Uuid
                        | TypeRef::DateTime
                        | TypeRef::Date
                ))
        ),
        TypeRef::Boxed(_) => true,
        _ => false,
    };
    match ty {
        TypeRef::Vec(item) => object(item),
        other => !matches!(other, TypeRef::Vec(_)) && object(other),
    }
}
