//! What a generated client needs that the document does not say: the environment variables
//! holding the key and the base URL, the user agent, operations that wait by design, the
//! documentation site relative links point into, and a module of rules stated only in prose.
//! Read from a small TOML file beside the document (`<spec>.toml`); anything left out is
//! derived from the document.

use crate::error::Error;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Per-API settings, as the TOML file writes them. Read one with [`ApiSettings::from_file`],
/// [`ApiSettings::beside`] or [`ApiSettings::from_toml`] (or start from `default()`); more
/// settings may come, so it is not built by a struct literal.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ApiSettings {
    /// For an API with one security scheme: the environment variables holding its key, in the
    /// order they are read. Default: the document title in upper snake case plus `_API_KEY`.
    #[serde(default)]
    pub key_vars: Vec<String>,
    /// For an API with several security schemes: each scheme's environment variable, by the
    /// scheme's name in `components.securitySchemes`. Default: the title in upper snake case,
    /// `_`, and the scheme's name in upper snake case.
    #[serde(default)]
    pub scheme_vars: BTreeMap<String, String>,
    /// Environment variable overriding the base URL. Default: the title plus `_BASE_URL`.
    pub base_url_var: Option<String>,
    /// The default `User-Agent`. Default: the generated crate's name and version.
    pub user_agent: Option<String>,
    /// Where the documentation's relative links (`/guides/start`) lead.
    pub docs_url: Option<String>,
    /// Rules stated only in prose, per type: a schema's name as the document spells it (its
    /// `components.schemas` key) -> the path of a hand-written function in the generated crate,
    /// `fn(&Type) -> Result<(), ValidationError>` (`crate::prose::order`), which the type's
    /// `Validate` calls after the schema's own checks.
    #[serde(default)]
    pub prose_rules: BTreeMap<String, String>,
    /// Operations that wait by design, with the timeout they get.
    #[serde(default)]
    pub long_calls: Vec<LongCall>,
    /// List operations read page by page: their calls get `pages()` and `items()` streams.
    #[serde(default)]
    pub paging: Vec<PagedList>,
    /// Whether operations are grouped by tag behind cargo features. Default: when the document
    /// has at least [`GROUP_BY_TAG_FROM`] operations and two tags.
    pub group_by_tag: Option<bool>,
    /// A command-line client beside the crate (`[cli]`): tools that write crates (`oapi-gen`)
    /// write one when this is present.
    pub cli: Option<CliSettings>,
    /// The file these settings were read from, named in errors about them.
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

/// The number of operations from which a document's operations are grouped by tag unless its
/// settings say otherwise: below it the whole crate compiles in seconds.
pub const GROUP_BY_TAG_FROM: usize = 100;

/// The command-line client of an API, as the `[cli]` table writes it.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CliSettings {
    /// The program's name. Default: the crate's name.
    pub binary: Option<String>,
}

/// An operation that waits by design.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LongCall {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template as the document writes it.
    pub path: String,
    /// Its timeout, in seconds.
    pub seconds: u64,
}

/// A list operation whose responses are pages, and how one leads to the next.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PagedList {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template as the document writes it.
    pub path: String,
    /// `page` (a page number, one up per page), `offset` (items to skip, up by each page's
    /// items) or `cursor` (each response names the next page).
    pub style: String,
    /// The query parameter the style advances. Default: the style's name.
    pub param: Option<String>,
    /// The first page's number, for the `page` style. Default: 1.
    pub first: Option<i64>,
    /// JSON pointer to the list of items in the success body (`/data/items`).
    pub items: String,
    /// JSON pointer to a boolean saying whether another page follows.
    pub has_more: Option<String>,
    /// JSON pointer to the number of pages (`page` style) or of items (`offset` style), at
    /// which the list ends.
    pub total: Option<String>,
    /// JSON pointer to the next page's cursor (`cursor` style; required there). An absent or
    /// empty cursor ends the list.
    pub next: Option<String>,
}

impl ApiSettings {
    /// Parses the settings file at `path`; errors name the file and the key.
    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let with_file = |mut e: Error| {
            e.file = Some(path.to_path_buf());
            e
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| with_file(Error::at("#", format!("cannot read the settings file: {e}"))))?;
        let settings = Self::from_toml(&text).map_err(with_file)?;
        Ok(Self { file: Some(path.to_path_buf()), ..settings })
    }

    /// Parses settings from TOML text.
    pub fn from_toml(text: &str) -> Result<Self, Error> {
        toml::from_str(text).map_err(|e| Error::at("#", format!("invalid settings: {}", e.message().trim())))
    }

    /// Where the settings file of a document is looked for: beside it, with the extension
    /// `.toml` (`spec/api.yaml` -> `spec/api.toml`).
    pub fn path_beside(spec: &Path) -> PathBuf {
        spec.with_extension("toml")
    }

    /// The settings file beside a document ([`ApiSettings::path_beside`]), if any.
    pub fn beside(spec: &Path) -> Result<Self, Error> {
        let path = Self::path_beside(spec);
        if path.exists() {
            Self::from_file(&path)
        } else {
            Ok(Self::default())
        }
    }

    /// An error about the settings at `pointer` (`#/long_calls/0`), naming their file.
    pub(crate) fn error(&self, pointer: impl Into<String>, message: impl Into<String>) -> Error {
        Error { file: self.file.clone(), ..Error::at(pointer, message) }
    }

    /// The key variables, or the one derived from `title`.
    pub fn key_vars_for(&self, title: &str) -> Vec<String> {
        if self.key_vars.is_empty() {
            vec![format!("{}_API_KEY", env_prefix(title))]
        } else {
            self.key_vars.clone()
        }
    }

    /// The environment variable of security scheme `scheme`, or the one derived from `title`
    /// and the scheme's name.
    pub fn scheme_var_for(&self, title: &str, scheme: &str) -> String {
        self.scheme_vars.get(scheme).cloned().unwrap_or_else(|| {
            format!("{}_{}", env_prefix(title), heck::ToShoutySnakeCase::to_shouty_snake_case(scheme))
        })
    }

    /// The base URL variable, or the one derived from `title`.
    pub fn base_url_var_for(&self, title: &str) -> String {
        self.base_url_var.clone().unwrap_or_else(|| format!("{}_BASE_URL", env_prefix(title)))
    }
}

/// `Pet Store API` -> `PET_STORE`: the title in upper snake case, without a trailing `API`.
fn env_prefix(title: &str) -> String {
    let snake = heck::ToShoutySnakeCase::to_shouty_snake_case(title);
    let trimmed = snake.trim_end_matches("_API").trim_matches('_');
    let prefix: String = trimmed.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if prefix.is_empty() || prefix.starts_with(|c: char| c.is_ascii_digit()) {
        format!("API{}", if prefix.is_empty() { String::new() } else { format!("_{prefix}") })
    } else {
        prefix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_defaults_come_from_the_title() {
        let s = ApiSettings::from_toml(
            "key_vars = [\"A_KEY\", \"B_KEY\"]\nprose_rules = { Order = \"crate::rules::order\" }\n\n[[long_calls]]\nmethod = \"POST\"\npath = \"/wait\"\nseconds = 600\n",
        )
        .unwrap();
        assert_eq!(s.key_vars_for("x"), ["A_KEY", "B_KEY"]);
        assert_eq!(s.long_calls, [LongCall { method: "POST".into(), path: "/wait".into(), seconds: 600 }]);
        let none = ApiSettings::default();
        assert_eq!(none.key_vars_for("Pet Store API"), ["PET_STORE_API_KEY"]);
        assert_eq!(none.base_url_var_for("Swagger Petstore - OpenAPI 3.0"), "SWAGGER_PETSTORE_OPEN_API_3_0_BASE_URL");
        assert_eq!(none.key_vars_for("42"), ["API_42_API_KEY"]);
        assert_eq!(none.scheme_var_for("Pay API", "clientId"), "PAY_CLIENT_ID");
        let named = ApiSettings::from_toml("scheme_vars = { clientId = \"PAY_ID\" }").unwrap();
        assert_eq!(named.scheme_var_for("Pay API", "clientId"), "PAY_ID");
    }

    #[test]
    fn unknown_keys_are_refused_with_their_name() {
        let err = ApiSettings::from_toml("key_var = \"X\"").unwrap_err().to_string();
        assert!(err.contains("unknown field `key_var`"), "{err}");
    }
}
