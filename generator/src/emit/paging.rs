//! The `pages()` and `items()` streams of a paged operation's call, and the two functions the
//! runtime's paging reads a page with: how to make the next page's call, and how to move the
//! items out of a page. Each value in a page is reached through its fields with `?` on every
//! `Option`, so an absent object on the way reads as an absent value.

use super::{field_ident, Cx};
use crate::ir::{FieldPath, Operation, Paging, PagingStyle};
use proc_macro2::TokenStream;
use quote::quote;

/// The paging members of `op`'s call type, if the operation is paged.
pub(super) fn members(cx: &Cx, op: &Operation, page_ty: &TokenStream, error_ty: &TokenStream) -> TokenStream {
    let Some(paging) = &op.paging else { return TokenStream::new() };
    let rt = &cx.rt;
    let param = &op.params[paging.param];
    let name = field_ident(&param.name);
    let item_ty = match &paging.items.ty {
        crate::ir::TypeRef::Vec(item) => cx.ty(item),
        other => cx.ty(other),
    };
    let current =
        if param.required { quote!(::std::option::Option::Some(&self.#name)) } else { quote!(self.#name.as_ref()) };
    let set = if param.required { quote!(value) } else { quote!(::std::option::Option::Some(value)) };
    let count = reader(&paging.items, page_ty, quote!(usize), Read::Len);
    let has_more = signal(&paging.has_more, page_ty, quote!(bool), Read::Copy);
    let value = match paging.style {
        PagingStyle::Page | PagingStyle::Offset => {
            let total = match &paging.total {
                Some(path) => {
                    let t = cx.ty(&path.ty);
                    let read = reader(path, page_ty, t.clone(), Read::Copy);
                    quote!({ #read total(page) })
                }
                None => quote!(::std::option::Option::<i64>::None),
            };
            // A bare array is the page itself (and clippy wants no `&Vec` parameter).
            let count = if paging.items.steps.is_empty() {
                quote!(page.len())
            } else {
                quote!({ #count count(page).unwrap_or(0) })
            };
            if paging.style == PagingStyle::Page {
                let first = i128::from(paging.first);
                quote!(#rt::paging::next_page(#current, #first, #count, #has_more, #total)?)
            } else {
                quote!(#rt::paging::next_offset(#current, #count, #has_more, #total)?)
            }
        }
        PagingStyle::Cursor => {
            let next = signal(&paging.next, page_ty, quote!(::std::string::String), Read::Clone);
            let current = if param.required {
                quote!(::std::option::Option::Some(self.#name.as_str()))
            } else {
                quote!(self.#name.as_deref())
            };
            quote!(#rt::paging::next_cursor(#current, #next, #has_more)?)
        }
    };
    let take = reader(&paging.items, page_ty, quote!(::std::vec::Vec<#item_ty>), Read::Take);
    let pages_doc = pages_doc(op, paging);
    // The signature is the runtime's `fn(&C, &P)`, also when the page is a bare array.
    let allow = if paging.items.steps.is_empty() { quote!(#[allow(clippy::ptr_arg)]) } else { TokenStream::new() };
    quote! {
        #[doc = #pages_doc]
        pub fn pages(self) -> #rt::paging::Pages<'a, #page_ty, #error_ty> {
            #rt::paging::pages(self, Self::send, Self::__next_page)
        }
        /// The items of every page from this call's on, in order, read as [`Self::pages`]
        /// reads the pages; an error ends the stream as its last item.
        pub fn items(self) -> #rt::paging::Items<'a, #item_ty, #error_ty> {
            #rt::paging::items(self, Self::send, Self::__next_page, Self::__take_items)
        }
        /// The call of the page after `page`, which this call read; `None` after the last.
        #allow
        fn __next_page(&self, page: &#page_ty) -> ::std::option::Option<Self> {
            let value = #value;
            let mut next = self.clone();
            next.#name = #set;
            ::std::option::Option::Some(next)
        }
        /// Moves the items out of `page`.
        fn __take_items(page: &mut #page_ty) -> ::std::vec::Vec<#item_ty> {
            #take
            take(page).unwrap_or_default()
        }
    }
}

/// The doc of `pages()`: what moves from page to page and what ends the list.
fn pages_doc(op: &Operation, paging: &Paging) -> String {
    let wire = &op.params[paging.param].wire;
    let how = match paging.style {
        PagingStyle::Page => format!("the `{wire}` parameter one up per page, from {}", paging.first),
        PagingStyle::Offset => format!("the `{wire}` parameter up by each page's items"),
        PagingStyle::Cursor => format!("the `{wire}` parameter set to the cursor each page gives"),
    };
    let end = match paging.style {
        PagingStyle::Cursor => "a page without a next cursor",
        _ if paging.total.is_some() => "the total the page reports, or a page without items",
        _ => "a page without items",
    };
    format!(
        "Every page from this call's on: each is fetched when the stream is read past the one before \
         ({how}), sent once (re-sent only as the retry policy allows) and decoded. The stream ends \
         after {end}{}, or with an error as its last item.",
        if paging.has_more.is_some() { " or one that says no more follow" } else { "" }
    )
}

/// How a value is read off a page.
#[derive(Clone, Copy, PartialEq)]
enum Read {
    /// A `Copy` value, copied.
    Copy,
    /// A value cloned (a cursor).
    Clone,
    /// The length of a list.
    Len,
    /// A list, moved out of a `&mut` page.
    Take,
}

/// A reader for an optional signal, called on `page`, or `None` typed as `ty`.
fn signal(path: &Option<FieldPath>, page_ty: &TokenStream, ty: TokenStream, read: Read) -> TokenStream {
    match path {
        Some(path) => {
            let reader = reader(path, page_ty, ty, read);
            let name = fn_name(read);
            quote!({ #reader #name(page) })
        }
        None => quote!(::std::option::Option::<#ty>::None),
    }
}

/// The name of the nested reader function for `read`.
fn fn_name(read: Read) -> TokenStream {
    match read {
        Read::Copy => quote!(flag),
        Read::Clone => quote!(cursor),
        Read::Len => quote!(count),
        Read::Take => quote!(take),
    }
}

/// A nested function `fn <name>(page: &<page>) -> Option<ty>` reading `path`; `Read::Copy`
/// with a count type names it `total`.
fn reader(path: &FieldPath, page_ty: &TokenStream, ty: TokenStream, read: Read) -> TokenStream {
    let name = match (read, &path.ty) {
        (Read::Copy, t) if *t != crate::ir::TypeRef::Boolean => quote!(total),
        _ => fn_name(read),
    };
    let (mutable, through) =
        if read == Read::Take { (quote!(&mut), quote!(as_mut)) } else { (quote!(&), quote!(as_ref)) };
    let mut place = quote!(page);
    let mut last_options = 0;
    for (i, step) in path.steps.iter().enumerate() {
        let field = field_ident(&step.field);
        place = quote!(#place.#field);
        if i + 1 == path.steps.len() {
            last_options = step.options;
        } else {
            for _ in 0..step.options {
                place = quote!(#place.#through()?);
            }
        }
    }
    let body = match (read, last_options) {
        (Read::Copy, 0) => quote!(::std::option::Option::Some(#place)),
        (Read::Copy, 1) => quote!(#place),
        (Read::Copy, _) => quote!(#place.flatten()),
        (Read::Clone, 0) => quote!(::std::option::Option::Some(#place.clone())),
        (Read::Clone, 1) => quote!(#place.clone()),
        (Read::Clone, _) => quote!(#place.clone().flatten()),
        (Read::Len, n) => {
            let unwrap = (0..n).map(|_| quote!(.as_ref()?));
            quote!(::std::option::Option::Some(#place #(#unwrap)*.len()))
        }
        (Read::Take, 0) if path.steps.is_empty() => quote!(::std::option::Option::Some(::std::mem::take(page))),
        (Read::Take, 0) => quote!(::std::option::Option::Some(::std::mem::take(&mut #place))),
        (Read::Take, 1) => quote!(#place.take()),
        (Read::Take, _) => quote!(#place.take().flatten()),
    };
    quote! {
        fn #name(page: #mutable #page_ty) -> ::std::option::Option<#ty> {
            #body
        }
    }
}
