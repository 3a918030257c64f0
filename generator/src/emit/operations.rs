//! Client methods, one per operation, each returning a call type (in the generated `calls`
//! module) that holds the optional parameters and sends the request when awaited; and each
//! operation's error enum (chosen by status).

use super::{doc, field_ident, gate_attr, ident, unparse, unparse_gated, unparse_inside_gated, Cx};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// What an operation adds to the module, formatted: its error enum (if it has one), its
/// `Client` method (lines inside `impl Client`) and its call type (lines inside `mod calls`).
/// Operations are formatted one at a time, on any thread, and put together by
/// [`assemble`]; the text is the same as formatting them all at once.
pub(crate) struct Formatted {
    error_enum: String,
    method: String,
    call: String,
}

/// Formats one operation (see [`Formatted`]).
pub(crate) fn emit_operation(cx: &Cx, model: &Model, op: &Operation) -> Formatted {
    let (error_enum, error_ty) = match &op.error_type {
        Some(error_type) => {
            let e = ident(error_type);
            (unparse_gated(error_enum(cx, op, error_type), &op.gate), quote!(super::types::#e))
        }
        None => (String::new(), quote!(::std::convert::Infallible)),
    };
    // The document's types are in `types`: reached as `types::` from `impl Client`, as
    // `super::types::` from `calls`; an error enum is one of them.
    let root = Cx { scope: quote!(types::), ..cx.clone() };
    let (attr, method) = (gate_attr(&op.gate), method(&root, op));
    let inner = Cx { scope: quote!(super::types::), ..cx.clone() };
    let call = call(&inner, model, op, &error_ty);
    Formatted {
        error_enum,
        method: inside(&unparse(quote!(impl Client { #attr #method }))),
        call: inside(&unparse_inside_gated(quote!(pub mod calls { #call }), &op.gate)),
    }
}

/// The operations' error enums, formatted as items of the `types` module.
pub(crate) fn error_enums(ops: &[Formatted]) -> String {
    ops.iter().map(|o| o.error_enum.as_str()).collect()
}

/// The operations' code besides their error enums: `impl Client` with their methods, then the
/// `calls` module with their call types.
pub(crate) fn assemble(ops: &[Formatted]) -> String {
    if ops.is_empty() {
        return String::new();
    }
    let mut out = String::from("impl Client {\n");
    out.extend(ops.iter().map(|o| o.method.as_str()));
    out += "}\n";
    out += "/// One type per operation: the call a [`Client`] method returns. Optional parameters\n";
    out += "/// are set on it; awaiting it (or its `send`) sends the request.\n";
    out += "pub mod calls {\n";
    out.extend(ops.iter().map(|o| o.call.as_str()));
    out += "}\n";
    out
}

/// The lines between a formatted block's opening line (`impl Client {`) and its closing `}`.
fn inside(formatted: &str) -> String {
    let start = formatted.find("{\n").map_or(0, |at| at + 2);
    let end = formatted.rfind('}').filter(|&end| end >= start).unwrap_or(formatted.len());
    formatted[start..end].to_string()
}

fn error_enum(cx: &Cx, op: &Operation, error_type: &str) -> TokenStream {
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
    quote! {
        #[doc = #text]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #ename { #(#variants)* }
    }
}

/// The argument a method takes for a required parameter, and how the call stores it.
fn required_arg(cx: &Cx, p: &Param) -> (TokenStream, TokenStream) {
    let n = field_ident(&p.name);
    if p.displayed {
        (quote!(#n: impl ::std::fmt::Display), quote!(#n: #n.to_string()))
    } else {
        let t = cx.ty(&p.ty);
        (quote!(#n: impl ::std::convert::Into<#t>), quote!(#n: #n.into()))
    }
}

/// The body's type as the call borrows it (`str` for text).
fn body_ty(cx: &Cx, b: &Body) -> TokenStream {
    match &b.ty {
        TypeRef::String => quote!(str),
        other => cx.ty(other),
    }
}

/// The body the caller gives, if any (one that can only be `{}` is sent without).
fn given_body(op: &Operation) -> Option<&Body> {
    op.body.as_ref().filter(|b| b.encoding != Encoding::EmptyObject)
}

/// `Client::<operation>(required parameters, required body) -> calls::<Call>`.
fn method(cx: &Cx, op: &Operation) -> TokenStream {
    let (fname, call) = (field_ident(&op.name), ident(&op.call));
    let (mut args, mut inits) = (Vec::new(), Vec::new());
    for p in &op.params {
        let n = field_ident(&p.name);
        if p.required {
            let (arg, init) = required_arg(cx, p);
            args.push(arg);
            inits.push(init);
        } else {
            inits.push(quote!(#n: ::std::option::Option::None));
        }
    }
    match given_body(op) {
        Some(b) if b.required => {
            let t = body_ty(cx, b);
            args.push(quote!(body: &'a #t));
            inits.push(quote!(body));
        }
        Some(_) => inits.push(quote!(body: ::std::option::Option::None)),
        None => {}
    }
    let mut text = op.doc.clone().unwrap_or_default();
    text = format!("{text}\n\n`{} {}`", op.method, op.path).trim().to_string();
    let optional: Vec<String> = op.params.iter().filter(|p| !p.required).map(|p| format!("`{}`", p.name)).collect();
    let optional_body = given_body(op).is_some_and(|b| !b.required);
    let sets = match (optional.is_empty(), optional_body) {
        (true, false) => String::new(),
        (true, true) => " Its body is optional: set it with `body`.".to_string(),
        (false, body) => format!(
            " Optional parameters are set on it ({}){}.",
            optional.join(", "),
            if body { ", and the optional body with `body`" } else { "" }
        ),
    };
    text = format!("{text}\n\nReturns the call; `.await` it to send.{sets}");
    let d = doc(Some(&text));
    // One argument per required parameter mirrors the document; clippy's limit does not apply.
    let allow = if args.len() > 6 { quote!(#[allow(clippy::too_many_arguments)]) } else { TokenStream::new() };
    let deprecated = if op.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
    // A borrowed body lives as long as the call; otherwise the lifetime is the client's.
    let (generics, this, lifetime) = if given_body(op).is_some_and(|b| b.required) {
        (quote!(<'a>), quote!(&'a self), quote!('a))
    } else {
        (TokenStream::new(), quote!(&self), quote!('_))
    };
    quote! {
        #d
        #allow
        #deprecated
        pub fn #fname #generics(#this, #(#args),*) -> calls::#call<#lifetime> {
            calls::#call { client: self, extra: ::std::default::Default::default(), #(#inits),* }
        }
    }
}

/// The call type: its fields, setters for the optional parameters, `send` (and `download` for a
/// binary response) and `IntoFuture`.
fn call(cx: &Cx, model: &Model, op: &Operation, error_ty: &TokenStream) -> TokenStream {
    let rt = &cx.rt;
    let call = ident(&op.call);
    let (mut fields, mut setters) = param_members(cx, op);
    let (body_arg, validate) = body_members(cx, model, op, error_ty, &mut fields, &mut setters);
    let (success_ty, success) = match &op.success.body {
        SuccessBody::Json(t) => (cx.ty(t), quote!(response.json())),
        SuccessBody::Text => (quote!(::std::string::String), quote!(response.text())),
        SuccessBody::Binary => (quote!(#rt::Binary), quote!(response.binary())),
        SuccessBody::Empty => (quote!(()), quote!(response.empty())),
    };
    let other_success = other_success(cx, op);
    let (fill, request) = request(cx, model, op, &body_arg);
    let status = pattern(op.success.status);
    let (error_arms, fallback) = error_arms(op, error_ty);
    let output = quote!(::std::result::Result<#success_ty, #rt::Error<#error_ty>>);
    let download = if op.success.body == SuccessBody::Binary {
        let failure = match op.errors.as_slice() {
            [] => quote!(response.unexpected()),
            [only] if only.status == StatusMatch::Default => {
                let vn = ident(&only.variant);
                quote!(response.error(#error_ty::#vn))
            }
            _ => quote!(match response.status() { #(#error_arms)* #fallback }),
        };
        download(cx, error_ty, [&validate, &fill, &request, &status, &failure])
    } else {
        TokenStream::new()
    };
    let text = format!(
        "A `{}` call (`{} {}`), returned by [`super::Client::{}`]: set its optional parameters, then \
         `.await` it (or call [`Self::send`]).",
        op.name, op.method, op.path, op.name
    );
    let deprecated = if op.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
    let paging = super::paging::members(cx, op, &success_ty, error_ty);
    quote! {
        #[doc = #text]
        #deprecated
        #[derive(Debug, Clone)]
        #[must_use = "a call does nothing until it is awaited"]
        pub struct #call<'a> {
            pub(super) client: &'a super::Client,
            pub(super) extra: #rt::CallHeaders,
            #(pub(super) #fields,)*
        }
        impl<'a> #call<'a> {
            #(#setters)*
            /// Adds a header to this call only (a tracing ID, an idempotency key); it replaces a
            /// header the operation sets under that name. Its value is never printed.
            pub fn header(mut self, name: &str, value: &str) -> Self {
                self.extra.add(name, value);
                self
            }
            /// Sends the request (again as the retry policy allows) and decodes the response.
            pub fn send(self) -> #rt::Sending<'a, #success_ty, #error_ty> {
                let client: &'a super::Client = self.client;
                client.0.start(self.__request(), self.extra, Self::__decode)
            }
            /// Like [`Self::send`], and returns the response's status, headers and request ID
            /// beside the decoded value.
            pub fn with_response(self) -> #rt::Sending<'a, #rt::WithResponse<#success_ty>, #error_ty> {
                let client: &'a super::Client = self.client;
                client.0.start_with_response(self.__request(), self.extra, Self::__decode)
            }
            /// The request, or why it cannot be sent.
            fn __request(&self) -> ::std::result::Result<#rt::Request, #rt::Error<#error_ty>> {
                #validate
                #fill
                ::std::result::Result::Ok(#request)
            }
            /// The response, by its status.
            fn __decode(response: #rt::Response) -> #output {
                match response.status() {
                    #status => #success,
                    #other_success
                    #(#error_arms)*
                    #fallback
                }
            }
            #download
            #paging
        }
        impl<'a> ::std::future::IntoFuture for #call<'a> {
            type Output = #output;
            type IntoFuture = #rt::Sending<'a, #success_ty, #error_ty>;
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

/// The arm reading a 2xx status other than the call's success (servers answer 201 or 202
/// where a document says 200) as that success, where its body fits; none when the success is
/// already the whole `2XX` range.
fn other_success(cx: &Cx, op: &Operation) -> TokenStream {
    let rt = &cx.rt;
    let StatusMatch::Code(code @ 200..=299) = op.success.status else {
        return TokenStream::new();
    };
    // The 2xx statuses but the declared one, as ranges that do not overlap its arm.
    let ranges: Vec<TokenStream> = [(200, code.saturating_sub(1)), (code + 1, 299)]
        .into_iter()
        .filter(|(from, to)| from <= to)
        .map(|(from, to)| {
            let (from, to) = (proc_macro2::Literal::u16_unsuffixed(from), proc_macro2::Literal::u16_unsuffixed(to));
            if from.to_string() == to.to_string() {
                quote!(#from)
            } else {
                quote!(#from..=#to)
            }
        })
        .collect();
    let read = match &op.success.body {
        SuccessBody::Json(_) => quote!(response.other_json_success()),
        SuccessBody::Text => quote!(response.other_success(#rt::Response::text)),
        SuccessBody::Binary => quote!(response.other_success(#rt::Response::binary)),
        SuccessBody::Empty => quote!(response.other_success(#rt::Response::empty)),
    };
    quote!(#(#ranges)|* => #read,)
}

/// The call's fields for its parameters, and a setter for each optional one.
fn param_members(cx: &Cx, op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let n = field_ident(&p.name);
        let t = if p.displayed { quote!(::std::string::String) } else { cx.ty(&p.ty) };
        if p.required {
            fields.push(quote!(#n: #t));
            continue;
        }
        fields.push(quote!(#n: ::std::option::Option<#t>));
        let where_ = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        let about = p.doc.clone().unwrap_or_default();
        let text = format!("{about}\n\nSets the `{}` {where_} parameter.", p.wire).trim().to_string();
        let d = doc(Some(&text));
        setters.push(quote! {
            #d
            pub fn #n(mut self, value: impl ::std::convert::Into<#t>) -> Self {
                self.#n = ::std::option::Option::Some(value.into());
                self
            }
        });
    }
    (fields, setters)
}

/// The request body: adds the call's `body` field (and its setter when optional), and answers
/// the request's payload expression with the statements checking the body first.
fn body_members(
    cx: &Cx,
    model: &Model,
    op: &Operation,
    error_ty: &TokenStream,
    fields: &mut Vec<TokenStream>,
    setters: &mut Vec<TokenStream>,
) -> (TokenStream, TokenStream) {
    let rt = &cx.rt;
    let b = match &op.body {
        None => return (quote!(#rt::Payload::Empty), TokenStream::new()),
        Some(b) if b.encoding == Encoding::EmptyObject => {
            return (quote!(#rt::Payload::empty_object()), TokenStream::new())
        }
        Some(b) => b,
    };
    let t = body_ty(cx, b);
    let validates = matches!(&b.ty, TypeRef::Named(n) if model.types.get(n).is_some_and(|d| d.validates));
    if b.required {
        fields.push(quote!(body: &'a #t));
        let v = if validates { quote!(self.client.0.check(self.body)?;) } else { quote!() };
        return (payload(cx, b, error_ty, quote!(::std::option::Option::Some(self.body))), v);
    }
    fields.push(quote!(body: ::std::option::Option<&'a #t>));
    setters.push(quote! {
        /// Sets the request body.
        pub fn body(mut self, value: &'a #t) -> Self {
            self.body = ::std::option::Option::Some(value);
            self
        }
    });
    let v = if validates {
        quote!(if let ::std::option::Option::Some(body) = self.body {
            self.client.0.check(body)?;
        })
    } else {
        quote!()
    };
    (payload(cx, b, error_ty, quote!(self.body)), v)
}

/// The statements filling the path, query and headers from the call's fields, and the runtime
/// `Request` they make with the body.
fn request(cx: &Cx, model: &Model, op: &Operation, body_arg: &TokenStream) -> (TokenStream, TokenStream) {
    let rt = &cx.rt;
    let method = ident(&op.method);
    let template = &op.path.text;
    let (fill, [path, query, headers]) = params(cx, op);
    let security = security(cx, model, &op.security);
    let server = match &op.server {
        Some(url) => quote!(::std::option::Option::Some(#url)),
        None => quote!(::std::option::Option::None),
    };
    let timeout = match op.timeout {
        Some(seconds) => quote!(::std::option::Option::Some(::std::time::Duration::from_secs(#seconds))),
        None => quote!(::std::option::Option::None),
    };
    let request = quote! {
        #rt::Request {
            method: ::reqwest::Method::#method,
            template: #template,
            #path,
            #query,
            #headers,
            security: #security,
            server: #server,
            timeout: #timeout,
            body: #body_arg,
        }
    };
    (fill, request)
}

/// The decoding arms of the declared errors, and the arm for any other status (none when the
/// document declares a `default` error).
fn error_arms(op: &Operation, error_ty: &TokenStream) -> (Vec<TokenStream>, TokenStream) {
    let arms = op
        .errors
        .iter()
        .map(|e| {
            let (vn, p) = (ident(&e.variant), pattern(e.status));
            quote!(#p => response.error(#error_ty::#vn),)
        })
        .collect();
    let fallback = if op.errors.iter().any(|e| e.status == StatusMatch::Default) {
        TokenStream::new()
    } else {
        quote!(_ => response.unexpected(),)
    };
    (arms, fallback)
}

/// `download`, for a binary answer, which can be large: it hands the body over as it arrives.
/// `parts` are the body check, the parameter filling, the request, the success pattern and
/// the decoding of a failure.
fn download(cx: &Cx, error_ty: &TokenStream, parts: [&TokenStream; 5]) -> TokenStream {
    let rt = &cx.rt;
    let [validate, fill, request, status, failure] = parts;
    let rt_label = rt.to_string().replace(' ', "");
    let sd = doc(Some(&format!(
        "Sends the request like [`Self::send`], but returns the body unread, to be written to a \
         file or any async writer as it arrives ([`{rt_label}::Download`]): memory stays bounded \
         whatever its size, and the timeout limits a stall rather than the whole download."
    )));
    quote! {
        #sd
        pub async fn download(self) -> ::std::result::Result<#rt::Download, #rt::Error<#error_ty>> {
            #validate
            #fill
            let received = self
                .client
                .0
                .send_streamed(#request, &self.extra, |status| matches!(status, #status))
                .await?;
            let response = match received {
                #rt::Received::Streaming(download) => return ::std::result::Result::Ok(download),
                #rt::Received::Whole(response) => response,
            };
            #failure
        }
    }
}

/// The statements that build the path, query and headers from the call's fields, and the
/// request's fields for those three.
fn params(cx: &Cx, op: &Operation) -> (TokenStream, [TokenStream; 3]) {
    let rt = &cx.rt;
    // The template with each `{name}` as `{}`, and its values in order.
    let mut format = String::new();
    let mut segments = Vec::new();
    for piece in &op.path.pieces {
        match piece {
            PathPiece::Literal(text) => format.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPiece::Placeholder(name) => {
                format.push_str("{}");
                // Lowering checked that each placeholder has its parameter.
                if let Some(p) = op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire == *name) {
                    let n = field_ident(&p.name);
                    segments.push(match (p.style, p.explode) {
                        (ParamStyle::Simple, false) => quote!(#rt::params::path_segment(&self.#n)),
                        (style, explode) => {
                            let style = param_style(cx, style);
                            quote!(#rt::params::path(#name, &self.#n, #style, #explode))
                        }
                    });
                }
            }
        }
    }
    let template = &op.path.text;
    let (path, path_arg) = if segments.is_empty() {
        (TokenStream::new(), quote!(path: ::std::borrow::Cow::Borrowed(#template)))
    } else {
        (quote!(let path = ::std::format!(#format, #(#segments),*);), quote!(path: ::std::borrow::Cow::Owned(path)))
    };
    let pushes = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| {
        let (n, wire, explode) = (field_ident(&p.name), &p.wire, p.explode);
        let style = param_style(cx, p.style);
        let add = |value: TokenStream| match p.location {
            ParamLocation::Query => {
                let reserved = p.allow_reserved;
                quote!(#rt::params::query(&mut query, #wire, #value, #style, #explode, #reserved);)
            }
            ParamLocation::Cookie => quote!(#rt::params::cookie(&mut headers, #wire, #value, #style, #explode);),
            _ => quote!(#rt::params::header(&mut headers, #wire, #value, #style, #explode);),
        };
        if p.required {
            add(quote!(&self.#n))
        } else {
            let add = add(quote!(value));
            quote!(if let ::std::option::Option::Some(value) = &self.#n { #add })
        }
    });
    let has = |locs: &[ParamLocation]| op.params.iter().any(|p| locs.contains(&p.location));
    let (query, query_arg) = if has(&[ParamLocation::Query]) {
        (quote!(let mut query = ::std::string::String::new();), quote!(query))
    } else {
        (TokenStream::new(), quote!(query: ::std::string::String::new()))
    };
    let (headers, headers_arg) = if has(&[ParamLocation::Header, ParamLocation::Cookie]) {
        (quote!(let mut headers = ::std::vec::Vec::new();), quote!(headers))
    } else {
        (TokenStream::new(), quote!(headers: ::std::vec::Vec::new()))
    };
    (quote! { #path #query #headers #(#pushes)* }, [path_arg, query_arg, headers_arg])
}

/// A parameter style, as the runtime spells it.
fn param_style(cx: &Cx, style: ParamStyle) -> TokenStream {
    let rt = &cx.rt;
    let variant = ident(match style {
        ParamStyle::Simple => "Simple",
        ParamStyle::Label => "Label",
        ParamStyle::Matrix => "Matrix",
        ParamStyle::Form => "Form",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
        ParamStyle::Json => "Json",
    });
    quote!(#rt::params::Style::#variant)
}

/// The credentials a request sends, as the runtime spells them: alternatives of indexes into
/// the client's schemes.
pub(crate) fn security(cx: &Cx, model: &Model, alternatives: &[Vec<String>]) -> TokenStream {
    let rt = &cx.rt;
    let alternatives = alternatives.iter().map(|names| {
        let indexes = names
            .iter()
            .filter_map(|n| model.schemes.iter().position(|s| s.name == *n))
            .map(proc_macro2::Literal::usize_unsuffixed);
        quote!(&[#(#indexes),*])
    });
    quote!(#rt::Security(&[#(#alternatives),*]))
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
        Encoding::UrlEncoded(form_fields) => {
            let fields = form_fields.iter().map(|f| {
                let (wire, explode, reserved) = (&f.wire, f.explode, f.allow_reserved);
                let style = param_style(cx, f.style);
                quote!((#wire, #style, #explode, #reserved))
            });
            quote!(#rt::Payload::urlencoded::<_, #error_ty>(#body, &[#(#fields),*])?)
        }
        Encoding::Raw(media) => quote!(#rt::Payload::raw::<_, #error_ty>(#body, #media)?),
        Encoding::EmptyObject => quote!(#rt::Payload::empty_object()),
    }
}
