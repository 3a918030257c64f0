//! An operation's parameters: path-level ones merged under the operation's own, each with its
//! location, style and type, and path placeholders nobody declares.

use super::operations::{is_json, media_type};
use super::refs::shared;
use super::{field_name, type_name, Lowerer};
use crate::error::{push_pointer, Error};
use crate::ir::*;
use crate::load::SchemaRef;
use crate::names::reserved;
use openapiv3::ReferenceOr;

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
pub(super) fn lower_params(
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
