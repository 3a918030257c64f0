//! Client methods, one per operation, and each operation's error enum (chosen by status).

use super::{doc, field_ident, ident, ty, Cx};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn emit_operations(cx: &Cx, model: &Model) -> TokenStream {
    let rt = &cx.rt;
    let mut error_enums = Vec::new();
    let methods: Vec<TokenStream> = model
        .operations
        .iter()
        .map(|op| {
            let fname = field_ident(&op.name);
            let error_ty = if let Some(error_type) = &op.error_type {
                let ename = ident(error_type);
                let text = format!("Error bodies declared for `{}`, chosen by status code.", op.name);
                let variants = op.errors.iter().map(|e| {
                    let (vn, t) = (ident(&e.variant), ty(&e.ty));
                    let d = doc(Some(&format!("{}: {}", e.status, e.doc.as_deref().unwrap_or(""))));
                    quote!(#d #vn(#t),)
                });
                error_enums.push(quote! {
                    #[doc = #text]
                    #[derive(Debug, Clone, PartialEq)]
                    pub enum #ename { #(#variants)* }
                });
                quote!(#ename)
            } else {
                quote!(::std::convert::Infallible)
            };
            let success_ty = op.success.as_ref().map(ty).unwrap_or_else(|| quote!(()));
            let (param, body_arg, validate) = match &op.body {
                None => (TokenStream::new(), quote!(::std::option::Option::None::<&()>), TokenStream::new()),
                Some(b) => {
                    let t = ty(&b.ty);
                    let validates =
                        matches!(&b.ty, TypeRef::Named(n) if model.types.get(n).is_some_and(|d| d.validates));
                    if b.required {
                        let v = if validates { quote!(self.check(body)?;) } else { quote!() };
                        (quote!(body: &#t), quote!(::std::option::Option::Some(body)), v)
                    } else {
                        let v = if validates {
                            quote!(if let ::std::option::Option::Some(body) = body {
                                self.check(body)?;
                            })
                        } else {
                            quote!()
                        };
                        (quote!(body: ::std::option::Option<&#t>), quote!(body), v)
                    }
                }
            };
            let method = ident(&op.method);
            let path = &op.path;
            let key = match &op.api_key_header {
                Some(h) => quote!(::std::option::Option::Some(#h)),
                None => quote!(::std::option::Option::None),
            };
            let status = proc_macro2::Literal::u16_unsuffixed(op.success_status);
            let success = if op.success.is_some() { quote!(response.json()) } else { quote!(response.empty()) };
            let error_arms = op.errors.iter().map(|e| {
                let (code, vn, ename) = (proc_macro2::Literal::u16_unsuffixed(e.status), ident(&e.variant), &error_ty);
                quote!(#code => response.error(#ename::#vn),)
            });
            let mut text = op.doc.clone().unwrap_or_default();
            text = format!("{text}\n\n`{} {}`", op.method, op.path).trim().to_string();
            let d = doc(Some(&text));
            quote! {
                #d
                pub async fn #fname(&self, #param) -> ::std::result::Result<#success_ty, #rt::Error<#error_ty>> {
                    #validate
                    let response = self.send(::reqwest::Method::#method, #path, #key, #body_arg).await?;
                    match response.status() {
                        #status => #success,
                        #(#error_arms)*
                        _ => response.unexpected(),
                    }
                }
            }
        })
        .collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #(#error_enums)*
        impl #rt::Client { #(#methods)* }
    }
}
