//! `$ref`s to shared components (request bodies, responses, parameters): followed to the item
//! they name, with the pointer of where that item is written, so that what lies inside it is
//! located where the document spells it.

use super::{type_name, Lowerer};
use crate::error::{push_pointer, Error};
use openapiv3::ReferenceOr;
use std::borrow::Cow;

/// For a shared request body or response (`#/components/<kind>/Name`): a type name from its
/// own name, since every operation using it shares the one type.
pub(super) fn shared_hint(ptr: &str) -> Option<String> {
    [("responses", "Response"), ("requestBodies", "Body")].into_iter().find_map(|(kind, suffix)| {
        let name = ptr.strip_prefix(&format!("#/components/{kind}/"))?;
        Some(format!("{}{suffix}", type_name(&name.replace("~1", "/").replace("~0", "~"))))
    })
}

/// A path item written in place; a `$ref` to a shared one is refused, located.
pub(super) fn item<'a, T>(r: &'a ReferenceOr<T>, ptr: &str) -> Result<&'a T, Error> {
    match r {
        ReferenceOr::Item(t) => Ok(t),
        ReferenceOr::Reference { reference } => {
            Err(Error::at(ptr, format!("$ref {reference:?} to a shared path item is not supported yet")))
        }
    }
}

/// Where a chain of `$ref`s ends.
enum Followed<'a, T> {
    /// At an item of the kind looked for, written at this pointer.
    Item(&'a T, String),
    /// At a `$ref` that leaves `components.<kind>`, written at this pointer.
    Elsewhere(&'a str, String),
}

fn follow<'a, T>(
    mut r: &'a ReferenceOr<T>,
    ptr: &str,
    kind: &str,
    components: &impl Fn(&'a str) -> Option<&'a ReferenceOr<T>>,
) -> Result<Followed<'a, T>, Error> {
    let prefix = format!("#/components/{kind}/");
    let mut at = ptr.to_string();
    // A chain longer than this revisits an entry: a cycle.
    for _ in 0..64 {
        match r {
            ReferenceOr::Item(t) => return Ok(Followed::Item(t, at)),
            ReferenceOr::Reference { reference } => {
                let Some(name) = reference.strip_prefix(&prefix) else {
                    return Ok(Followed::Elsewhere(reference, at));
                };
                r = components(name).ok_or_else(|| {
                    Error::at(&at, format!("$ref {reference:?} points at no entry in components.{kind}"))
                })?;
                at = push_pointer(&format!("#/components/{kind}"), name);
            }
        }
    }
    Err(Error::at(ptr, format!("a chain of $refs in components.{kind} that never ends (reference cycle)")))
}

fn unsupported(reference: &str, at: &str, kind: &str) -> Error {
    Error::at(at, format!("unsupported $ref {reference:?}: expected a local `#/components/{kind}/<name>` reference"))
}

/// Follows `$ref`s into `components.<kind>`; returns the item and its JSON pointer.
pub(super) fn shared<'a, T>(
    r: &'a ReferenceOr<T>,
    ptr: &str,
    kind: &str,
    components: impl Fn(&'a str) -> Option<&'a ReferenceOr<T>>,
) -> Result<(&'a T, String), Error> {
    match follow(r, ptr, kind, &components)? {
        Followed::Item(t, at) => Ok((t, at)),
        Followed::Elsewhere(reference, at) => Err(unsupported(reference, &at, kind)),
    }
}

/// The components of a kind next to the one looked for, whose entries hold the same content (a
/// response and a request body: a description and media types), and how one is read as the other.
pub(super) struct Neighbour<'a, N, T> {
    /// The kind's name in `components` (`requestBodies`).
    pub kind: &'static str,
    /// Its entry of a name.
    pub entries: &'a dyn Fn(&'a str) -> Option<&'a ReferenceOr<N>>,
    /// The entry read as the kind looked for.
    pub read_as: fn(&N) -> T,
}

/// Like [`shared`], but a `$ref` into the neighbouring kind (which the specification does not
/// allow, and real documents have) is read as the kind looked for, with a warning naming where
/// the `$ref` is and what it points at. A `$ref` to a missing entry stays an error.
pub(super) fn shared_or_neighbour<'a, T: Clone, N>(
    l: &mut Lowerer<'_>,
    r: &'a ReferenceOr<T>,
    ptr: &str,
    kind: &str,
    components: impl Fn(&'a str) -> Option<&'a ReferenceOr<T>>,
    neighbour: Neighbour<'a, N, T>,
) -> Result<(Cow<'a, T>, String), Error> {
    match follow(r, ptr, kind, &components)? {
        Followed::Item(t, at) => Ok((Cow::Borrowed(t), at)),
        Followed::Elsewhere(reference, at) => {
            let Some(name) = reference.strip_prefix(&format!("#/components/{}/", neighbour.kind)) else {
                return Err(unsupported(reference, &at, kind));
            };
            let entry = (neighbour.entries)(name).ok_or_else(|| {
                Error::at(&at, format!("$ref {reference:?} points at no entry in components.{}", neighbour.kind))
            })?;
            let target = push_pointer(&format!("#/components/{}", neighbour.kind), name);
            let (found, found_at) = shared(entry, &target, neighbour.kind, neighbour.entries)?;
            l.warn(
                &at,
                format!(
                    "$ref {reference:?} points at {found_at}, an entry of components.{} where one of components.{kind} belongs; its content is the same, so it is read as one",
                    neighbour.kind
                ),
            );
            Ok((Cow::Owned((neighbour.read_as)(found)), found_at))
        }
    }
}

/// A request body read as a response: its description and media types.
pub(super) fn body_as_response(body: &openapiv3::RequestBody) -> openapiv3::Response {
    openapiv3::Response {
        description: body.description.clone().unwrap_or_default(),
        content: body.content.clone(),
        extensions: body.extensions.clone(),
        ..Default::default()
    }
}

/// A response read as a request body: its description and media types, not required.
pub(super) fn response_as_body(response: &openapiv3::Response) -> openapiv3::RequestBody {
    openapiv3::RequestBody {
        description: Some(response.description.clone()).filter(|d| !d.is_empty()),
        content: response.content.clone(),
        required: false,
        extensions: response.extensions.clone(),
    }
}
