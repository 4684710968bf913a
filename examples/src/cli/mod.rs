//! The command line: subcommands and their options.

mod client10;
mod client_cmds;
mod content;
mod print;
mod progress;
mod serve;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use client_cmds::run_client;
pub use serve::{hash_password, run_serve};

/// TAXII 1.x: a server with an embedded store, a client, and message tools.
#[derive(Debug, Parser)]
#[command(
    name = "taxii",
    version,
    about,
    after_help = "Message tools:\n  validate FILE...       decode and check messages (exit 1 if any is invalid)\n  fmt FILE               decode and encode again; XML on stdout\n  json [--to-xml] FILE   a message as JSON on stdout (or JSON back to XML)"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a TAXII 1.1 server (default: 127.0.0.1:9000, data in ./taxii-data).
    Serve(ServeArgs),
    /// Hash a password (read from stdin) for an `[[account]]` of the configuration.
    HashPassword(HashArgs),
    /// List a server's services (Discovery_Request).
    Discover(ClientArgs),
    /// List a server's collections (Collection_Information_Request).
    Collections(ClientArgs),
    /// Poll a collection, following multi-part and asynchronous results.
    Poll(PollArgs),
    /// Push files to an inbox (Inbox_Message).
    Push(PushArgs),
    /// Manage a subscription (subscribe, unsubscribe, pause, resume, status).
    Subscribe(SubscribeArgs),
    /// Fetch one part of a poll result (Poll_Fulfillment).
    Fulfill(FulfillArgs),
}

/// `taxii serve` options.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Configuration file (TOML); defaults apply to everything it leaves out.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Address to listen on (overrides the configuration).
    #[arg(long)]
    pub listen: Option<std::net::SocketAddr>,
    /// Data directory (overrides the configuration).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Copy every request and response body into this directory (debugging).
    #[arg(long)]
    pub dump_dir: Option<PathBuf>,
    /// Shared PostgreSQL database, `postgres://USER[:PASSWORD]@HOST:PORT/DB` (overrides the
    /// configuration; without it the store is SQLite in the data directory).
    #[arg(long)]
    pub database: Option<String>,
}

/// `taxii hash-password` options.
#[derive(Debug, Args)]
pub struct HashArgs {
    /// PBKDF2-SHA256 iterations.
    #[arg(long, default_value_t = crate::server::auth::DEFAULT_ITERATIONS)]
    pub iterations: u32,
}

/// TAXII version spoken by the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TaxiiVersion {
    /// TAXII 1.1.
    #[value(name = "1.1")]
    V11,
    /// TAXII 1.0.
    #[value(name = "1.0")]
    V10,
}

/// Options every client subcommand takes.
#[derive(Debug, Args)]
pub struct ClientArgs {
    /// Service URL, e.g. http://127.0.0.1:9000/services/discovery.
    pub url: String,
    /// TAXII version.
    #[arg(long, value_enum, default_value = "1.1")]
    pub taxii: TaxiiVersion,
    /// User name for HTTP Basic (password from --password or $TAXII_PASSWORD).
    #[arg(long, short = 'u')]
    pub username: Option<String>,
    /// Password for HTTP Basic.
    #[arg(long, env = "TAXII_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
    /// Bearer token (or $TAXII_TOKEN).
    #[arg(
        long,
        env = "TAXII_TOKEN",
        hide_env_values = true,
        conflicts_with = "username"
    )]
    pub token: Option<String>,
    /// PEM client certificate (with --key) for client-certificate authentication.
    #[arg(long, requires = "key")]
    pub cert: Option<PathBuf>,
    /// PEM private key of --cert.
    #[arg(long, requires = "cert")]
    pub key: Option<PathBuf>,
    /// PEM CA bundle to trust for HTTPS instead of the built-in roots.
    #[arg(long)]
    pub ca_bundle: Option<PathBuf>,
    /// Seconds allowed per exchange.
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
    /// Print the answers as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `taxii poll` options.
#[derive(Debug, Args)]
pub struct PollArgs {
    /// Common client options.
    #[command(flatten)]
    pub client: ClientArgs,
    /// Collection to poll.
    #[arg(long, short = 'c', default_value = "default")]
    pub collection: String,
    /// Only content after this time (exclusive), e.g. 2024-01-01T00:00:00Z.
    #[arg(long)]
    pub begin: Option<String>,
    /// Only content up to this time (inclusive).
    #[arg(long)]
    pub end: Option<String>,
    /// Poll for a subscription instead of with parameters.
    #[arg(long, conflicts_with_all = ["count_only", "binding"])]
    pub subscription_id: Option<String>,
    /// Ask for the number of records only.
    #[arg(long)]
    pub count_only: bool,
    /// Accept only these content bindings.
    #[arg(long)]
    pub binding: Vec<String>,
    /// Let the server answer asynchronously (PENDING, then fetch the result).
    #[arg(long)]
    pub allow_async: bool,
    /// Write each content block to its own file in this directory.
    #[arg(long)]
    pub dest_dir: Option<PathBuf>,
    /// A Default Query criterion; repeat for several (all must hold).
    #[arg(long, value_name = "CRITERION", long_help = QUERY_HELP)]
    pub query: Vec<String>,
    /// The targeting vocabulary of --query (a STIX content binding id).
    #[arg(long, default_value = "urn:stix.mitre.org:xml:1.1.1")]
    pub query_vocabulary: String,
}

const QUERY_HELP: &str = "\
A Default Query criterion, `[not] TARGET RELATIONSHIP [VALUE]`; repeat for several (all
must hold). TARGET is a STIX targeting expression (`**/Title`, `STIX_Package/@version`).
RELATIONSHIP: equals, not_equals, greater_than, greater_than_or_equal, less_than,
less_than_or_equal, exists, does_not_exist, begins_with, ends_with, contains (core),
matches (regex), timestamp:equals, timestamp:greater_than, timestamp:less_than, ...
(timestamp). `/i` makes a string test case-insensitive, `equals/n` compares numbers.
Example: --query '**/Title contains/i phishing' --query 'not **/Confidence less_than 50'";

/// `taxii push` options.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// Common client options.
    #[command(flatten)]
    pub client: ClientArgs,
    /// Files to push, one content block each (`-` for stdin).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Destination collections (repeat for several).
    #[arg(long, short = 'c')]
    pub collection: Vec<String>,
    /// Content binding id of the files.
    #[arg(long, default_value = "urn:stix.mitre.org:xml:1.1.1")]
    pub binding: String,
    /// Content binding subtype.
    #[arg(long)]
    pub subtype: Option<String>,
}

/// Subscription management action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Action {
    /// Create a subscription.
    Subscribe,
    /// End one.
    Unsubscribe,
    /// Pause one.
    Pause,
    /// Resume one.
    Resume,
    /// Report one or all.
    Status,
}

/// `taxii subscribe` options.
#[derive(Debug, Args)]
pub struct SubscribeArgs {
    /// Common client options.
    #[command(flatten)]
    pub client: ClientArgs,
    /// Collection.
    #[arg(long, short = 'c', default_value = "default")]
    pub collection: String,
    /// Action.
    #[arg(long, value_enum, default_value = "subscribe")]
    pub action: Action,
    /// Subscription id (required for unsubscribe, pause, resume).
    #[arg(long)]
    pub subscription_id: Option<String>,
    /// Subscribe to counts only.
    #[arg(long)]
    pub count_only: bool,
    /// Subscribe to these content bindings only.
    #[arg(long)]
    pub binding: Vec<String>,
}

/// `taxii fulfill` options.
#[derive(Debug, Args)]
pub struct FulfillArgs {
    /// Common client options.
    #[command(flatten)]
    pub client: ClientArgs,
    /// Collection.
    #[arg(long, short = 'c', default_value = "default")]
    pub collection: String,
    /// Result id from a multi-part or PENDING answer.
    #[arg(long)]
    pub result_id: String,
    /// Part number.
    #[arg(long, default_value_t = 1)]
    pub part: u64,
    /// Write each content block to its own file in this directory.
    #[arg(long)]
    pub dest_dir: Option<PathBuf>,
}
