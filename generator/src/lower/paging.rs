//! Paged list operations, as the API's settings declare them (`[[paging]]`), checked against
//! the operation they name: the parameter the style advances must be one of its query
//! parameters with a type that can count, and each JSON pointer must lead, through the fields
//! of its success body's objects, to a value of the kind its role needs (a list of items, a
//! boolean, a count, a cursor). What does not fit is an error naming the settings entry.

use super::settings::operation_at;
use crate::error::Error;
use crate::ir::{
    FieldPath, FieldState, FieldStep, Model, Operation, Paging, PagingStyle, ParamLocation, SuccessBody, TypeKind,
    TypeRef,
};
use crate::settings::{ApiSettings, PagedList};

/// Declares each listed operation paged.
pub(super) fn declare(model: &mut Model, settings: &ApiSettings) -> Result<(), Error> {
    for (at, list) in settings.paging.iter().enumerate() {
        let pointer = format!("#/paging/{at}");
        let index = operation_at(model, settings, &pointer, &list.method, &list.path)?;
        let paging = paging(model, &model.operations[index], list, settings, &pointer)?;
        let op = &mut model.operations[index];
        if op.paging.is_some() {
            return Err(settings.error(pointer, format!("`{} {}` is listed twice", op.method, list.path)));
        }
        op.paging = Some(paging);
    }
    Ok(())
}

/// What the settings entry `list` says about `op`, checked.
fn paging(model: &Model, op: &Operation, list: &PagedList, settings: &ApiSettings, at: &str) -> Result<Paging, Error> {
    let field = |key: &str| format!("{at}/{key}");
    let style = match list.style.as_str() {
        "page" => PagingStyle::Page,
        "offset" => PagingStyle::Offset,
        "cursor" => PagingStyle::Cursor,
        other => {
            return Err(settings
                .error(field("style"), format!("unknown style {other:?}; expected `page`, `offset` or `cursor`")))
        }
    };
    let SuccessBody::Json(body) = &op.success.body else {
        return Err(settings.error(
            at,
            format!("the success body of `{} {}` is not JSON, where a page's items would be read", op.method, op.path),
        ));
    };
    let name = list.param.clone().unwrap_or_else(|| list.style.clone());
    let query: Vec<&str> =
        op.params.iter().filter(|p| p.location == ParamLocation::Query).map(|p| p.wire.as_str()).collect();
    let Some(param) = op.params.iter().position(|p| p.location == ParamLocation::Query && p.wire == name) else {
        let known = if query.is_empty() { "none".to_owned() } else { query.join(", ") };
        let key = if list.param.is_some() { "param" } else { "style" };
        return Err(settings.error(
            field(key),
            format!("`{} {}` has no query parameter `{name}`; its query parameters are: {known}", op.method, op.path),
        ));
    };
    let counts = matches!(op.params[param].ty, TypeRef::Integer | TypeRef::Sized(_) | TypeRef::String);
    let fits = if style == PagingStyle::Cursor { op.params[param].ty == TypeRef::String } else { counts };
    if !fits {
        let expected = if style == PagingStyle::Cursor { "a string" } else { "an integer, or a string of digits" };
        return Err(settings.error(
            field(if list.param.is_some() { "param" } else { "style" }),
            format!("the `{name}` parameter cannot hold {}; expected {expected}", noun(style)),
        ));
    }
    if list.first.is_some() && style != PagingStyle::Page {
        return Err(settings.error(field("first"), "only the `page` style has a first page number"));
    }
    let signal = |key: &str, pointer: &Option<String>, want: Want| -> Result<Option<FieldPath>, Error> {
        let Some(pointer) = pointer else { return Ok(None) };
        resolve(model, body, pointer, want).map(Some).map_err(|why| settings.error(field(key), why))
    };
    let items = resolve(model, body, &list.items, Want::List).map_err(|why| settings.error(field("items"), why))?;
    let has_more = signal("has_more", &list.has_more, Want::Flag)?;
    if style == PagingStyle::Cursor && list.total.is_some() {
        return Err(settings.error(
            field("total"),
            "a cursor-paged list ends when no cursor comes; `total` is for `page` and `offset`",
        ));
    }
    let total = signal("total", &list.total, Want::Count)?;
    let next = match (style, &list.next) {
        (PagingStyle::Cursor, None) => {
            return Err(settings.error(at, "the `cursor` style needs `next`, the pointer to the next page's cursor"))
        }
        (PagingStyle::Cursor, next) => signal("next", next, Want::Text)?,
        (_, Some(_)) => {
            return Err(settings.error(field("next"), "only the `cursor` style reads a next cursor"));
        }
        (_, None) => None,
    };
    Ok(Paging { style, param, first: list.first.unwrap_or(1), items, has_more, total, next })
}

/// What a style's parameter holds.
fn noun(style: PagingStyle) -> &'static str {
    match style {
        PagingStyle::Page => "a page number",
        PagingStyle::Offset => "an offset",
        PagingStyle::Cursor => "a cursor",
    }
}

/// The kind of value a pointer must lead to.
#[derive(Clone, Copy, PartialEq)]
enum Want {
    /// An array: the items.
    List,
    /// A boolean.
    Flag,
    /// An integer or a number.
    Count,
    /// A string.
    Text,
}

/// The fields `pointer` goes through from `body`, or why it leads nowhere usable.
fn resolve(model: &Model, body: &TypeRef, pointer: &str, want: Want) -> Result<FieldPath, String> {
    if !(pointer.is_empty() || pointer.starts_with('/')) {
        return Err(format!(
            "{pointer:?} is not a JSON pointer; expected one like `/data/items` (or \"\" for the body)"
        ));
    }
    let mut ty = body.clone();
    let mut steps = Vec::new();
    let mut walked = String::new();
    for raw in pointer.split('/').skip(1) {
        let key = raw.replace("~1", "/").replace("~0", "~");
        let object = named_object(model, &ty);
        let Some(fields) = object else {
            let at = if walked.is_empty() { "the body".to_owned() } else { format!("`{walked}`") };
            return Err(format!("{at} is not an object with properties, so `{pointer}` cannot go into it"));
        };
        let Some(field) = fields.iter().find(|f| f.wire == key && f.state != FieldState::Extra) else {
            let names: Vec<&str> =
                fields.iter().filter(|f| f.state != FieldState::Extra).map(|f| f.wire.as_str()).collect();
            let at = if walked.is_empty() { "the body".to_owned() } else { format!("`{walked}`") };
            return Err(format!("{at} has no property `{key}`; its properties are: {}", names.join(", ")));
        };
        walked.push('/');
        walked.push_str(raw);
        let options = match field.state {
            FieldState::Required | FieldState::Constant | FieldState::Extra => 0,
            FieldState::Optional | FieldState::RequiredNullable => 1,
            FieldState::Clearable => 2,
        };
        steps.push(FieldStep { field: field.name.clone(), options });
        ty = field.ty.clone();
    }
    let ty = unaliased(model, &ty);
    let fits = match want {
        Want::List => matches!(ty, TypeRef::Vec(_)),
        Want::Flag => ty == TypeRef::Boolean,
        Want::Count => matches!(ty, TypeRef::Integer | TypeRef::Sized(_) | TypeRef::Number),
        Want::Text => ty == TypeRef::String,
    };
    if !fits {
        let expected = match want {
            Want::List => "an array (the page's items)",
            Want::Flag => "a boolean",
            Want::Count => "an integer or a number",
            Want::Text => "a string",
        };
        let at = if pointer.is_empty() { "the body".to_owned() } else { format!("`{pointer}`") };
        return Err(format!("{at} is not {expected}"));
    }
    Ok(FieldPath { steps, ty })
}

/// The fields of the object `ty` names, through aliases and boxes.
fn named_object<'m>(model: &'m Model, ty: &TypeRef) -> Option<&'m Vec<crate::ir::Field>> {
    match unaliased(model, ty) {
        TypeRef::Named(name) => match &model.types.get(&name)?.kind {
            TypeKind::Struct(s) if !s.form => Some(&s.fields),
            _ => None,
        },
        _ => None,
    }
}

/// `ty` with aliases followed (to a bound: alias chains were checked acyclic) and a box taken off.
fn unaliased(model: &Model, ty: &TypeRef) -> TypeRef {
    let mut ty = ty.clone();
    for _ in 0..64 {
        ty = match ty {
            TypeRef::Boxed(inner) => *inner,
            TypeRef::Named(ref name) => match model.types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(target)) => target.clone(),
                _ => return ty,
            },
            other => return other,
        };
    }
    ty
}
