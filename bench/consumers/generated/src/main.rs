//! Starts one browser session with the generated client and prints its CDP URL.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = anchor_api::Client::from_env()?;
    let session = client.start_browser_session().await?;
    println!("{}", session.data.and_then(|d| d.cdp_url).unwrap_or_default());
    Ok(())
}
