//! The taxii command: the server, the client and the message tools, one clap command line.

mod tools;

use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;
use taxii::cli::{self, Command};

/// TAXII 1.x: a server with an embedded store, a client, and message tools.
#[derive(Debug, Parser)]
#[command(name = "taxii", version, about)]
struct Taxii {
    /// What to do.
    #[command(subcommand)]
    command: Top,
}

/// The server and client subcommands, and the message tools.
#[derive(Debug, Subcommand)]
enum Top {
    #[command(flatten)]
    Tool(tools::Tool),
    #[command(flatten)]
    Cli(Box<Command>),
}

fn main() -> ExitCode {
    let command = match Taxii::parse().command {
        Top::Tool(tool) => {
            return ExitCode::from(tools::run(
                &tool,
                &mut std::io::stdin().lock(),
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            ))
        }
        Top::Cli(command) => *command,
    };
    // Log lines are written by a background thread; dropping `_log` writes out the rest.
    let (log, _log) = match taxii::server::log::stderr() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("taxii: cannot start the log writer: {e}");
            return ExitCode::from(2);
        }
    };
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    if !ansi {
        taxii::server::log::route_exchanges(log.clone());
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(log)
        .with_ansi(ansi)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("taxii: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(async {
        match command {
            Command::Serve(a) => cli::run_serve(a).await.map(|()| true),
            Command::HashPassword(a) => cli::hash_password(a).map(|()| true),
            Command::Completions(a) => {
                cli::completions(a.shell, Taxii::command(), &mut std::io::stdout());
                Ok(true)
            }
            Command::Man => cli::man_page(Taxii::command(), &mut std::io::stdout())
                .map(|()| true)
                .map_err(Into::into),
            other => cli::run_client(other).await,
        }
    });
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("taxii: {e}");
            ExitCode::from(2)
        }
    }
}
