//! Start a cloud browser, drive it over CDP with chromiumoxide, end it.
//!
//! ```sh
//! ANCHORBROWSER_API_KEY=sk-... cargo run -p anchor-api --features cdp --example drive_browser -- https://example.com page.png
//! ```
//!
//! It starts a headless 1280x720 session with chromiumoxide connected (`Client::browser`, feature
//! `cdp`), opens the page, prints its title, saves a PNG screenshot, and ends the session, also
//! when a step in between fails. The key and base URL come from the environment as for
//! `Client::from_env` (`ANCHORBROWSER_API_KEY`, `ANCHORBROWSER_BASE_URL`).

use anchor_api::*;
use chromiumoxide::cdp::browser_protocol::page::CaptureScreenshotFormat;
use chromiumoxide::page::ScreenshotParams;
use std::error::Error as StdError;

type BoxError = Box<dyn StdError + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let mut args = std::env::args().skip(1);
    let url = args.next().unwrap_or_else(|| "https://example.com".to_owned());
    let screenshot = args.next().unwrap_or_else(|| "page.png".to_owned());

    let mut builder = ClientBuilder::from_env(&SETTINGS)?;
    // A local stand-in for the service (the project's tests run one) speaks plain HTTP on
    // loopback; anything else must be HTTPS.
    if let Ok(base) = std::env::var("ANCHORBROWSER_BASE_URL") {
        builder = builder.allow_http(base.starts_with("http://127.0.0.1:") || base.starts_with("http://localhost:"));
    }
    let client = builder.build()?;

    let request = SessionCreateRequestSchema::default().with_browser(
        BrowserConfig::default()
            .with_headless(BrowserConfigHeadless::default().with_active(true))
            .with_viewport(BrowserConfigViewport::default().with_width(1280).with_height(720)),
    );
    // A session with chromiumoxide connected; `end` (or a drop) ends the session.
    let browser = client.browser(Some(&request)).await?;
    println!("session {} started and connected", browser.session_id());
    let result = drive(&browser, &url, &screenshot).await;
    // Ended whether the steps succeeded or failed.
    let ended = browser.end().await;
    let title = result?;
    ended?;
    println!("title: {title}");
    Ok(())
}

/// Opens `url`, saves a screenshot to `path`, returns the title.
async fn drive(browser: &cdp::AnchorBrowser, url: &str, path: &str) -> Result<String, BoxError> {
    let page = browser.browser().new_page(url).await?;
    page.wait_for_navigation().await?;
    let title = page.get_title().await?.unwrap_or_default();
    let png = page.screenshot(ScreenshotParams::builder().format(CaptureScreenshotFormat::Png).build()).await?;
    tokio::fs::write(path, &png).await.map_err(|e| format!("cannot write the screenshot to {path}: {e}"))?;
    println!("screenshot: {path} ({} bytes)", png.len());
    Ok(title)
}
