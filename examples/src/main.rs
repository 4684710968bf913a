//! The taxii command.
//!
//! The message tools (`validate`, `fmt`, `json`) are dispatched first, with their own
//! argument handling; everything else goes through the clap command line.

mod tools;

use clap::Parser;
use std::process::ExitCode;
use taxii_cmd::cli::{self, Cli, Command};

/// The subcommands parsed by clap; everything else goes to the message tools.
const CLAP_COMMANDS: &[&str] = &[
    "serve",
    "hash-password",
    "discover",
    "collections",
    "poll",
    "push",
    "subscribe",
    "fulfill",
    "completions",
    "man",
    "help",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let first = args.first().map(String::as_str);
    let clap_command = first.is_some_and(|a| a.starts_with('-') || CLAP_COMMANDS.contains(&a));
    if !clap_command {
        // The message tools, and their usage text (exit 2) for no or unknown subcommands.
        let code = tools::run(
            &args,
            &mut std::io::stdin().lock(),
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        );
        if code == tools::USAGE && !matches!(first, Some("validate" | "fmt" | "json")) {
            eprintln!("       taxii serve|discover|collections|poll|push|subscribe|fulfill|hash-password ...  (see taxii --help)");
        }
        return ExitCode::from(code);
    }
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
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
        match cli.command {
            Command::Serve(a) => cli::run_serve(a).await.map(|()| true),
            Command::HashPassword(a) => cli::hash_password(a).map(|()| true),
            Command::Completions(a) => {
                cli::completions(a.shell, &mut std::io::stdout());
                Ok(true)
            }
            Command::Man => cli::man_page(&mut std::io::stdout())
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
