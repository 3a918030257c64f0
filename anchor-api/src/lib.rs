#![doc = include_str!("../../README.md")]
#![warn(missing_docs)]

mod generated;
pub mod runtime;
pub mod service;

pub use generated::*;
pub use runtime::{ApiError, Client, ClientBuilder, Error, RetryPolicy, Validate, ValidationError};
