//! A webhook receiver: checks each delivery's signature, answers 2xx when it holds, 4xx otherwise.
//!
//! ```sh
//! ANCHOR_WEBHOOK_SECRET=... cargo run -p anchor-api --example webhook_receiver -- 127.0.0.1:8080
//! ```
//!
//! The address is the first argument (default `127.0.0.1:8080`; port 0 picks a free one), and the
//! first line printed is `listening on http://<address>`. The secret is the one `create_webhook`
//! or `rotate_webhook_secret` returned; during the 24 hours after a rotation, set
//! `ANCHOR_WEBHOOK_PREVIOUS_SECRET` to the secret it replaced. Anchor only posts to public `https`
//! addresses, so put a TLS-terminating proxy or tunnel in front of it.
//!
//! Answers: `200` for a verified delivery; `400` for one that cannot be read or is too old or too
//! new; `401` when no secret matches the signature; `405` for anything but `POST`; `413` for a
//! body over 1 MiB. Error bodies say what failed, never a secret. `tests/webhooks.rs` runs
//! [`serve`] on a loopback port and posts deliveries to it.

use anchor_api::{HeaderMap, WebhookError, WebhookVerifier};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::net::TcpListener;

/// The largest body read; larger ones get `413`.
pub const MAX_BODY_BYTES: usize = 1 << 20;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("ANCHOR_WEBHOOK_SECRET")
        .map_err(|_| "set ANCHOR_WEBHOOK_SECRET to the webhook's signing secret")?;
    let mut verifier = WebhookVerifier::new(secret)?;
    if let Ok(previous) = std::env::var("ANCHOR_WEBHOOK_PREVIOUS_SECRET") {
        verifier = verifier.with_previous_secret(previous)?;
    }
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let listener = TcpListener::bind(&address).await?;
    println!("listening on http://{}", listener.local_addr()?);
    serve(listener, Arc::new(verifier)).await?;
    Ok(())
}

/// Accepts connections on `listener` until accepting fails, answering each request with
/// [`answer`].
pub async fn serve(listener: TcpListener, verifier: Arc<WebhookVerifier>) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let verifier = verifier.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let verifier = verifier.clone();
                async move { Ok::<_, Infallible>(answer(&verifier, request).await) }
            });
            if let Err(e) = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await {
                eprintln!("connection failed: {e}");
            }
        });
    }
}

/// The answer to one request: `200` for a verified delivery, 4xx otherwise.
pub async fn answer(verifier: &WebhookVerifier, request: Request<Incoming>) -> Response<Full<Bytes>> {
    if request.method() != Method::POST {
        return reply(StatusCode::METHOD_NOT_ALLOWED, "deliveries are POSTed\n".to_owned());
    }
    let (parts, body) = request.into_parts();
    // The raw bytes: the signature covers them exactly as sent.
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return reply(StatusCode::PAYLOAD_TOO_LARGE, "the body is too large or was cut off\n".to_owned()),
    };
    match verify(verifier, &parts.headers, &body) {
        Ok(line) => {
            println!("{line}");
            reply(StatusCode::OK, "ok\n".to_owned())
        }
        Err(e) => {
            eprintln!("refused a delivery: {e}");
            let status = if matches!(e, WebhookError::BadSignature { .. }) {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::BAD_REQUEST
            };
            reply(status, format!("{e}\n"))
        }
    }
}

/// Verifies one delivery; on success, the line to log about it.
fn verify(verifier: &WebhookVerifier, headers: &HeaderMap, body: &[u8]) -> Result<String, WebhookError> {
    let event = verifier.verify(headers, body)?;
    // Anchor retries deliveries, so a real receiver keeps the IDs it has handled (for a day or so)
    // and acts on each event once.
    Ok(format!("verified event {} signed at {}", event.id().unwrap_or("(no id)"), event.timestamp))
}

fn reply(status: StatusCode, text: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() = status;
    response
}
