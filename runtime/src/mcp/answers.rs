//! What the API answered, as a tool result: JSON and text bounded, images as image content,
//! other bytes saved to the folder the user named; a refusal or failure as a result marked as
//! an error that says what to change.

use super::tools::refused;
use super::Options;
use crate::ops::{Answer, Failure, Operation, Output};
use base64::Engine;
use rmcp::model::{CallToolResult, ContentBlock};

/// `text` cut to the bound, with a note saying how to ask for less.
fn bounded(op: &Operation, text: String, options: &Options) -> String {
    let limit = options.max_answer_bytes;
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let how = match op.paging {
        Some(p) => format!("ask for a page at a time with `{}` and a smaller page size", p.param),
        None => "ask for less (narrower filters or a smaller page size, where the operation takes them)".into(),
    };
    format!("{}\n[cut: the answer is {} bytes, over this server's bound of {limit}; {how}]", &text[..end], text.len())
}

/// A file name's extension for a media type.
fn extension(content_type: Option<&str>) -> &'static str {
    let media = content_type.unwrap_or("").split(';').next().unwrap_or("").trim();
    match media {
        "application/pdf" => "pdf",
        "application/zip" => "zip",
        "video/mp4" => "mp4",
        "video/webm" => "webm",
        "text/csv" => "csv",
        "text/html" => "html",
        "text/plain" => "txt",
        _ => "bin",
    }
}

/// A success as a tool result.
pub(super) fn result(op: &Operation, answer: Answer, options: &Options) -> CallToolResult {
    match answer.output {
        Output::Json(value) => {
            CallToolResult::success(vec![ContentBlock::text(bounded(op, value.to_string(), options))])
        }
        Output::Text(text) => CallToolResult::success(vec![ContentBlock::text(bounded(op, text, options))]),
        Output::Empty => CallToolResult::success(vec![ContentBlock::text(format!(
            "done: the API answered {} with no body",
            answer.status
        ))]),
        Output::Binary { content_type, bytes } => {
            let media = content_type.clone().unwrap_or_else(|| "application/octet-stream".into());
            if media.starts_with("image/") {
                let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
                return CallToolResult::success(vec![ContentBlock::image(data, media)]);
            }
            let Some(dir) = &options.files else {
                return refused(format!(
                    "the answer is {} bytes of {media}, which this server saves only to a folder it was given: start it with --files DIR",
                    bytes.len()
                ));
            };
            let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
            let path = dir.join(format!("{}-{stamp}.{}", op.name, extension(content_type.as_deref())));
            match std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, &bytes)) {
                Ok(()) => CallToolResult::success(vec![ContentBlock::text(format!(
                    "saved the answer, {} bytes of {media}, to {}",
                    bytes.len(),
                    path.display()
                ))]),
                Err(e) => refused(format!("cannot save the answer to {}: {e}", path.display())),
            }
        }
    }
}

/// `result` with each secret in its text shown as `<redacted>`.
pub(super) fn redacted(mut result: CallToolResult, secrets: &[String]) -> CallToolResult {
    for block in &mut result.content {
        if let ContentBlock::Text(text) = block {
            for secret in secrets {
                if text.text.contains(secret.as_str()) {
                    text.text = text.text.replace(secret.as_str(), "<redacted>");
                }
            }
        }
    }
    result
}

/// A failure as a tool result marked as an error.
pub(super) fn failed(failure: Failure) -> CallToolResult {
    match failure {
        Failure::Arguments(e) => refused(format!("invalid arguments, nothing sent: {e}")),
        Failure::Call(crate::Error::Validation(e)) => {
            refused(format!("invalid request, nothing sent: `body.{}`: {}", e.path, e.message))
        }
        other => refused(other.to_string()),
    }
}
