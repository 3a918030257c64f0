//! Security: which credentials each operation sends, as alternatives of schemes sent together,
//! and the schemes the client holds a credential for. A requirement the client cannot send as
//! the document says (a scheme of a kind it cannot apply, two credentials in one header) is
//! warned about at the requirement's pointer.

use super::Lowerer;
use crate::error::push_pointer;
use crate::ir::{Place, SecurityScheme};
use crate::names::{self, field_name, reserved::CREDENTIALS_METHODS};
use openapiv3::{ReferenceOr, SecurityRequirement, SecurityScheme as Declared};
use std::collections::BTreeSet;

/// What calls to endpoints the document does not describe send: the top-level `security`;
/// without one, the requirement most operations have (of equals, the first by operation name),
/// since an endpoint the document lacks is likelier to be like most of them.
pub(super) fn default_requirement(l: &mut Lowerer<'_>) -> Vec<Vec<String>> {
    if let Some(reqs) = &l.doc.api.security {
        return requirement(l, reqs, "#/security");
    }
    let mut counts: Vec<(&Vec<Vec<String>>, usize)> = Vec::new();
    for security in l.model.operations.iter().map(|o| &o.security) {
        match counts.iter_mut().find(|(s, _)| *s == security) {
            Some((_, n)) => *n += 1,
            None => counts.push((security, 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    counts.into_iter().find(|(_, n)| *n == most).map(|(s, _)| s.clone()).unwrap_or_default()
}

/// The alternatives of a `security` list at `ptr`, each the names of the schemes sent together
/// (an empty one: the operation may go without). What cannot be sent as written is warned about,
/// as sent differently only where the request then differs from every alternative:
/// - a scheme of a kind the client cannot apply, or one that is not declared, is left out of its
///   alternative; an alternative left with none is dropped (it never meant "no credential");
/// - an alternative whose credentials would share one header, cookie or query parameter can
///   never be met by one request: it is dropped when another alternative remains, and otherwise
///   sent with the last of the clashing schemes only.
pub(super) fn requirement(l: &mut Lowerer<'_>, reqs: &[SecurityRequirement], ptr: &str) -> Vec<Vec<String>> {
    let mut sendable: Vec<Vec<String>> = Vec::new();
    let mut clashing = Vec::new();
    let mut unusable = Vec::new();
    for req in reqs {
        let mut schemes: Vec<(String, Place)> = Vec::new();
        let mut left_out = Vec::new();
        for name in req.keys() {
            match place(l, name) {
                Ok(place) => schemes.push((name.clone(), place)),
                Err(why) => left_out.push(format!("`{name}` {why}")),
            }
        }
        if schemes.is_empty() && !req.is_empty() {
            unusable.push(left_out.join("; "));
            continue;
        }
        for why in left_out {
            l.warn_wire(ptr, format!("security scheme {why}; the others of its requirement are sent without it"));
        }
        match clash(&schemes) {
            None => sendable.push(schemes.into_iter().map(|(name, _)| name).collect()),
            Some(found) => clashing.push((schemes, found)),
        }
    }
    // An empty alternative (`{}`) sends nothing: it does not stand in for a credential.
    let none_sendable = sendable.iter().all(Vec::is_empty);
    for (schemes, (first, second, slot)) in clashing {
        let all = schemes.iter().map(|(n, _)| format!("`{n}`")).collect::<Vec<_>>().join(" + ");
        if none_sendable {
            l.warn_wire(
                ptr,
                format!("the requirement {all} puts `{first}` and `{second}` both in {slot}, which one request carries once; `{second}` is sent, `{first}` is not"),
            );
            sendable.push(kept_of_clash(schemes, &second));
        } else {
            l.warn(
                ptr,
                format!("the alternative {all} puts `{first}` and `{second}` both in {slot}, so no request can meet it; left out, the other alternatives are sent"),
            );
        }
    }
    for why in unusable {
        if sendable.is_empty() {
            l.warn_wire(ptr, format!("security scheme {why}; no credential is sent"));
        } else {
            l.warn(ptr, format!("security scheme {why}; that alternative is left out, the others are sent"));
        }
    }
    sendable
}

/// The schemes of a clashing alternative that are sent: each but those sharing a slot with
/// another, of which only `kept` (the last of the first clash found) is.
fn kept_of_clash(schemes: Vec<(String, Place)>, kept: &str) -> Vec<String> {
    let slot_of_kept = schemes.iter().find(|(n, _)| n == kept).map(|(_, p)| slot(p));
    schemes.iter().filter(|(n, p)| n == kept || Some(slot(p)) != slot_of_kept).map(|(n, _)| n.clone()).collect()
}

/// The header, query parameter or cookie a credential goes in (header names compared in lower case).
fn slot(place: &Place) -> (&'static str, String) {
    match place {
        Place::Header(name) => ("header", name.to_ascii_lowercase()),
        Place::Bearer | Place::Basic => ("header", "authorization".to_owned()),
        Place::Query(name) => ("query parameter", name.clone()),
        Place::Cookie(name) => ("cookie", name.clone()),
    }
}

/// Where scheme `name` puts its credential, or why the client cannot put it anywhere.
fn place(l: &Lowerer<'_>, name: &str) -> Result<Place, &'static str> {
    use openapiv3::APIKeyLocation;
    let declared = l.doc.api.components.as_ref().and_then(|c| c.security_schemes.get(name));
    match declared {
        Some(ReferenceOr::Item(Declared::APIKey { location, name, .. })) => Ok(match location {
            APIKeyLocation::Header => Place::Header(name.clone()),
            APIKeyLocation::Query => Place::Query(name.clone()),
            APIKeyLocation::Cookie => Place::Cookie(name.clone()),
        }),
        Some(ReferenceOr::Item(Declared::HTTP { scheme, .. })) if scheme.eq_ignore_ascii_case("bearer") => {
            Ok(Place::Bearer)
        }
        Some(ReferenceOr::Item(Declared::HTTP { scheme, .. })) if scheme.eq_ignore_ascii_case("basic") => {
            Ok(Place::Basic)
        }
        Some(ReferenceOr::Item(Declared::OAuth2 { .. } | Declared::OpenIDConnect { .. })) => Ok(Place::Bearer),
        Some(ReferenceOr::Item(Declared::HTTP { .. })) => {
            Err("is an HTTP scheme other than basic or bearer, which the client cannot apply")
        }
        Some(ReferenceOr::Reference { .. }) => {
            Err("is a `$ref`, which the client does not follow for security schemes")
        }
        None => Err("is not declared in `components.securitySchemes`"),
    }
}

/// The first two schemes of an alternative that would put their credentials in the same slot,
/// with the slot described.
fn clash(schemes: &[(String, Place)]) -> Option<(String, String, String)> {
    for (i, (first, a)) in schemes.iter().enumerate() {
        // The last scheme of this slot is the one sent.
        if let Some((second, _)) = schemes[i + 1..].iter().rev().find(|(_, b)| slot(a) == slot(b)) {
            let (kind, name) = slot(a);
            return Some((first.clone(), second.clone(), format!("the {kind} `{name}`")));
        }
    }
    None
}

/// A scheme's setter: its name in snake case, or `<name>_credential` when `Credentials` has a
/// method of that name already.
fn setter_name(scheme: &str) -> String {
    let name = field_name(scheme);
    if CREDENTIALS_METHODS.contains(&name.as_str()) {
        format!("{name}_credential")
    } else {
        name
    }
}

/// The schemes some operation (or the default requirement) sends, in the document's order,
/// each with the name of its setter; the environment variables are the settings' to give.
pub(super) fn schemes(l: &Lowerer<'_>) -> Vec<SecurityScheme> {
    let used: BTreeSet<&String> =
        l.model.operations.iter().flat_map(|o| &o.security).chain(&l.model.default_security).flatten().collect();
    let Some(components) = &l.doc.api.components else { return Vec::new() };
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for (name, declared) in &components.security_schemes {
        if !used.contains(name) {
            continue;
        }
        let Ok(place) = place(l, name) else { continue };
        let doc = match declared {
            ReferenceOr::Item(d) => match d {
                Declared::APIKey { description, .. }
                | Declared::HTTP { description, .. }
                | Declared::OAuth2 { description, .. }
                | Declared::OpenIDConnect { description, .. } => description.clone(),
            },
            ReferenceOr::Reference { .. } => None,
        };
        out.push(SecurityScheme {
            name: name.clone(),
            pointer: push_pointer("#/components/securitySchemes", name),
            setter: names::claim(&mut taken, &setter_name(name), "_"),
            place,
            var: String::new(),
            doc: doc.map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()),
        });
    }
    out
}
