#![doc = include_str!("../../README.md")]
#![warn(missing_docs)]

mod generated;
pub mod runtime;
pub mod service;
mod session;

pub use generated::*;
/// Re-exported: requests and responses carry [`Uuid`]s, and `reqwest`'s [`Method`] names the
/// verb of a [`Client::call`].
pub use reqwest::Method;
pub use runtime::{
    ApiError, Binary, Client, ClientBuilder, Download, Error, File, RetryPolicy, Validate, ValidationError,
};
pub use session::{SessionError, StartedSession};
pub use uuid::Uuid;
