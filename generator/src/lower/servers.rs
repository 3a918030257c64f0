//! `servers` -> base URLs: the document's first server is the client's default; a path item's or
//! an operation's own servers send that operation elsewhere. Server variables take their
//! `default`.

use super::Lowerer;
use openapiv3::Server;

/// A server's URL with each `{variable}` replaced by its default. A placeholder with no
/// declared variable is left as written, with a warning.
pub(super) fn url(l: &mut Lowerer<'_>, server: &Server, ptr: &str) -> String {
    let mut out = String::new();
    let mut rest = server.url.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        out.push_str(&rest[..start]);
        let name = &rest[start + 1..start + len];
        match server.variables.as_ref().and_then(|v| v.get(name)) {
            Some(variable) => out.push_str(&variable.default),
            None => {
                l.warn_wire(ptr, format!("server variable `{name}` is not declared; the URL keeps `{{{name}}}`"));
                out.push_str(&rest[start..=start + len]);
            }
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The document's default base URL: its first server.
pub(super) fn default_base_url(l: &mut Lowerer<'_>) -> Option<String> {
    let api = &l.doc.api;
    let first = api.servers.first()?;
    Some(url(l, first, "#/servers/0"))
}

/// Where an operation goes when its own `servers` (else its path item's) differ from the
/// document's: the first one's URL, a relative one (`/upload`) resolved against the
/// document's first server's origin.
pub(super) fn operation_server(
    l: &mut Lowerer<'_>,
    path_servers: &[Server],
    path_ptr: &str,
    op_servers: &[Server],
    op_ptr: &str,
) -> Option<String> {
    let (first, ptr) = match (op_servers.first(), path_servers.first()) {
        (Some(s), _) => (s, format!("{op_ptr}/servers/0")),
        (None, Some(s)) => (s, format!("{path_ptr}/servers/0")),
        (None, None) => return None,
    };
    let own = if op_servers.is_empty() { path_servers } else { op_servers };
    if own == l.doc.api.servers.as_slice() {
        return None;
    }
    let target = url(l, first, &ptr);
    if target.contains("://") {
        return Some(target);
    }
    let base = default_base_url(l).filter(|b| b.contains("://"));
    match base {
        Some(base) => {
            let after_scheme = base.find("://").map_or(0, |i| i + 3);
            let origin_end = base[after_scheme..].find('/').map_or(base.len(), |i| after_scheme + i);
            let joined = format!("{}/{}", &base[..origin_end], target.trim_start_matches('/'));
            Some(joined.trim_end_matches('/').to_string())
        }
        None => {
            l.warn_wire(
                &ptr,
                format!("relative server URL {target:?} with no absolute document server to resolve it against; the client's base URL is used"),
            );
            None
        }
    }
}
