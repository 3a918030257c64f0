//! The `mock` module (behind the generated crate's `mock` feature): a loopback stand-in for the
//! API with one method per operation, each giving the runtime's mock endpoint typed with the
//! operation's request body and success value.

use super::{doc, field_ident, gate_attr, Cx};
use crate::ir::{Encoding, Model, Operation, StatusMatch, SuccessBody};
use crate::names::reserved::MOCK_SERVER_METHODS;
use proc_macro2::TokenStream;
use quote::quote;

/// The `mock` module.
pub(crate) fn emit_mock(cx: &Cx, model: &Model) -> TokenStream {
    let rt = &cx.rt;
    let inner = Cx { scope: quote!(super::types::), ..cx.clone() };
    let endpoints = model.operations.iter().map(|op| endpoint(&inner, op));
    let routes = model.operations.iter().map(|op| {
        let (method, template) = (&op.method, &op.path.text);
        quote!((#method, #template))
    });
    let title = &model.info.title;
    let about = format!(
        "A loopback stand-in for {title}, for the tests of code that calls it: start a [`MockServer`], say \
         what each operation answers, hand the code under test [`MockServer::client`], then read back the \
         requests it sent. Behind the `mock` feature (a dev-dependency's `features = [\"mock\"]`)."
    );
    let server_doc = format!(
        "A mock server on a loopback port, stopped when dropped: the runtime's [`MockServer`]({}::mock::MockServer) \
         (`uri`, `received`, `wiremock`) with a method per operation.",
        rt.to_string().replace(' ', "")
    );
    quote! {
        #[doc = #about]
        #[cfg(feature = "mock")]
        pub mod mock {
            /// Every operation's method and path template.
            const ROUTES: &[(&str, &str)] = &[#(#routes),*];

            #[doc = #server_doc]
            #[derive(Debug)]
            pub struct MockServer(#rt::mock::MockServer);

            impl ::std::ops::Deref for MockServer {
                type Target = #rt::mock::MockServer;
                fn deref(&self) -> &Self::Target {
                    &self.0
                }
            }

            impl MockServer {
                /// Starts a mock server.
                pub async fn start() -> Self {
                    Self(#rt::mock::MockServer::start(&super::SETTINGS, ROUTES).await)
                }
                /// A client pointed at this server, with a made-up credential for every scheme
                /// and no retries (see the runtime's `MockServer::client_builder` to change that).
                pub fn client(&self) -> super::Client {
                    self.0.client()
                }
                #(#endpoints)*
            }
        }
    }
}

/// The method giving `op`'s endpoint.
fn endpoint(cx: &Cx, op: &Operation) -> TokenStream {
    let rt = &cx.rt;
    let name = if MOCK_SERVER_METHODS.contains(&op.name.as_str()) {
        field_ident(&format!("{}_endpoint", op.name))
    } else {
        field_ident(&op.name)
    };
    let (body_ty, decode) = match &op.body {
        None => (quote!(()), quote!(#rt::mock::no_body)),
        Some(b) => match &b.encoding {
            Encoding::Json => (cx.ty(&b.ty), quote!(#rt::mock::from_json)),
            Encoding::EmptyObject => (quote!(::serde_json::Value), quote!(#rt::mock::from_json)),
            Encoding::Multipart | Encoding::UrlEncoded(_) | Encoding::Raw(_) => {
                (quote!(#rt::mock::Bytes), quote!(#rt::mock::bytes))
            }
        },
    };
    let (success_ty, encode) = match &op.success.body {
        SuccessBody::Json(t) => (cx.ty(t), quote!(#rt::mock::json)),
        SuccessBody::Text => (quote!(str), quote!(#rt::mock::text)),
        SuccessBody::Binary => (quote!(#rt::Binary), quote!(#rt::mock::binary)),
        SuccessBody::Empty => (quote!(()), quote!(#rt::mock::empty)),
    };
    let status = match op.success.status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(digit) => digit * 100,
        StatusMatch::Default => 200,
    };
    let method = super::ident(&op.method);
    let template = &op.path.text;
    let gate = gate_attr(&op.gate);
    let d = doc(Some(&format!(
        "`{} {}`: what [`super::Client::{}`] is answered with here, and the requests it sent.",
        op.method, op.path.text, op.name
    )));
    quote! {
        #d
        #gate
        pub fn #name(&self) -> #rt::mock::Endpoint<'_, #body_ty, #success_ty> {
            self.0.endpoint(::reqwest::Method::#method, #template, #status, #encode, #decode)
        }
    }
}
