//! A success body read as it arrives, for large downloads (videos, archives): written to a
//! file or any async writer piece by piece, so memory stays bounded whatever the size.

use super::Error;
use bytes::Bytes;
use std::time::Duration;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::OwnedSemaphorePermit;

/// A response whose body has not been read yet. Read it with [`Download::chunk`], or hand it
/// to [`Download::write_to`] or [`Download::save`]. Each piece must arrive within the call's
/// timeout, which here limits a stall, not the whole download.
#[derive(Debug)]
pub struct Download {
    response: reqwest::Response,
    content_type: Option<String>,
    idle: Duration,
    /// The client's turn for a request in flight, held until the body is read or dropped.
    _turn: Option<OwnedSemaphorePermit>,
}

impl Download {
    pub(crate) fn new(response: reqwest::Response, idle: Duration, turn: Option<OwnedSemaphorePermit>) -> Self {
        let content_type =
            response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
        Download { response, content_type, idle, _turn: turn }
    }

    /// The `Content-Type` the server sent, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The body's length as the server announced it, if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// The response headers.
    pub(crate) fn headers(&self) -> &reqwest::header::HeaderMap {
        self.response.headers()
    }

    /// The next piece of the body, or `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        match tokio::time::timeout(self.idle, self.response.chunk()).await {
            Err(_) => Err(Error::Stalled { limit: self.idle }),
            Ok(Ok(chunk)) => Ok(chunk),
            Ok(Err(e)) if e.is_timeout() => Err(Error::Timeout { limit: self.idle, source: e }),
            Ok(Err(e)) => Err(Error::Transport(e)),
        }
    }

    /// Writes the whole body to `writer` as it arrives, flushes it, and returns the number of
    /// bytes written.
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(mut self, writer: &mut W) -> Result<u64, Error> {
        let mut written = 0;
        while let Some(chunk) = self.chunk().await? {
            writer.write_all(&chunk).await.map_err(Error::Io)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(Error::Io)?;
        Ok(written)
    }

    /// Writes the whole body to a new file at `path` (replacing one that exists) and returns
    /// the number of bytes written. A partly written file is removed when the download fails.
    pub async fn save(self, path: impl AsRef<std::path::Path>) -> Result<u64, Error> {
        let path = path.as_ref();
        let mut file = tokio::fs::File::create(path).await.map_err(Error::Io)?;
        match self.write_to(&mut file).await {
            Ok(n) => Ok(n),
            Err(e) => {
                drop(file);
                // Best effort: the download's own error is the one worth reporting.
                let _ = tokio::fs::remove_file(path).await;
                Err(e)
            }
        }
    }

    /// The whole body in memory, for bodies known to be small.
    pub async fn bytes(mut self) -> Result<Bytes, Error> {
        let mut out = Vec::new();
        while let Some(chunk) = self.chunk().await? {
            out.extend_from_slice(&chunk);
        }
        Ok(out.into())
    }
}
