//! The generated crate's own `Client`, wrapping the runtime's, and the settings it hands the
//! runtime: each generated crate has its own client type, while `Error`, `RetryPolicy` and
//! `ClientBuilder` are the runtime's and shared by every generated crate in a program.

use super::Cx;
use crate::ir::Model;
use proc_macro2::TokenStream;
use quote::quote;

/// `DEFAULT_BASE_URL`, `SETTINGS`, `Client`, `ClientBuilder` and the client's own methods.
pub(crate) fn emit_client(cx: &Cx, model: &Model) -> TokenStream {
    let rt = &cx.rt;
    let base_url = model.default_base_url.clone().unwrap_or_default();
    let default_auth = super::operations::auth(cx, model.default_auth.as_ref());
    let title = &model.info.title;
    let facts = &model.client;
    let (key_vars, base_url_var, needs_key) = (&facts.key_vars, &facts.base_url_var, facts.needs_key);
    let user_agent = match &facts.user_agent {
        Some(ua) => quote!(#ua),
        None => quote!(::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION"))),
    };
    let about = format!(
        "A client for {title}: one method per operation, over the runtime's [`{}::Client`].",
        rt.to_string().replace(' ', "")
    );
    let (new, builder) = if needs_key {
        (
            quote! {
                /// A client for the default server ([`DEFAULT_BASE_URL`]) with this API key.
                pub fn new(api_key: impl ::std::convert::Into<::std::string::String>) -> ::std::result::Result<Self, #rt::Error> {
                    Self::builder(api_key).build()
                }
            },
            quote! {
                /// A builder, to set the base URL, timeouts, retries and headers.
                pub fn builder(api_key: impl ::std::convert::Into<::std::string::String>) -> ClientBuilder {
                    #rt::ClientBuilder::new(&SETTINGS, ::std::option::Option::Some(api_key.into()))
                }
            },
        )
    } else {
        (
            quote! {
                /// A client for the default server ([`DEFAULT_BASE_URL`]); this API needs no key.
                pub fn new() -> ::std::result::Result<Self, #rt::Error> {
                    Self::builder().build()
                }
            },
            quote! {
                /// A builder, to set the base URL, timeouts, retries and headers.
                pub fn builder() -> ClientBuilder {
                    #rt::ClientBuilder::new(&SETTINGS, ::std::option::Option::None)
                }
            },
        )
    };
    let env_doc = format!(
        "A client configured from the environment: the API key from the first of {} that is set, and the base URL from `{base_url_var}` if set.",
        key_vars.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
    );
    quote! {
        /// Base URL of the document's first `servers` entry; the client's default.
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// What the runtime needs to know about this API.
        pub static SETTINGS: #rt::Settings = #rt::Settings {
            base_url: DEFAULT_BASE_URL,
            key_vars: &[#(#key_vars),*],
            base_url_var: ::std::option::Option::Some(#base_url_var),
            user_agent: #user_agent,
            needs_key: #needs_key,
            auth: #default_auth,
        };

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
            /// Calls an endpoint the document does not describe, with this client's key, base URL,
            /// timeouts, retries and errors (see the runtime's `Client::call`).
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
