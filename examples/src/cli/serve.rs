//! `taxii serve` and `taxii hash-password`.

use std::io::BufRead;

use super::{HashArgs, ServeArgs};
use crate::config::Config;
use crate::server::{auth, Server, State};

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn run_serve(args: ServeArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut config = match &args.config {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    if let Some(l) = args.listen {
        config.listen = l;
    }
    if let Some(d) = args.data {
        config.data = d;
    }
    if let Some(d) = args.dump_dir {
        config.dump_dir = Some(d);
    }
    if let Some(url) = args.database {
        config.database.url = Some(url);
    }
    let state = State::open_configured(config).await?;
    let server = Server::bind(state.clone()).await?;
    let c = &state.config;
    tracing::info!(
        address = %server.local_addr(),
        data = %c.data.display(),
        database = c.database.url.is_some(),
        collections = c.collections.len(),
        accounts = c.accounts.len(),
        tls = c.tls.is_some(),
        "taxii server listening; discovery at {}{}",
        c.base_url(),
        c.services.discovery
    );
    server.run(shutdown_signal()).await;
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    tracing::info!("shutting down");
}

/// Reads a password from the first line of stdin and prints its hash.
pub fn hash_password(args: HashArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        return Err("no password on stdin".into());
    }
    if args.iterations == 0 {
        return Err("--iterations must be at least 1".into());
    }
    println!("{}", auth::hash_password(password, args.iterations));
    Ok(())
}
