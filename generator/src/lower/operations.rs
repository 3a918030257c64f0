//! Paths -> [`Operation`]s: names, JSON bodies, typed responses per status, API-key security.

use super::refs::{body_as_response, item, response_as_body, shared, shared_hint, shared_or_neighbour, Neighbour};
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
                lower_params(l, &template, &path_ptr, &path_item.parameters, &ptr, &op.parameters, &type_base)?;

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

/// A parameter's data, location, style and `allowReserved`.
fn location_and_style(p: &openapiv3::Parameter) -> (&openapiv3::ParameterData, ParamLocation, ParamStyle, bool) {
    use openapiv3::{Parameter, PathStyle, QueryStyle};
    match p {
        Parameter::Path { parameter_data, style } => {
            let style = match style {
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Matrix => ParamStyle::Matrix,
            };
            (parameter_data, ParamLocation::Path, style, false)
        }
        Parameter::Query { parameter_data, style, allow_reserved, .. } => {
            let style = match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            };
            (parameter_data, ParamLocation::Query, style, *allow_reserved)
        }
        Parameter::Header { parameter_data, .. } => {
            (parameter_data, ParamLocation::Header, ParamStyle::Simple, false)
        }
        Parameter::Cookie { parameter_data, .. } => {
            (parameter_data, ParamLocation::Cookie, ParamStyle::Form, false)
        }
    }
}

/// A parameter's type: its schema's, else that of its `content`'s one media type, which sends
/// it as JSON text (`style` becomes [`ParamStyle::Json`]) or, for another media type, as text
/// in the location's default style.
fn param_type(
    l: &mut Lowerer<'_>,
    data: &openapiv3::ParameterData,
    p_ptr: &str,
    type_base: &str,
    style: &mut ParamStyle,
) -> Result<TypeRef, Error> {
    use openapiv3::ParameterSchemaOrContent;
    Ok(match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            // A shared parameter's type is named after its component, not its first user.
            let hint = match p_ptr.strip_prefix("#/components/parameters/") {
                Some(component) => type_name(&component.replace("~1", "/").replace("~0", "~")),
                None => format!("{type_base}{}", type_name(&data.name)),
            };
            l.lower_ref(SchemaRef::from(schema), &hint, &format!("{p_ptr}/schema"), 0)?
        }
        ParameterSchemaOrContent::Content(content) => {
            let hint = format!("{type_base}{}", type_name(&data.name));
            match content.iter().next() {
                Some((mime, media)) => {
                    let schema = media.schema.as_ref().map(SchemaRef::from);
                    let s_ptr = format!("{}/schema", push_pointer(&format!("{p_ptr}/content"), mime));
                    let ty = match schema {
                        Some(s) => l.lower_ref(s, &hint, &s_ptr, 0)?,
                        None => TypeRef::Json,
                    };
                    if is_json(media_type(mime)) {
                        *style = ParamStyle::Json;
                    } else {
                        l.warn_wire(
                            p_ptr,
                            format!(
                                "a parameter of media type {mime} is sent as text in the location's default style"
                            ),
                        );
                    }
                    ty
                }
                None => {
                    l.warn_wire(p_ptr, "a `content` parameter with no media type; sent as JSON text");
                    *style = ParamStyle::Json;
                    TypeRef::Json
                }
            }
        }
    })
}

/// The operation's parameters (path-level ones unless the operation redeclares them): path
/// parameters in template order, then query, header and cookie ones in document order, each
/// with its `style`; a template placeholder nobody declares is a required string argument.
fn lower_params(
    l: &mut Lowerer<'_>,
    template: &PathTemplate,
    path_ptr: &str,
    path_level: &[ReferenceOr<openapiv3::Parameter>],
    op_ptr: &str,
    op_level: &[ReferenceOr<openapiv3::Parameter>],
    type_base: &str,
) -> Result<Vec<Param>, Error> {
    let api = &l.doc.api;
    let mut declared: Vec<(&openapiv3::ParameterData, ParamLocation, ParamStyle, bool, String)> = Vec::new();
    for (list, base) in [(op_level, op_ptr), (path_level, path_ptr)] {
        for (i, p) in list.iter().enumerate() {
            let (p, p_ptr) = shared(p, &format!("{base}/parameters/{i}"), "parameters", |n| {
                api.components.as_ref().and_then(|c| c.parameters.get(n))
            })?;
            let (data, location, style, allow_reserved) = location_and_style(p);
            // An operation's own declaration overrides the path item's.
            if !declared.iter().any(|(d, loc, ..)| d.name == data.name && *loc == location) {
                declared.push((data, location, style, allow_reserved, p_ptr));
            }
        }
    }
    let placeholders: Vec<&str> = template.placeholders().collect();
    // A placeholder nobody declares has one reading: a required text segment of that name.
    let mut undeclared: Vec<&str> = Vec::new();
    for name in &placeholders {
        let known = declared.iter().any(|(d, loc, ..)| d.name == *name && *loc == ParamLocation::Path);
        // A placeholder written twice is one argument, filling both places.
        if !known && !undeclared.contains(name) {
            undeclared.push(name);
        }
    }
    let position = |d: &openapiv3::ParameterData, loc: ParamLocation| match loc {
        ParamLocation::Path => placeholders.iter().position(|p| *p == d.name).unwrap_or(usize::MAX),
        _ => usize::MAX,
    };
    declared.sort_by_key(|(d, loc, ..)| (*loc != ParamLocation::Path, position(d, *loc)));
    // A parameter is a field and a setter of the call type, beside the type's own.
    let mut taken: std::collections::BTreeSet<String> = reserved::CALL_MEMBERS.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for (data, location, mut style, allow_reserved, p_ptr) in declared {
        if location == ParamLocation::Path && !placeholders.contains(&data.name.as_str()) {
            l.warn_wire(
                &p_ptr,
                format!("path parameter `{}` does not appear in {:?}; not sent", data.name, template.text),
            );
            continue;
        }
        let ty = param_type(l, data, &p_ptr, type_base, &mut style)?;
        out.push(Param {
            name: crate::names::claim(&mut taken, &field_name(&data.name), "_"),
            wire: data.name.clone(),
            location,
            doc: data.description.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_string),
            required: data.required || location == ParamLocation::Path,
            // OpenAPI: `explode` defaults to true for `form`, false for every other style.
            explode: data.explode.unwrap_or(style == ParamStyle::Form),
            style,
            allow_reserved,
            displayed: location == ParamLocation::Path && matches!(ty, TypeRef::String | TypeRef::Uuid),
            ty,
        });
    }
    for wire in undeclared {
        let name = crate::names::claim(&mut taken, &field_name(wire), "_");
        l.warn(
            op_ptr,
            format!(
                "path parameter `{{{wire}}}` of {:?} is not declared; taken as a required string argument `{name}`",
                template.text
            ),
        );
        out.push(Param {
            name,
            wire: wire.to_string(),
            location: ParamLocation::Path,
            doc: None,
            ty: TypeRef::String,
            required: true,
            style: ParamStyle::Simple,
            explode: false,
            allow_reserved: false,
            displayed: true,
        });
    }
    // Path parameters first, in template order (a stable sort keeps the others' order).
    out.sort_by_key(|p| match p.location {
        ParamLocation::Path => (false, placeholders.iter().position(|w| *w == p.wire).unwrap_or(usize::MAX)),
        _ => (true, 0),
    });
    Ok(out)
}
