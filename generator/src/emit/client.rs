//! The generated crate's own `Client`, wrapping the runtime's, and the settings it hands the
//! runtime: each generated crate has its own client type, while `Error`, `RetryPolicy` and
//! `ClientBuilder` are the runtime's and shared by every generated crate in a program.

use super::Cx;
use crate::ir::{Model, Place};
use proc_macro2::TokenStream;
use quote::quote;

/// `DEFAULT_BASE_URL`, `SETTINGS`, `Client`, `ClientBuilder` and the client's own methods.
pub(crate) fn emit_client(cx: &Cx, model: &Model) -> TokenStream {
    let rt = &cx.rt;
    let settings = settings(cx, model);
    let about = format!(
        "A client for {}: one method per operation, over the runtime's [`{}::Client`].",
        model.info.title,
        rt.to_string().replace(' ', "")
    );
    let (new, builder, credentials, env_doc) = constructors(cx, model);
    quote! {
        #settings

        #credentials

        #[doc = #about]
        ///
        /// Cheap to clone; [`Client::with_timeout`] and [`Client::with_retry`] make per-call variants.
        #[derive(Clone, Debug)]
        pub struct Client(#rt::Client);

        impl ::std::convert::From<#rt::Client> for Client {
            fn from(client: #rt::Client) -> Self {
                Self(client)
            }
        }

        /// Builds a [`Client`].
        pub type ClientBuilder = #rt::ClientBuilder<Client>;

        impl Client {
            #new
            #builder
            #[doc = #env_doc]
            pub fn from_env() -> ::std::result::Result<Self, #rt::Error> {
                ClientBuilder::from_env(&SETTINGS)?.build()
            }
            /// The base URL requests go to (no trailing slash).
            pub fn base_url(&self) -> &str {
                self.0.base_url()
            }
            /// This client with another whole-request timeout, for one call or a group of calls.
            pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.with_timeout(timeout))
            }
            /// This client with another retry policy, for one call or a group of calls.
            pub fn with_retry(&self, retry: #rt::RetryPolicy) -> Self {
                Self(self.0.with_retry(retry))
            }
            /// Calls an endpoint the document does not describe, with this client's base URL,
            /// timeouts, retries and errors, and the credentials of the document's top-level
            /// `security`, else those most operations send (see the runtime's `Client::call`).
            pub async fn call<T: ::serde::de::DeserializeOwned>(
                &self,
                method: ::reqwest::Method,
                path: &str,
                query: &[(&str, &str)],
                body: ::std::option::Option<&::serde_json::Value>,
            ) -> ::std::result::Result<T, #rt::Error<::serde_json::Value>> {
                self.0.call(method, path, query, body).await
            }
            /// The runtime's client this one wraps.
            pub fn runtime(&self) -> &#rt::Client {
                &self.0
            }
        }
    }
}

/// `DEFAULT_BASE_URL` and `SETTINGS`, what the runtime needs to know about this API.
fn settings(cx: &Cx, model: &Model) -> TokenStream {
    let rt = &cx.rt;
    let base_url = model.default_base_url.clone().unwrap_or_default();
    let default_security = super::operations::security(cx, model, &model.default_security);
    let facts = &model.client;
    let (key_vars, base_url_var) = (&facts.key_vars, &facts.base_url_var);
    let user_agent = match &facts.user_agent {
        Some(ua) => quote!(#ua),
        None => quote!(::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION"))),
    };
    let single = model.schemes.len() == 1;
    let key_optional = facts.key_optional;
    let schemes = model.schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let var = &scheme.var;
        let setter = if single { "Client::new".to_owned() } else { format!("Credentials::{}", scheme.setter) };
        let place = match &scheme.place {
            Place::Header(h) => quote!(#rt::Place::Header(#h)),
            Place::Bearer => quote!(#rt::Place::Bearer),
            Place::Basic => quote!(#rt::Place::Basic),
            Place::Query(q) => quote!(#rt::Place::Query(#q)),
            Place::Cookie(c) => quote!(#rt::Place::Cookie(#c)),
        };
        quote!(#rt::Scheme { name: #name, place: #place, var: #var, setter: #setter })
    });
    quote! {
        /// Base URL of the document's first `servers` entry; the client's default.
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// What the runtime needs to know about this API.
        pub static SETTINGS: #rt::Settings = #rt::Settings {
            base_url: DEFAULT_BASE_URL,
            key_vars: &[#(#key_vars),*],
            base_url_var: ::std::option::Option::Some(#base_url_var),
            user_agent: #user_agent,
            schemes: &[#(#schemes),*],
            security: #default_security,
            key_optional: #key_optional,
        };
    }
}

/// The client's `new` and `builder` (with `builder_without_key` where some operations take no
/// key), the `Credentials` type when the API has several schemes, and `from_env`'s docs: all
/// follow from how many security schemes the client sends.
fn constructors(cx: &Cx, model: &Model) -> (TokenStream, TokenStream, TokenStream, String) {
    let rt = &cx.rt;
    let facts = &model.client;
    let (key_vars, base_url_var, key_optional) = (&facts.key_vars, &facts.base_url_var, facts.key_optional);
    match model.schemes.len() {
        0 => (
            quote! {
                /// A client for the default server ([`DEFAULT_BASE_URL`]); this API needs no key.
                pub fn new() -> ::std::result::Result<Self, #rt::Error> {
                    Self::builder().build()
                }
            },
            quote! {
                /// A builder, to set the base URL, timeouts, retries and headers.
                pub fn builder() -> ClientBuilder {
                    #rt::ClientBuilder::new(&SETTINGS, #rt::Credentials::new(&SETTINGS))
                }
            },
            TokenStream::new(),
            format!("A client configured from the environment: the base URL from `{base_url_var}` if set."),
        ),
        1 => (
            quote! {
                /// A client for the default server ([`DEFAULT_BASE_URL`]) with this API key.
                pub fn new(api_key: impl ::std::convert::Into<::std::string::String>) -> ::std::result::Result<Self, #rt::Error> {
                    Self::builder(api_key).build()
                }
            },
            {
                // Some operations take no key: a client without one can call them.
                let keyless = key_optional.then(|| {
                    quote! {
                        /// A builder without an API key, for the operations that take none; the others
                        /// fail with `Error::MissingCredential` before sending. `from_env` builds
                        /// such a client too when no key variable is set.
                        pub fn builder_without_key() -> ClientBuilder {
                            #rt::ClientBuilder::new(&SETTINGS, #rt::Credentials::new(&SETTINGS))
                        }
                    }
                });
                quote! {
                    /// A builder, to set the base URL, timeouts, retries and headers.
                    pub fn builder(api_key: impl ::std::convert::Into<::std::string::String>) -> ClientBuilder {
                        #rt::ClientBuilder::new(&SETTINGS, #rt::Credentials::new(&SETTINGS).with(0, api_key.into()))
                    }
                    #keyless
                }
            },
            TokenStream::new(),
            format!(
                "A client configured from the environment: the API key from the first of {} that is set, and the base URL from `{base_url_var}` if set.",
                key_vars.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
            ),
        ),
        _ => (
            quote! {
                /// A client for the default server ([`DEFAULT_BASE_URL`]) with these credentials.
                pub fn new(credentials: Credentials) -> ::std::result::Result<Self, #rt::Error> {
                    Self::builder(credentials).build()
                }
            },
            quote! {
                /// A builder, to set the base URL, timeouts, retries and headers.
                pub fn builder(credentials: Credentials) -> ClientBuilder {
                    #rt::ClientBuilder::new(&SETTINGS, credentials.0)
                }
            },
            credentials_type(cx, model),
            format!(
                "A client configured from the environment: each credential from its own variable where set ({}), and the base URL from `{base_url_var}` if set.",
                model.schemes.iter().map(|s| format!("`{}`", s.var)).collect::<Vec<_>>().join(", ")
            ),
        ),
    }
}

/// The `Credentials` of an API with several security schemes: one setter per scheme.
fn credentials_type(cx: &Cx, model: &Model) -> TokenStream {
    let rt = &cx.rt;
    let setters = model.schemes.iter().enumerate().map(|(index, scheme)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let setter = super::field_ident(&scheme.setter);
        let carried = match &scheme.place {
            Place::Header(h) => format!("an API key, sent in the `{h}` header"),
            Place::Bearer => "a token, sent as `Authorization: Bearer <token>`".to_owned(),
            Place::Basic => "a user and password, sent as HTTP basic authentication".to_owned(),
            Place::Query(q) => format!("an API key, sent as the `{q}` query parameter"),
            Place::Cookie(c) => format!("an API key, sent as the `{c}` cookie"),
        };
        let mut text = format!(
            "The credential of the `{}` scheme: {carried}.\n[`Client::from_env`] reads it from `{}`.",
            scheme.name, scheme.var
        );
        if let Some(more) = &scheme.doc {
            text.push_str("\n\n");
            text.push_str(more);
        }
        let doc = super::doc(Some(&text));
        if scheme.place == Place::Basic {
            quote! {
                #doc
                pub fn #setter(self, user: impl ::std::fmt::Display, password: impl ::std::fmt::Display) -> Self {
                    Self(self.0.with(#index, ::std::format!("{user}:{password}")))
                }
            }
        } else {
            quote! {
                #doc
                pub fn #setter(self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                    Self(self.0.with(#index, value.into()))
                }
            }
        }
    });
    quote! {
        /// The credentials of this API's security schemes, one setter each: set those your calls
        /// need. A call whose operation needs one that is not set fails with
        /// `Error::MissingCredential` before anything is sent. `Debug` names the schemes that are
        /// set and shows no value.
        #[derive(Clone, Debug)]
        pub struct Credentials(#rt::Credentials);

        impl Credentials {
            /// No credential set.
            pub fn new() -> Self {
                Self(#rt::Credentials::new(&SETTINGS))
            }
            #(#setters)*
        }

        impl ::std::default::Default for Credentials {
            fn default() -> Self {
                Self::new()
            }
        }

        impl ::std::convert::From<Credentials> for #rt::Credentials {
            fn from(credentials: Credentials) -> Self {
                credentials.0
            }
        }
    }
}
