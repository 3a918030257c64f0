//! Credentials: the security schemes an API declares ([`Scheme`]), which of them an operation
//! sends ([`Security`]), the values a user gives ([`Credentials`]), and putting the chosen ones
//! on an outgoing request.

use super::Settings;
use crate::error::Error;
use crate::params;
use base64::Engine as _;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, COOKIE};
use std::borrow::Cow;
use std::fmt;

/// One security scheme of the API, as the document declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The scheme's name in the document (`components.securitySchemes`), named in errors.
    pub name: &'static str,
    /// Where its credential goes.
    pub place: Place,
    /// The environment variable [`ClientBuilder::from_env`](super::ClientBuilder::from_env)
    /// reads it from, named in errors.
    pub var: &'static str,
    /// What sets it in the generated crate (`Credentials::client_id`), named in errors.
    pub setter: &'static str,
}

/// Where a credential goes on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In this header, as it is (`apiKey` in `header`).
    Header(&'static str),
    /// As `Authorization: Bearer <token>` (`http` bearer, OAuth 2 and OpenID Connect tokens).
    Bearer,
    /// As `Authorization: Basic …` (`http` basic): the value is `user:password`.
    Basic,
    /// As this query parameter (`apiKey` in `query`); kept out of the URL in errors.
    Query(&'static str),
    /// As this cookie (`apiKey` in `cookie`).
    Cookie(&'static str),
}

/// Which credentials an operation sends: alternatives in the document's order, each a list of
/// schemes sent together (indexes into [`Settings::schemes`]). The first alternative whose
/// credentials are all set is sent; an empty alternative means the operation may go without
/// any. No alternatives: the operation needs none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Security(pub &'static [&'static [usize]]);

impl Security {
    /// An operation that sends no credential.
    pub const NONE: Security = Security(&[]);
}

/// The values of an API's credentials, one per scheme of its [`Settings::schemes`]. `Debug`
/// names the schemes that are set and never shows a value.
#[derive(Clone)]
pub struct Credentials {
    settings: &'static Settings,
    values: Vec<Option<String>>,
}

impl Credentials {
    /// No credential set, for the API `settings` describe.
    pub fn new(settings: &'static Settings) -> Credentials {
        Credentials { settings, values: vec![None; settings.schemes.len()] }
    }

    /// These credentials with the one of scheme `index` (into [`Settings::schemes`]) set.
    /// An index the settings do not have is ignored: generated setters only pass their own.
    pub fn with(mut self, index: usize, value: String) -> Credentials {
        if let Some(slot) = self.values.get_mut(index) {
            *slot = Some(value);
        }
        self
    }

    /// Whether these credentials were made for the API `settings` describe (the same static), so
    /// that no value goes out in another API's place.
    pub(super) fn is_for(&self, settings: &'static Settings) -> bool {
        std::ptr::eq(self.settings, settings)
    }

    /// The value of scheme `index`, if set.
    pub fn get(&self, index: usize) -> Option<&str> {
        self.values.get(index).and_then(Option::as_deref)
    }

    /// Each scheme's value from its environment variable, where set and not blank.
    pub(super) fn from_lookup(settings: &'static Settings, lookup: &dyn Fn(&str) -> Option<String>) -> Credentials {
        let values =
            settings.schemes.iter().map(|scheme| lookup(scheme.var).filter(|v| !v.trim().is_empty())).collect();
        Credentials { settings, values }
    }

    /// The values made ready to send; an empty one, or one a header cannot carry, is an error
    /// naming its scheme.
    pub(super) fn prepare(&self) -> Result<Vec<Option<Prepared>>, Error> {
        self.settings
            .schemes
            .iter()
            .zip(&self.values)
            .map(|(scheme, value)| value.as_deref().map(|value| Prepared::new(scheme, value)).transpose())
            .collect()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        SetSchemes(self.settings, &self.values).fmt(f)
    }
}

/// The names of the schemes whose credential is set, for `Debug`: never a value.
pub(super) struct SetSchemes<'a, T>(pub &'static Settings, pub &'a [Option<T>]);

impl<T> fmt::Debug for SetSchemes<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = self.0.schemes.iter().zip(self.1).filter(|(_, v)| v.is_some());
        f.debug_map().entries(set.map(|(scheme, _)| (scheme.name, "<redacted>"))).finish()
    }
}

/// A credential ready to send: its header value (marked sensitive) or its text for a query
/// parameter or cookie.
#[derive(Clone)]
pub(super) enum Prepared {
    /// The whole header value (`Bearer …`, `Basic …` or the key as it is).
    Header(HeaderValue),
    /// The key as text, percent-encoded when sent.
    Text(String),
}

impl Prepared {
    fn new(scheme: &Scheme, value: &str) -> Result<Prepared, Error> {
        if value.trim().is_empty() {
            return Err(Error::Config(format!("the credential of `{}` is empty", scheme.name)));
        }
        let sensitive = |text: &str| {
            let mut header = HeaderValue::from_str(text).map_err(|_| {
                Error::Config(format!(
                    "the value of `{}` contains characters that cannot be sent in an HTTP header",
                    scheme.name
                ))
            })?;
            header.set_sensitive(true);
            Ok(Prepared::Header(header))
        };
        match scheme.place {
            Place::Header(_) => sensitive(value),
            Place::Bearer => sensitive(&format!("Bearer {value}")),
            Place::Basic => sensitive(&format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(value))),
            Place::Query(_) | Place::Cookie(_) => Ok(Prepared::Text(value.to_owned())),
        }
    }
}

/// The schemes to send for `security`: the first alternative whose credentials are all set
/// (one with no scheme only when none with schemes is), or an error naming what is missing.
pub(super) fn choose<E>(
    settings: &'static Settings,
    prepared: &[Option<Prepared>],
    security: Security,
) -> Result<&'static [usize], Error<E>> {
    let alternatives = security.0;
    let is_set = |index: &usize| prepared.get(*index).is_some_and(Option::is_some);
    if let Some(ready) = alternatives.iter().find(|a| !a.is_empty() && a.iter().all(is_set)) {
        return Ok(ready);
    }
    if alternatives.is_empty() || alternatives.iter().any(|a| a.is_empty()) {
        return Ok(&[]);
    }
    let missing: Vec<String> = alternatives
        .iter()
        .map(|a| {
            let names: Vec<String> = a
                .iter()
                .filter(|i| !is_set(i))
                .filter_map(|i| settings.schemes.get(*i))
                .map(|s| format!("`{}` (`{}` or ${})", s.name, s.setter, s.var))
                .collect();
            names.join(" and ")
        })
        .collect();
    Err(Error::MissingCredential { missing: missing.join(", or ") })
}

/// Puts the credentials of `chosen` schemes on a request: headers and cookies into `headers`,
/// query parameters onto `query`. A credential goes over a header parameter of the same name.
pub(super) fn apply_headers(
    settings: &'static Settings,
    prepared: &[Option<Prepared>],
    chosen: &[usize],
    headers: &mut HeaderMap,
) {
    for index in chosen {
        let (Some(scheme), Some(Some(value))) = (settings.schemes.get(*index), prepared.get(*index)) else { continue };
        match (scheme.place, value) {
            (Place::Header(name), Prepared::Header(value)) => {
                if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                    headers.insert(name, value.clone());
                }
            }
            (Place::Bearer | Place::Basic, Prepared::Header(value)) => {
                headers.insert(AUTHORIZATION, value.clone());
            }
            (Place::Cookie(name), Prepared::Text(text)) => {
                let mut cookie = Vec::new();
                if let Some(Ok(existing)) = headers.get(COOKIE).map(|v| v.to_str()) {
                    cookie.push(("cookie", existing.to_owned()));
                }
                params::cookie(&mut cookie, name, text, params::Style::Form, true);
                // Percent-encoded pairs: always a valid header value.
                if let Some(Ok(mut value)) = cookie.pop().map(|(_, v)| HeaderValue::from_str(&v)) {
                    value.set_sensitive(true);
                    headers.insert(COOKIE, value);
                }
            }
            _ => {}
        }
    }
}

/// Appends the query credentials of `chosen` schemes to an encoded query; whether any was.
pub(super) fn apply_query(
    settings: &'static Settings,
    prepared: &[Option<Prepared>],
    chosen: &[usize],
    query: &mut Cow<'_, str>,
) -> bool {
    let mut any = false;
    for index in chosen {
        if let (Some(Scheme { place: Place::Query(name), .. }), Some(Some(Prepared::Text(text)))) =
            (settings.schemes.get(*index), prepared.get(*index))
        {
            params::query(query.to_mut(), name, text, params::Style::Form, true, false);
            any = true;
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An API with a credential in each place: two headers, a query parameter, a cookie, bearer
    /// and basic.
    static MANY: Settings = Settings {
        base_url: "https://api.test",
        key_vars: &[],
        base_url_var: None,
        user_agent: "test/1",
        schemes: &[
            Scheme { name: "clientId", place: Place::Header("X-Client-Id"), var: "T_CLIENT_ID", setter: "client_id" },
            Scheme { name: "secret", place: Place::Header("X-Secret"), var: "T_SECRET", setter: "secret" },
            Scheme { name: "token", place: Place::Query("token"), var: "T_TOKEN", setter: "token" },
            Scheme { name: "login", place: Place::Cookie("sid"), var: "T_LOGIN", setter: "login" },
            Scheme { name: "bearer", place: Place::Bearer, var: "T_BEARER", setter: "bearer" },
            Scheme { name: "basic", place: Place::Basic, var: "T_BASIC", setter: "basic" },
        ],
        security: Security::NONE,
        key_optional: false,
    };

    fn prepared(set: &[(usize, &str)]) -> Vec<Option<Prepared>> {
        let credentials = set.iter().fold(Credentials::new(&MANY), |c, (i, v)| c.with(*i, (*v).to_owned()));
        credentials.prepare().unwrap()
    }

    fn missing(prepared: &[Option<Prepared>], security: Security) -> String {
        choose::<()>(&MANY, prepared, security).unwrap_err().to_string()
    }

    #[test]
    fn the_first_alternative_with_every_credential_set_is_sent() {
        let both = Security(&[&[0, 1], &[4]]);
        assert_eq!(choose::<()>(&MANY, &prepared(&[(0, "a"), (1, "b"), (4, "t")]), both).unwrap(), &[0, 1]);
        assert_eq!(choose::<()>(&MANY, &prepared(&[(0, "a"), (4, "t")]), both).unwrap(), &[4], "`secret` unset");
        assert_eq!(
            missing(&prepared(&[(0, "a")]), both),
            "not sent: the operation needs the credential of `secret` (`secret` or $T_SECRET), or `bearer` (`bearer` or $T_BEARER)"
        );
        // An empty alternative: the operation may go without; a set credential is still sent.
        let optional = Security(&[&[], &[2]]);
        assert_eq!(choose::<()>(&MANY, &prepared(&[]), optional).unwrap(), &[] as &[usize]);
        assert_eq!(choose::<()>(&MANY, &prepared(&[(2, "q")]), optional).unwrap(), &[2]);
        assert_eq!(choose::<()>(&MANY, &prepared(&[]), Security::NONE).unwrap(), &[] as &[usize]);
    }

    #[test]
    fn each_place_gets_its_credential_marked_sensitive() {
        let all = prepared(&[(0, "id-1"), (1, "s 2"), (2, "q&3"), (3, "c;4"), (5, "user:pa ss")]);
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("theme=dark"));
        apply_headers(&MANY, &all, &[0, 1, 3, 5], &mut headers);
        let shown: Vec<(String, String, bool)> =
            headers.iter().map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned(), v.is_sensitive())).collect();
        let expected = [
            ("cookie", "theme=dark; sid=c%3B4", true),
            ("x-client-id", "id-1", true),
            ("x-secret", "s 2", true),
            ("authorization", "Basic dXNlcjpwYSBzcw==", true),
        ];
        let expected: Vec<(String, String, bool)> =
            expected.iter().map(|(n, v, s)| (n.to_string(), v.to_string(), *s)).collect();
        assert_eq!(shown, expected);
        let mut query = Cow::Borrowed("a=1");
        assert!(apply_query(&MANY, &all, &[0, 2], &mut query));
        assert_eq!(query, "a=1&token=q%263");
        let mut untouched = Cow::Borrowed("a=1");
        assert!(!apply_query(&MANY, &all, &[0], &mut untouched));
        assert!(matches!(untouched, Cow::Borrowed(_)), "no copy without a query credential");
        let bearer = prepared(&[(4, "tok")]);
        let mut headers = HeaderMap::new();
        apply_headers(&MANY, &bearer, &[4], &mut headers);
        assert_eq!(headers[AUTHORIZATION], "Bearer tok");
    }

    #[test]
    fn unusable_values_are_refused_naming_their_scheme_not_the_value() {
        let refused = |index: usize, value: &str| {
            Credentials::new(&MANY).with(index, value.to_owned()).prepare().err().map(|e| e.to_string())
        };
        assert_eq!(
            refused(1, " ").as_deref(),
            Some("invalid client configuration: the credential of `secret` is empty")
        );
        assert_eq!(
            refused(0, "id\n1").as_deref(),
            Some("invalid client configuration: the value of `clientId` contains characters that cannot be sent in an HTTP header")
        );
        assert_eq!(refused(5, "user:pa\nss"), None, "base64 carries any text");
        assert_eq!(refused(2, "line\nbreak"), None, "a query parameter is percent-encoded");
    }

    #[test]
    fn the_environment_gives_each_scheme_its_own_variable_and_debug_shows_no_value() {
        let lookup = |name: &str| match name {
            "T_CLIENT_ID" => Some("id-from-env".to_owned()),
            "T_SECRET" => Some("  ".to_owned()),
            "T_BASIC" => Some("u:p".to_owned()),
            _ => None,
        };
        let credentials = Credentials::from_lookup(&MANY, &lookup);
        assert_eq!(credentials.get(0), Some("id-from-env"));
        assert_eq!(credentials.get(1), None, "a blank variable is unset");
        assert_eq!(credentials.get(5), Some("u:p"));
        assert_eq!(format!("{credentials:?}"), r#"{"clientId": "<redacted>", "basic": "<redacted>"}"#);
        assert_eq!(credentials.clone().with(99, "x".into()).get(99), None, "an index the API lacks is ignored");
    }
}
