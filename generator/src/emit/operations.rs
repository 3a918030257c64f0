//! Client methods, one per operation, and each operation's error enum (chosen by status).

use super::{doc, field_ident, ident, Cx};
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
                    let (vn, t) = (ident(&e.variant), cx.ty(&e.ty));
                    let status = match e.status {
                        StatusMatch::Code(c) => c.to_string(),
                        StatusMatch::Range(r) => format!("{r}XX"),
                        StatusMatch::Default => "Any other status".to_string(),
                    };
                    let d = doc(Some(&format!("{status}: {}", e.doc.as_deref().unwrap_or(""))));
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
            let success_ty = match (&op.success, op.success_raw) {
                (Some(t), _) => cx.ty(t),
                (None, Some(RawBody::Text)) => quote!(::std::string::String),
                (None, Some(RawBody::Binary)) => quote!(#rt::Binary),
                (None, None) => quote!(()),
            };
            let (param, body_arg, validate) = match &op.body {
                None => (TokenStream::new(), quote!(#rt::Payload::Empty), TokenStream::new()),
                Some(b) => {
                    let t = match &b.ty {
                        TypeRef::String => quote!(str),
                        other => cx.ty(other),
                    };
                    let validates =
                        matches!(&b.ty, TypeRef::Named(n) if model.types.get(n).is_some_and(|d| d.validates));
                    if b.required {
                        let v = if validates { quote!(self.0.check(body)?;) } else { quote!() };
                        (quote!(body: &#t), payload(cx, b, &error_ty, quote!(::std::option::Option::Some(body))), v)
                    } else {
                        let v = if validates {
                            quote!(if let ::std::option::Option::Some(body) = body {
                                self.0.check(body)?;
                            })
                        } else {
                            quote!()
                        };
                        (quote!(body: ::std::option::Option<&#t>), payload(cx, b, &error_ty, quote!(body)), v)
                    }
                }
            };
            let method = ident(&op.method);
            let template = &op.path;
            let (param_args, fill, [path, query, headers]) = params(cx, op);
            let key = auth(cx, op.auth.as_ref());
            let status = pattern(op.success_status);
            let success = match (&op.success, op.success_raw) {
                (Some(_), _) => quote!(response.json()),
                (None, Some(RawBody::Text)) => quote!(response.text()),
                (None, Some(RawBody::Binary)) => quote!(response.binary()),
                (None, None) => quote!(response.empty()),
            };
            let error_arms = op.errors.iter().map(|e| {
                let (vn, ename, p) = (ident(&e.variant), &error_ty, pattern(e.status));
                quote!(#p => response.error(#ename::#vn),)
            });
            let fallback = if op.errors.iter().any(|e| e.status == StatusMatch::Default) {
                TokenStream::new()
            } else {
                quote!(_ => response.unexpected(),)
            };
            let mut text = op.doc.clone().unwrap_or_default();
            text = format!("{text}\n\n`{} {}`", op.method, op.path).trim().to_string();
            let d = doc(Some(&text));
            // One argument per parameter mirrors the document; clippy's limit does not apply.
            let allow = if param_args.len() + usize::from(op.body.is_some()) > 6 {
                quote!(#[allow(clippy::too_many_arguments)])
            } else {
                TokenStream::new()
            };
            let deprecated = if op.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
            let error_arms: Vec<TokenStream> = error_arms.collect();
            let request = quote! {
                #rt::Request {
                    method: ::reqwest::Method::#method,
                    template: #template,
                    path: #path,
                    query: #query,
                    headers: #headers,
                    auth: #key,
                    body: #body_arg,
                }
            };
            // A binary body can be large: a second method hands it over as it arrives.
            let streamed = if op.success.is_none() && op.success_raw == Some(RawBody::Binary) {
                let sname = field_ident(&format!("{}_stream", op.name));
                let failure = if error_arms.is_empty() {
                    quote!(response.unexpected())
                } else {
                    quote!(match response.status() { #(#error_arms)* #fallback })
                };
                let sd = doc(Some(&format!(
                    "As [`Self::{}`], but the body is returned unread, to be written to a file or \
                     any async writer as it arrives ([`{}::Download`]); memory stays bounded \
                     whatever its size, and the timeout limits a stall rather than the whole download.",
                    op.name,
                    cx.rt.to_string().replace(' ', "")
                )));
                quote! {
                    #sd
                    #allow
                    #deprecated
                    pub async fn #sname(&self, #(#param_args,)* #param) -> ::std::result::Result<#rt::Download, #rt::Error<#error_ty>> {
                        #validate
                        #fill
                        let received = self
                            .0
                            .send_streamed(#request, |status| matches!(status, #status))
                            .await?;
                        let response = match received {
                            #rt::Received::Streaming(download) => return ::std::result::Result::Ok(download),
                            #rt::Received::Whole(response) => response,
                        };
                        #failure
                    }
                }
            } else {
                TokenStream::new()
            };
            quote! {
                #d
                #allow
                #deprecated
                pub async fn #fname(&self, #(#param_args,)* #param) -> ::std::result::Result<#success_ty, #rt::Error<#error_ty>> {
                    #validate
                    #fill
                    let response = self.0.send(#request).await?;
                    match response.status() {
                        #status => #success,
                        #(#error_arms)*
                        #fallback
                    }
                }
                #streamed
            }
        })
        .collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #(#error_enums)*
        impl Client { #(#methods)* }
    }
}

/// The method arguments for an operation's parameters, the statements that build the path,
/// query and headers from them, and the expressions passed for those three.
fn params(cx: &Cx, op: &Operation) -> (Vec<TokenStream>, TokenStream, [TokenStream; 3]) {
    let rt = &cx.rt;
    let args = op
        .params
        .iter()
        .map(|p| {
            let n = field_ident(&p.name);
            let t = match &p.ty {
                TypeRef::String => quote!(str),
                other => cx.ty(other),
            };
            let t = if p.displayed {
                quote!(impl ::std::fmt::Display)
            } else if by_value(&p.ty) {
                t
            } else {
                quote!(&#t)
            };
            if p.required {
                quote!(#n: #t)
            } else {
                quote!(#n: ::std::option::Option<#t>)
            }
        })
        .collect();
    // The template with each `{name}` as `{}`, and its values in order.
    let mut format = String::new();
    let mut rest = op.path.as_str();
    let mut segments = Vec::new();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        format.push_str(&rest[..start].replace('}', "}}"));
        format.push_str("{}");
        let name = &rest[start + 1..start + len];
        if let Some(p) = op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire == name) {
            let n = field_ident(&p.name);
            segments.push(if p.displayed {
                quote!(#rt::params::path_segment(&#n.to_string()))
            } else if by_value(&p.ty) {
                quote!(#rt::params::path_segment(&#n))
            } else {
                quote!(#rt::params::path_segment(#n))
            });
        }
        rest = &rest[start + len + 1..];
    }
    format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let template = &op.path;
    let (path, path_arg) = if segments.is_empty() {
        (TokenStream::new(), quote!(#template))
    } else {
        (quote!(let path = ::std::format!(#format, #(#segments),*);), quote!(&path))
    };
    let pushes = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| {
        let (n, wire) = (field_ident(&p.name), &p.wire);
        let (list, add) = match p.location {
            ParamLocation::Header => (quote!(headers), quote!(#rt::params::header)),
            _ => (quote!(query), quote!(#rt::params::query)),
        };
        let r = if by_value(&p.ty) { quote!(&) } else { quote!() };
        if p.required {
            quote!(#add(&mut #list, #wire, #r #n);)
        } else {
            quote!(if let ::std::option::Option::Some(value) = #n { #add(&mut #list, #wire, #r value); })
        }
    });
    let has = |loc: ParamLocation| op.params.iter().any(|p| p.location == loc);
    let list = |loc: ParamLocation, name: TokenStream| {
        if has(loc) {
            (quote!(let mut #name = ::std::vec::Vec::new();), quote!(&#name))
        } else {
            (TokenStream::new(), quote!(&[]))
        }
    };
    let (query, query_arg) = list(ParamLocation::Query, quote!(query));
    let (headers, headers_arg) = list(ParamLocation::Header, quote!(headers));
    (args, quote! { #path #query #headers #(#pushes)* }, [path_arg, query_arg, headers_arg])
}

/// How a request presents the key, as the runtime spells it.
pub(crate) fn auth(cx: &Cx, auth: Option<&Auth>) -> TokenStream {
    let rt = &cx.rt;
    match auth {
        Some(Auth::Header(h)) => quote!(#rt::Auth::Header(#h)),
        Some(Auth::Bearer) => quote!(#rt::Auth::Bearer),
        None => quote!(#rt::Auth::None),
    }
}

/// The `match` pattern for the statuses a response covers.
fn pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        StatusMatch::Range(r) => {
            let (from, to) = (r * 100, r * 100 + 99);
            let (from, to) = (proc_macro2::Literal::u16_unsuffixed(from), proc_macro2::Literal::u16_unsuffixed(to));
            quote!(#from..=#to)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// The request body, encoded as JSON or as a form (`body` is an `Option` of a reference).
fn payload(cx: &Cx, b: &Body, error_ty: &TokenStream, body: TokenStream) -> TokenStream {
    let rt = &cx.rt;
    match &b.encoding {
        Encoding::Json => quote!(#rt::Payload::json::<_, #error_ty>(#body)?),
        Encoding::Multipart => quote!(#rt::Payload::form::<_, #error_ty>(#body)?),
        Encoding::UrlEncoded => quote!(#rt::Payload::urlencoded::<_, #error_ty>(#body)?),
        Encoding::Raw(media) => quote!(#rt::Payload::raw::<_, #error_ty>(#body, #media)?),
    }
}

/// Numbers and booleans are passed by value; everything else by reference.
fn by_value(t: &TypeRef) -> bool {
    matches!(t, TypeRef::Integer | TypeRef::Int32 | TypeRef::Number | TypeRef::Boolean)
}
