//! Starts one browser session with reqwest and serde by hand and prints its CDP URL.

#[derive(serde::Deserialize)]
struct Response {
    data: Option<Data>,
}

#[derive(serde::Deserialize)]
struct Data {
    cdp_url: Option<String>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("ANCHORBROWSER_API_KEY")?;
    let response = reqwest::Client::new()
        .post("https://api.anchorbrowser.io/v1/sessions")
        .header("anchor-api-key", key)
        .send()
        .await?
        .error_for_status()?;
    let body: Response = serde_json::from_slice(&response.bytes().await?)?;
    println!("{}", body.data.and_then(|d| d.cdp_url).unwrap_or_default());
    Ok(())
}
