//! The `operations` module (behind the generated crate's `operations` feature): the API's
//! operations as data for the runtime's `ops` module, and a dispatch that calls any of them from
//! JSON arguments through its typed method, so that a command-line client or an agent server
//! checks and sends exactly what the typed client does.

use super::{field_ident, gate_attr, ident, Cx};
use crate::ir::*;
use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::quote;

/// The `operations` module.
pub(crate) fn emit_table(cx: &Cx, model: &Model) -> TokenStream {
    let rt = &cx.rt;
    let inner = Cx { scope: quote!(super::types::), ..cx.clone() };
    let entries = model.operations.iter().map(|op| entry(&inner, model, op));
    let calls = model.operations.iter().map(|op| dispatch(&inner, model, op));
    let arms = model.operations.iter().map(|op| {
        let (name, f, gate) = (&op.name, ident(&format!("call_{}", op.name)), gate_attr(&op.gate));
        quote!(#gate #name => #f(client, arguments),)
    });
    let title = &model.info.title;
    let about = format!(
        "{title}'s operations as data, and [`dispatch`], which calls any of them from JSON arguments through \
         its typed method (so the same checks run and the same request is sent). Behind the `operations` \
         feature; command-line clients and agent servers are built on it."
    );
    quote! {
        #[doc = #about]
        #[cfg(feature = "operations")]
        pub mod operations {
            use #rt::ops::{Answer, Failure, Operation, Args};
            use #rt::hooks::BoxFuture;

            /// Every operation, sorted by name.
            pub static OPERATIONS: &[Operation] = &[#(#entries),*];

            /// The API as the runtime's `ops` module takes it; `document` is the normalized
            /// document the schemas of bodies and answers are read from.
            pub fn api(document: ::std::option::Option<&'static str>) -> #rt::ops::Api<super::Client> {
                #rt::ops::Api { title: #title, settings: &super::SETTINGS, operations: OPERATIONS, document, dispatch }
            }

            /// Calls `operation` with `arguments` through its typed method.
            // With no operation compiled in (none in the document, or their tag features off),
            // only the fallback arm is left and neither argument is named.
            #[allow(unused_variables, clippy::match_single_binding)]
            pub fn dispatch<'a>(
                client: &'a super::Client,
                operation: &'static Operation,
                arguments: Args,
            ) -> BoxFuture<'a, ::std::result::Result<Answer, Failure>> {
                match operation.name {
                    #(#arms)*
                    _ => ::std::boxed::Box::pin(async move {
                        ::std::result::Result::Err(#rt::ops::ArgError::new(
                            "",
                            ::std::format!("`{}` is not compiled in: enable the cargo feature `{}`", operation.name, operation.group),
                        ).into())
                    }),
                }
            }

            #(#calls)*
        }
    }
}

/// The group an operation is listed under: its tag's cargo feature, else its first tag in kebab
/// case, else `default`.
fn group(op: &Operation) -> String {
    match (op.gate.first(), op.tags.first()) {
        (Some(feature), _) => feature.clone(),
        (None, Some(tag)) if !tag.to_kebab_case().is_empty() => tag.to_kebab_case(),
        _ => "default".to_string(),
    }
}

/// A value's shape for the table, and the enum values it accepts.
fn kind(cx: &Cx, model: &Model, ty: &TypeRef) -> (TokenStream, Vec<String>) {
    let rt = &cx.rt;
    let k = |name: &str| {
        let i = ident(name);
        quote!(#rt::ops::Kind::#i)
    };
    match ty {
        TypeRef::String | TypeRef::Date | TypeRef::DateTime => (k("String"), Vec::new()),
        TypeRef::Uuid => (k("Uuid"), Vec::new()),
        TypeRef::Integer | TypeRef::Sized(_) => (k("Integer"), Vec::new()),
        TypeRef::Number => (k("Number"), Vec::new()),
        TypeRef::Boolean => (k("Boolean"), Vec::new()),
        TypeRef::File => (k("File"), Vec::new()),
        TypeRef::Vec(item) if matches!(**item, TypeRef::String | TypeRef::Uuid) => (k("List"), Vec::new()),
        TypeRef::Named(name) => match model.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => {
                let values = e.variants.iter().map(|v| v.wire.clone()).collect();
                (k(if e.repr == EnumRepr::Integer { "Integer" } else { "String" }), values)
            }
            Some(TypeKind::Alias(target)) => kind(cx, model, target),
            _ => (k("Json"), Vec::new()),
        },
        TypeRef::Boxed(inner) => kind(cx, model, inner),
        _ => (k("Json"), Vec::new()),
    }
}

/// The summary (first line) and description (the rest) of an operation's documentation.
fn summary(op: &Operation) -> (String, String) {
    let text = op.doc.as_deref().unwrap_or("").trim();
    match text.split_once('\n') {
        Some((first, rest)) => (first.trim().to_string(), rest.trim().to_string()),
        None => (text.to_string(), String::new()),
    }
}

/// One `Operation` of the table.
fn entry(cx: &Cx, model: &Model, op: &Operation) -> TokenStream {
    let rt = &cx.rt;
    let (name, method, path, group) = (&op.name, &op.method, &op.path.text, group(op));
    let (summary, description) = summary(op);
    let deprecated = op.deprecated;
    let params = op.params.iter().map(|p| {
        let (pname, wire, required, doc) = (&p.name, &p.wire, p.required, p.doc.as_deref().unwrap_or("").trim());
        let location = ident(match p.location {
            ParamLocation::Path => "Path",
            ParamLocation::Query => "Query",
            ParamLocation::Header => "Header",
            ParamLocation::Cookie => "Cookie",
        });
        let (kind, values) = kind(cx, model, &p.ty);
        quote!(#rt::ops::Param {
            name: #pname, wire: #wire, location: #rt::ops::Location::#location, required: #required,
            kind: #kind, values: &[#(#values),*], doc: #doc,
        })
    });
    let body = match body(cx, model, op) {
        Some(b) => quote!(::std::option::Option::Some(#b)),
        None => quote!(::std::option::Option::None),
    };
    let answer = ident(match op.success.body {
        SuccessBody::Json(_) => "Json",
        SuccessBody::Text => "Text",
        SuccessBody::Binary => "Binary",
        SuccessBody::Empty => "Empty",
    });
    let paging = match op.paging.as_ref().and_then(|p| paging(cx, model, op, p)) {
        Some(p) => quote!(::std::option::Option::Some(#p)),
        None => quote!(::std::option::Option::None),
    };
    quote!(Operation {
        name: #name, group: #group, method: #method, path: #path, summary: #summary, description: #description,
        deprecated: #deprecated, params: &[#(#params),*], body: #body, answer: #rt::ops::AnswerKind::#answer,
        paging: #paging,
    })
}

/// The body's entry: how it is sent and its top-level plain fields.
fn body(cx: &Cx, model: &Model, op: &Operation) -> Option<TokenStream> {
    let rt = &cx.rt;
    let b = op.body.as_ref().filter(|b| b.encoding != Encoding::EmptyObject)?;
    let (media, media_type) = match &b.encoding {
        Encoding::Json | Encoding::EmptyObject => ("Json", "application/json".to_string()),
        Encoding::Multipart => ("Multipart", "multipart/form-data".to_string()),
        Encoding::UrlEncoded(_) => ("Form", "application/x-www-form-urlencoded".to_string()),
        Encoding::Raw(m) if b.ty == TypeRef::String => ("Text", m.clone()),
        Encoding::Raw(m) => ("Bytes", m.clone()),
    };
    let media = ident(media);
    let fields = struct_of(model, &b.ty).map(|s| s.fields.as_slice()).unwrap_or_default();
    let fields = fields.iter().filter(|f| !matches!(f.state, FieldState::Constant | FieldState::Extra)).filter_map(|f| {
        let (kind, values) = kind(cx, model, &f.ty);
        let plain = ["String", "Uuid", "Integer", "Number", "Boolean", "File"].iter().any(|k| kind.to_string().ends_with(k));
        plain.then(|| {
            let (wire, required, doc) = (&f.wire, f.state == FieldState::Required, f.doc.as_deref().unwrap_or("").trim());
            quote!(#rt::ops::Field { name: #wire, kind: #kind, required: #required, values: &[#(#values),*], doc: #doc })
        })
    });
    let required = b.required;
    Some(quote!(#rt::ops::Body {
        required: #required, media: #rt::ops::Media::#media, media_type: #media_type, fields: &[#(#fields),*],
    }))
}

/// The struct a type is, looking through aliases.
fn struct_of<'m>(model: &'m Model, ty: &TypeRef) -> Option<&'m Struct> {
    match model.types.get(ty.named()?).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) if matches!(ty, TypeRef::Named(_)) => Some(s),
        Some(TypeKind::Alias(target)) => struct_of(model, target),
        _ => None,
    }
}

/// A field path as wire names, following the structs from the success type down.
fn wire_path(model: &Model, op: &Operation, path: Option<&FieldPath>) -> Option<Vec<String>> {
    let Some(path) = path else { return Some(Vec::new()) };
    let mut ty = op.success.body.json()?.clone();
    let mut wires = Vec::new();
    for step in &path.steps {
        let field = struct_of(model, &ty)?.fields.iter().find(|f| f.name == step.field)?;
        wires.push(field.wire.clone());
        ty = field.ty.clone();
    }
    Some(wires)
}

/// The paging entry, when every field it names can be spelled by wire names.
fn paging(cx: &Cx, model: &Model, op: &Operation, p: &Paging) -> Option<TokenStream> {
    let rt = &cx.rt;
    let style = ident(match p.style {
        PagingStyle::Page => "Page",
        PagingStyle::Offset => "Offset",
        PagingStyle::Cursor => "Cursor",
    });
    let param = &op.params.get(p.param)?.name;
    let first = p.first;
    let items = wire_path(model, op, Some(&p.items))?;
    let has_more = wire_path(model, op, p.has_more.as_ref())?;
    let total = wire_path(model, op, p.total.as_ref())?;
    let next = wire_path(model, op, p.next.as_ref())?;
    Some(quote!(#rt::ops::Paging {
        style: #rt::ops::PagingStyle::#style, param: #param, first: #first, items: &[#(#items),*],
        has_more: &[#(#has_more),*], total: &[#(#total),*], next: &[#(#next),*],
    }))
}

/// The function calling one operation from JSON arguments through its typed method.
fn dispatch(cx: &Cx, model: &Model, op: &Operation) -> TokenStream {
    let rt = &cx.rt;
    let (method, f, gate) = (field_ident(&op.name), ident(&format!("call_{}", op.name)), gate_attr(&op.gate));
    let param_ty = |p: &Param| if p.displayed { quote!(::std::string::String) } else { cx.ty(&p.ty) };
    let mut required: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let (name, t) = (&p.name, param_ty(p));
            quote!(__args.required::<#t>(#name)?)
        })
        .collect();
    let optional = op.params.iter().filter(|p| !p.required).map(|p| {
        let (name, t, setter) = (&p.name, param_ty(p), field_ident(&p.name));
        quote! {
            if let ::std::option::Option::Some(v) = __args.optional::<#t>(#name)? {
                __call = __call.#setter(v);
            }
        }
    });
    let given = op.body.as_ref().filter(|b| b.encoding != Encoding::EmptyObject);
    let (read_body, set_body) = match given {
        None => (TokenStream::new(), TokenStream::new()),
        Some(b) => {
            let read = read_body(cx, model, b);
            if b.required {
                required.push(quote!(&__body));
                (quote!(let __body = #read;), TokenStream::new())
            } else {
                let set = quote!(if let ::std::option::Option::Some(b) = &__body { __call = __call.body(b); });
                (quote!(let __body = #read;), set)
            }
        }
    };
    let answer = ident(match op.success.body {
        SuccessBody::Json(_) => "json",
        SuccessBody::Text => "text",
        SuccessBody::Binary => "binary",
        SuccessBody::Empty => "empty",
    });
    let mutable = if op.params.iter().any(|p| !p.required) || given.is_some_and(|b| !b.required) {
        quote!(mut)
    } else {
        TokenStream::new()
    };
    quote! {
        #gate
        #[allow(deprecated, unused_mut)]
        fn #f<'a>(client: &'a super::Client, mut __args: Args) -> BoxFuture<'a, ::std::result::Result<Answer, Failure>> {
            ::std::boxed::Box::pin(async move {
                #read_body
                let #mutable __call = client.#method(#(#required),*);
                #(#optional)*
                #set_body
                #rt::ops::#answer(__call.with_response().await)
            })
        }
    }
}

/// The expression reading the body from the arguments: an `Option` when the body is optional.
fn read_body(cx: &Cx, model: &Model, b: &Body) -> TokenStream {
    let wrap = |value: TokenStream| {
        if b.required {
            value
        } else {
            quote!(if __args.given("body") { ::std::option::Option::Some(#value) } else { ::std::option::Option::None })
        }
    };
    match (&b.encoding, &b.ty) {
        (Encoding::Multipart, ty) => match struct_of(model, ty) {
            Some(s) => wrap(form(cx, ty, s)),
            None => wrap(quote!(__args.body()?)),
        },
        (_, TypeRef::File) => {
            let rt = &cx.rt;
            if b.required {
                quote!(__args.file("body")?.ok_or_else(|| Failure::from(#rt::ops::ArgError::new("body", "is required")))?)
            } else {
                quote!(__args.file("body")?)
            }
        }
        (_, ty) => {
            let t = if *ty == TypeRef::String { quote!(::std::string::String) } else { cx.ty(ty) };
            if b.required {
                quote!(__args.body::<#t>()?)
            } else {
                quote!(__args.optional_body::<#t>()?)
            }
        }
    }
}

/// A multipart form struct built from the body's fields: `new` with the required ones, a
/// setter per optional one.
fn form(cx: &Cx, ty: &TypeRef, s: &Struct) -> TokenStream {
    let t = cx.ty(ty);
    let read = |f: &Field, required: bool| {
        let wire = &f.wire;
        match (&f.ty, required) {
            (TypeRef::File, true) => quote!(__args.required_form_file(#wire)?),
            (TypeRef::File, false) => quote!(__args.form_file(#wire)?),
            (TypeRef::Vec(item), true) if **item == TypeRef::File => quote!(__args.required_form_files(#wire)?),
            (TypeRef::Vec(item), false) if **item == TypeRef::File => quote!(__args.form_files(#wire)?),
            (other, true) => {
                let ft = cx.ty(other);
                quote!(__args.required_form_field::<#ft>(#wire)?)
            }
            (other, false) => {
                let ft = cx.ty(other);
                quote!(__args.form_field::<#ft>(#wire)?)
            }
        }
    };
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.state == FieldState::Required).collect();
    let start = if required.is_empty() {
        quote!(<#t as ::std::default::Default>::default())
    } else {
        let args = required.iter().map(|f| read(f, true));
        quote!(#t::new(#(#args),*))
    };
    let optional = s.fields.iter().filter(|f| f.optional()).map(|f| {
        let (value, setter) = (read(f, false), ident(&format!("with_{}", f.name)));
        quote!(if let ::std::option::Option::Some(v) = #value { __form = __form.#setter(v); })
    });
    quote!({
        #[allow(unused_mut)]
        let mut __form = #start;
        #(#optional)*
        __args.form_done()?;
        __form
    })
}
