//! The API key: from `--api-key`, the environment, or a key file that `auth login` writes under
//! the user's configuration directory, readable by its owner only.

use crate::Settings;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;

/// Where a key came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Source {
    Flag,
    Environment(&'static str),
    File(PathBuf),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag => f.write_str("the --api-key flag"),
            Source::Environment(var) => write!(f, "the environment variable {var}"),
            Source::File(path) => write!(f, "the key file {}", path.display()),
        }
    }
}

/// The folder of the binary's configuration: `$XDG_CONFIG_HOME/<binary>`, else
/// `~/.config/<binary>` (`%APPDATA%\<binary>` on Windows).
fn config_dir(binary: &str) -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let base = if cfg!(windows) {
        var("APPDATA")
    } else {
        var("XDG_CONFIG_HOME").or_else(|| var("HOME").map(|home| home.join(".config")))
    };
    base.map(|b| b.join(binary))
}

/// The key file's path.
pub(super) fn key_file(binary: &str) -> Option<PathBuf> {
    config_dir(binary).map(|dir| dir.join("api-key"))
}

/// The key and where it came from: the flag, the environment, then the key file. `Ok(None)`
/// when there is none; an error when the key file cannot be used.
pub(super) fn find_key(
    binary: &str,
    settings: &Settings,
    flag: Option<&String>,
) -> Result<Option<(String, Source)>, String> {
    if let Some(key) = flag {
        if key.trim().is_empty() {
            return Err("`--api-key`: expected a key, not an empty value".into());
        }
        return Ok(Some((key.clone(), Source::Flag)));
    }
    for var in settings.key_vars {
        if let Some(key) = std::env::var(var).ok().filter(|k| !k.trim().is_empty()) {
            return Ok(Some((key, Source::Environment(var))));
        }
    }
    let Some(path) = key_file(binary).filter(|p| p.exists()) else { return Ok(None) };
    check_private(&path)?;
    let key =
        std::fs::read_to_string(&path).map_err(|e| format!("cannot read the key file {}: {e}", path.display()))?;
    let key = key.trim().to_string();
    if key.is_empty() {
        return Err(format!("the key file {} is empty; run `{binary} auth login` again", path.display()));
    }
    Ok(Some((key, Source::File(path))))
}

/// Refuses a key file others can read or write.
#[cfg(unix)]
fn check_private(path: &std::path::Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| format!("cannot read the key file {}: {e}", path.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(format!(
            "the key file {} can be read by others (mode {:o}); make it yours alone with `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_: &std::path::Path) -> Result<(), String> {
    Ok(())
}

/// `auth login`: reads a key from standard input (a prompt that does not echo on a terminal)
/// and stores it, mode 0600. Answers the message to print.
pub(super) fn login(binary: &str) -> Result<String, String> {
    let key = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("API key: ").map_err(|e| format!("cannot read the key: {e}"))?
    } else {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read the key from standard input: {e}"))?;
        text
    };
    let key = key.trim();
    if key.is_empty() || key.contains(char::is_whitespace) {
        return Err("expected one API key, without spaces, on standard input".into());
    }
    let path = key_file(binary).ok_or("cannot tell where the configuration folder is: set HOME or XDG_CONFIG_HOME")?;
    write_private(&path, key)?;
    Ok(format!("stored the key in {}", path.display()))
}

/// Writes `text` to a file only its owner may read (its folder likewise).
fn write_private(path: &std::path::Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let failed = |e: std::io::Error| format!("cannot write the key file {}: {e}", path.display());
    let dir = path.parent().ok_or_else(|| format!("{} has no folder", path.display()))?;
    // Written whole to a file made anew beside it (never an existing file, which keeps its mode,
    // nor a link's target), then renamed over the key file: a failure leaves the old key whole.
    let fresh = path.with_extension("new");
    match std::fs::remove_file(&fresh) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(failed(e)),
        _ => {}
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(failed)?;
        // Readable by its owner from the moment it exists.
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir).map_err(failed)?;
    let mut file = options.open(&fresh).map_err(failed)?;
    let written = file.write_all(format!("{text}\n").as_bytes()).and_then(|()| file.sync_all());
    match written.and_then(|()| std::fs::rename(&fresh, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&fresh);
            Err(failed(e))
        }
    }
}

/// `auth logout`: removes the key file.
pub(super) fn logout(binary: &str) -> Result<String, String> {
    match key_file(binary) {
        Some(path) if path.exists() => {
            std::fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            Ok(format!("removed {}", path.display()))
        }
        _ => Ok("no key was stored".into()),
    }
}
