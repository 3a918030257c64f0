//! Layer 3: [`Model`] -> formatted Rust. What the document means (names, types, which enums are
//! open, what is boxed, what validates) is decided in the model; here it is spelled in Rust, and
//! the Rust-only choices that follow from those facts are made: derives (`Copy` for a closed
//! enum, `Default` when every field may be unset, no derived `Debug` for a struct holding a
//! secret), serde attributes, constructors, setters and conversions. `quote` builds the tokens,
//! `prettyplease` formats them. Every std name is spelled in full (`::std::option::Option`), since
//! a document may give a type any of them (`names::reserved::FREE_TO_TAKE`); derive lists keep
//! theirs short, as macro names no type can shadow.

mod arbitrary;
pub mod client;
mod enums;
mod mock;
pub(crate) mod operations;
mod paging;
mod table;
mod types;
mod unions;
mod validate;

use crate::ir::{Model, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// How the generated module is spelled: what its header names and where the runtime is.
#[derive(Debug, Clone)]
pub struct Spelling {
    /// The command that regenerates the file, named in its header.
    pub regenerate_command: String,
    /// The file the code was generated from, named in its header.
    pub source: String,
    /// Path of the runtime crate (`Client`, `Error`, `Validate`, decode helpers).
    pub runtime: String,
}

impl Default for Spelling {
    fn default() -> Self {
        Spelling {
            regenerate_command: "cargo xtask codegen".into(),
            source: "the OpenAPI document".into(),
            runtime: "::oapi_runtime".into(),
        }
    }
}

/// The emitted module, and the crates beyond the runtime and `serde`, `serde_json` and
/// `reqwest` (which every module names) that its code names.
pub struct Emitted {
    /// The formatted module.
    pub code: String,
    /// `uuid` and `chrono`, where the code spells a type of theirs, in that order.
    pub crates: Vec<&'static str>,
}

/// The crates of format types a module may name, set as the emitter spells one: the threads
/// that emit pieces of one module share it.
#[derive(Debug, Default)]
pub(crate) struct NamedCrates {
    uuid: std::sync::atomic::AtomicBool,
    chrono: std::sync::atomic::AtomicBool,
}

impl NamedCrates {
    fn list(&self) -> Vec<&'static str> {
        let named = |flag: &std::sync::atomic::AtomicBool| flag.load(std::sync::atomic::Ordering::Relaxed);
        [("uuid", &self.uuid), ("chrono", &self.chrono)].into_iter().filter(|(_, f)| named(f)).map(|(c, _)| c).collect()
    }
}

/// Emits the whole module.
pub fn emit(model: &Model, options: &Spelling) -> Result<Emitted, String> {
    let named = std::sync::Arc::new(NamedCrates::default());
    let cx = context(model, options, &named)?;
    let mut about = format!("Generated client for {} {}.", model.info.title, model.info.version);
    if let Some(d) = &model.info.description {
        about = format!("{about}\n\n{}", d.trim());
    }
    let module_doc =
        about.lines().map(|l| if l.trim().is_empty() { String::new() } else { format!(" {}", l.trim_end()) });
    // Deprecated items stay usable inside the module (constructors, decoders); users still
    // get the warning where they name one.
    let any_deprecated = model.operations.iter().any(|o| o.deprecated)
        || model.types.values().any(|t| {
            t.deprecated || matches!(&t.kind, crate::ir::TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated))
        });
    let allow = if any_deprecated { quote!(#![allow(deprecated)]) } else { TokenStream::new() };
    // Formatted a piece at a time: the tokens and syntax tree of a whole large API at once
    // take gigabytes; the pieces print the same.
    let mut formatted = unparse(quote! {
        #( #![doc = #module_doc] )*
        #allow
        // Style lints whose triggers are the document's own: its prose as Markdown, a response
        // much larger than its siblings, arrays nested many levels deep.
        #![allow(
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::large_enum_variant,
            clippy::type_complexity
        )]
    });
    formatted += &unparse(client::emit_client(&cx, model));
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let ops = in_order(model, options, &named, model.operations.len(), cores, |cx, at| {
        operations::emit_operation(cx, model, &model.operations[at])
    })?;
    // The document's types in a module of their own, each named as the document names it: a
    // schema may be called `Client`, `Error` or `String`. The module spells every std name in
    // full, and the glob re-export gives way to the client's own names.
    let types = emit_types(model, options, &named, cores)? + &operations::error_enums(&ops);
    if !types.is_empty() {
        formatted += "/// The document's types, each named as the document names it, and each operation's\n";
        formatted += "/// error enum. All are re-exported beside [`Client`], but for a name the client takes.\n";
        formatted += "pub mod types {\n";
        formatted += &indent(&types);
        formatted += "}\npub use types::*;\n";
    }
    formatted += &operations::assemble(&ops);
    formatted += &unparse(mock::emit_mock(&cx, model));
    formatted += &unparse(table::emit_table(&cx, model));
    let mut code = format!(
        "// @generated by oapi-generator {} for oapi-runtime {}: `{}` from {}. Do not edit by hand.\n\n",
        crate::VERSION,
        crate::RUNTIME_VERSION,
        options.regenerate_command,
        options.source
    );
    code.reserve(formatted.len() + formatted.len() / 20);
    finish(&mut code, &formatted);
    Ok(Emitted { code, crates: named.list() })
}

/// The emitting context for `model`; each thread makes its own (tokens cannot cross threads).
fn context(model: &Model, options: &Spelling, named: &std::sync::Arc<NamedCrates>) -> Result<Cx, String> {
    let rt: syn::Path = syn::parse_str(&options.runtime).unwrap_or_else(|_| syn::parse_quote!(crate::runtime));
    let aliases = model
        .types
        .values()
        .filter_map(|t| match &t.kind {
            crate::ir::TypeKind::Alias(target) => Some((t.name.clone(), target.clone())),
            _ => None,
        })
        .collect::<std::collections::BTreeMap<_, _>>()
        .into();
    Ok(Cx { scope: TokenStream::new(), rt: quote!(#rt), aliases, named: named.clone() })
}

/// How many pieces (types, operations) one thread takes at a time.
const PIECES_PER_TASK: usize = 64;

/// Every type, formatted, in the model's order.
fn emit_types(
    model: &Model,
    options: &Spelling,
    named: &std::sync::Arc<NamedCrates>,
    threads: usize,
) -> Result<String, String> {
    let types: Vec<_> = model.types.values().collect();
    let texts = in_order(model, options, named, types.len(), threads, |cx, at| {
        let t = types[at];
        unparse_gated(types::emit_type(cx, model, t), &t.gate)
    })?;
    Ok(texts.concat())
}

/// `piece(cx, i)` for each `i` below `count`, in order. The pieces are independent, so a large
/// model's are spread over the machine's cores, a batch at a time; the batches are put back in
/// order, so the result is the same whatever the number of threads.
fn in_order<T: Send>(
    model: &Model,
    options: &Spelling,
    named: &std::sync::Arc<NamedCrates>,
    count: usize,
    threads: usize,
    piece: impl Fn(&Cx, usize) -> T + Sync,
) -> Result<Vec<T>, String> {
    let batches = count.div_ceil(PIECES_PER_TASK);
    let threads = threads.min(batches).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || -> Result<Vec<(usize, Vec<T>)>, String> {
        let cx = context(model, options, named)?;
        let mut done = Vec::new();
        loop {
            let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if at >= batches {
                return Ok(done);
            }
            let range = at * PIECES_PER_TASK..((at + 1) * PIECES_PER_TASK).min(count);
            done.push((at, range.map(|i| piece(&cx, i)).collect()));
        }
    };
    let mut done = if threads == 1 {
        work()?
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            let mut all = Vec::new();
            for handle in handles {
                // A panic in a thread is a bug here; it goes on as the same panic.
                all.extend(handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?);
            }
            Ok::<_, String>(all)
        })?
    };
    done.sort_unstable_by_key(|(at, _)| *at);
    Ok(done.into_iter().flat_map(|(_, pieces)| pieces).collect())
}

/// Tokens of items as formatted text.
pub(crate) fn unparse(tokens: TokenStream) -> String {
    unparse_with(tokens, |_| {})
}

/// Tokens of items as formatted text, each item behind `gate`'s `cfg`.
pub(crate) fn unparse_gated(tokens: TokenStream, gate: &[String]) -> String {
    unparse_with(tokens, |items| gate_items(items, gate))
}

/// A module's tokens as formatted text, each item inside it behind `gate`'s `cfg`.
pub(crate) fn unparse_inside_gated(tokens: TokenStream, gate: &[String]) -> String {
    unparse_with(tokens, |items| {
        for item in items {
            if let syn::Item::Mod(syn::ItemMod { content: Some((_, inner)), .. }) = item {
                gate_items(inner, gate);
            }
        }
    })
}

/// Tokens of items parsed once, edited as a syntax tree, then formatted.
fn unparse_with(tokens: TokenStream, edit: impl FnOnce(&mut [syn::Item])) -> String {
    match syn::parse2::<syn::File>(tokens) {
        Ok(mut file) => {
            edit(&mut file.items);
            prettyplease::unparse(&file)
        }
        // Unreachable for tokens quote built; the compile error says where, at the first build.
        Err(e) => e.to_compile_error().to_string(),
    }
}

/// `formatted` items as the items of a module: each line indented one level.
fn indent(formatted: &str) -> String {
    let mut out = String::with_capacity(formatted.len() + formatted.len() / 8);
    for line in formatted.lines() {
        if !line.is_empty() {
            out.push_str("    ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Appends `formatted` to `out` with a blank line after each item, at the top level or one
/// level in, for reading (formatters keep single blank lines). One pass over a text that may be
/// hundreds of megabytes.
fn finish(out: &mut String, formatted: &str) {
    let mut lines = formatted.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let inner = line.strip_prefix("    ").filter(|rest| !rest.starts_with(' '));
        let ends_inner_item =
            inner.is_some_and(|rest| rest == "}" || (!rest.starts_with(['#', '/']) && rest.ends_with(';')));
        if ends_inner_item && lines.peek().is_some_and(|next| !next.is_empty() && *next != "}") {
            out.push('\n');
            continue;
        }
        let ends_item = line == "}" || (!line.starts_with([' ', '#', '/']) && line.ends_with(';'));
        let ends_module_doc = line.starts_with("//!") && lines.peek().is_some_and(|next| !next.starts_with("//!"));
        if (ends_item || ends_module_doc) && lines.peek().is_some_and(|next| !next.is_empty()) {
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_operations_come_out_the_same_on_any_number_of_threads() {
        // Enough types for several batches, each referring to the next.
        let schemas: String = (0..300)
            .map(|i| {
                format!(
                    "    T{i}:\n      type: object\n      required: [id]\n      properties:\n        id: {{type: string}}\n        next: {{$ref: '#/components/schemas/T{}'}}\n        mode: {{type: string, enum: [a{i}, b]}}\n",
                    (i + 1) % 300
                )
            })
            .collect();
        let paths: String = (0..150)
            .map(|i| {
                format!(
                    "  /t{i}:\n    post:\n      requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/T{i}'}}}}}}}}\n      responses:\n        '200': {{description: ok}}\n        '404': {{description: no, content: {{application/json: {{schema: {{$ref: '#/components/schemas/T{i}'}}}}}}}}\n"
                )
            })
            .collect();
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n{schemas}"
        );
        let doc = crate::load::load_str(&text).unwrap();
        let model = crate::lower::lower(&doc, &Default::default()).unwrap();
        let options = Spelling::default();
        let named = std::sync::Arc::new(NamedCrates::default());
        let one = emit_types(&model, &options, &named, 1).unwrap();
        assert!(one.matches("pub struct T").count() == 300 && one.contains("pub enum T299Mode"), "{}", &one[..500]);
        let operations = |threads| {
            let ops = in_order(&model, &options, &named, model.operations.len(), threads, |cx, at| {
                operations::emit_operation(cx, &model, &model.operations[at])
            });
            let ops = ops.unwrap();
            operations::error_enums(&ops) + &operations::assemble(&ops)
        };
        let ops = operations(1);
        assert!(
            ops.matches("pub struct PostT").count() == 150 && ops.contains("pub enum PostT149Error"),
            "{}",
            &ops[..500]
        );
        for threads in [2, 3, 8] {
            assert!(emit_types(&model, &options, &named, threads).unwrap() == one, "{threads} threads differ");
            assert!(operations(threads) == ops, "{threads} threads differ");
        }
    }
}

/// Shared emitting context.
#[derive(Clone)]
pub(crate) struct Cx {
    /// The path to the crate's own types from where the code goes (`super::` in a submodule).
    pub scope: TokenStream,
    /// Tokens of the runtime path.
    pub rt: TokenStream,
    /// Alias name -> its target, for looking through `pub type` names.
    pub aliases: std::rc::Rc<std::collections::BTreeMap<String, TypeRef>>,
    /// The format crates the code names so far.
    pub named: std::sync::Arc<NamedCrates>,
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A field or method identifier, raw when it is a keyword.
pub(crate) fn field_ident(name: &str) -> Ident {
    if crate::names::is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        ident(name)
    }
}

/// `#[doc]` attributes, one per line.
pub(crate) fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    let lines = text.trim_end().lines().map(|l| {
        let l = l.trim_end();
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", …))]`, for a gate of features (nothing
/// for an empty one).
pub(crate) fn gate_attr(gate: &[String]) -> TokenStream {
    match gate {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// Puts `gate`'s `cfg` on each of `items`.
fn gate_items(items: &mut [syn::Item], gate: &[String]) {
    if gate.is_empty() {
        return;
    }
    let tokens = gate_attr(gate);
    for item in items {
        let attrs = match item {
            syn::Item::Const(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Fn(i) => &mut i.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            syn::Item::Mod(i) => &mut i.attrs,
            syn::Item::Static(i) => &mut i.attrs,
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Trait(i) => &mut i.attrs,
            syn::Item::Type(i) => &mut i.attrs,
            syn::Item::Use(i) => &mut i.attrs,
            _ => continue,
        };
        attrs.insert(0, syn::parse_quote!(#tokens));
    }
}

impl Cx {
    /// The Rust spelling of a type reference.
    pub(crate) fn ty(&self, t: &TypeRef) -> TokenStream {
        match t {
            TypeRef::Named(n) => {
                let (scope, i) = (&self.scope, ident(n));
                quote!(#scope #i)
            }
            TypeRef::String => quote!(::std::string::String),
            TypeRef::Uuid => {
                self.named.uuid.store(true, std::sync::atomic::Ordering::Relaxed);
                quote!(::uuid::Uuid)
            }
            TypeRef::DateTime => {
                self.named.chrono.store(true, std::sync::atomic::Ordering::Relaxed);
                quote!(::chrono::DateTime<::chrono::Utc>)
            }
            TypeRef::Date => {
                self.named.chrono.store(true, std::sync::atomic::Ordering::Relaxed);
                quote!(::chrono::NaiveDate)
            }
            TypeRef::Integer => quote!(i64),
            TypeRef::Sized(t) => {
                let t = ident(t.rust());
                quote!(#t)
            }
            TypeRef::Number => quote!(f64),
            TypeRef::Boolean => quote!(bool),
            TypeRef::Json => quote!(::serde_json::Value),
            TypeRef::File => {
                let rt = &self.rt;
                quote!(#rt::multipart::File)
            }
            TypeRef::Vec(t) => {
                let t = self.ty(t);
                quote!(::std::vec::Vec<#t>)
            }
            TypeRef::Map(t) => {
                let t = self.ty(t);
                quote!(::std::collections::BTreeMap<::std::string::String, #t>)
            }
            TypeRef::Boxed(t) => {
                let t = self.ty(t);
                quote!(::std::boxed::Box<#t>)
            }
        }
    }
}
