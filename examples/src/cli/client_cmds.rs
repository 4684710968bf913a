//! The client subcommands: discover, collections, poll, push, subscribe, fulfill.

use std::path::{Path, PathBuf};
use std::time::Duration;

use taxii_messages::v11::{
    self, CollectionInformationRequest, ContentBinding, ContentBlock, DiscoveryRequest,
    InboxMessage, ManageCollectionSubscriptionRequest, Message, PollFulfillmentRequest,
    PollParameters, PollRequest, PollSelection, QueryParameters, ResponseType, SubscriptionAction,
};
use taxii_messages::{RawXml, StatusType, Timestamp, Uri};

use super::connect::{client, resolve_service};
use super::progress::Progress;
use super::terminal::{say, say_err};
use super::TotalsArgs;
use super::{client10, content, print, Action, ClientArgs, Command, TaxiiVersion};
use crate::client::{
    poll_all, poll_to_dir, save_blocks, Client, DestDir, PollError, PollEvent, PollTotals, Spooled,
};
use taxii_services::client::{PagerError, PagerLimits};

pub(super) fn new_message_id() -> taxii_messages::MessageId {
    use taxii_messages::MessageIdGenerator;
    taxii_messages::UuidGenerator.next_id()
}

/// Errors of the client commands.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

pub(super) fn uri(what: &str, s: &str) -> Result<Uri, Error> {
    Uri::new(s).map_err(|e| format!("{what} {s:?}: {e}").into())
}

pub(super) fn timestamp(what: &str, s: &Option<String>) -> Result<Option<Timestamp>, Error> {
    s.as_deref()
        .map(|t| Timestamp::parse(t).map_err(|e| format!("{what} {t:?}: {e}").into()))
        .transpose()
}

/// Whether an answer counts as success for the exit code.
fn ok(msg: &Message) -> bool {
    match msg {
        Message::StatusMessage(s) => s.status_type == StatusType::Success,
        _ => true,
    }
}

/// Runs a client subcommand; `Ok(false)` when the server answered with an error status.
pub async fn run_client(mut cmd: Command) -> Result<bool, Error> {
    resolve_service(&mut cmd).await?;
    if common_args(&cmd).is_some_and(|a| a.taxii == TaxiiVersion::V10) {
        return client10::run(cmd).await;
    }
    match cmd {
        Command::Discover(a) => {
            let c = client(&a).await?;
            let req = DiscoveryRequest::new(new_message_id());
            let answer = c.exchange11(a.target(), req.into()).await?;
            print::message(&answer, a.json);
            Ok(ok(&answer))
        }
        Command::Collections(a) => {
            let c = client(&a).await?;
            let req = CollectionInformationRequest::new(new_message_id());
            let answer = c.exchange11(a.target(), req.into()).await?;
            print::message(&answer, a.json);
            Ok(ok(&answer))
        }
        Command::Push(p) => {
            if p.files.is_empty() {
                return Err("nothing to push: name one or more files".into());
            }
            let c = client(&p.client).await?;
            let binding = uri("content binding", &p.binding)?;
            let mut msg = InboxMessage::new(new_message_id());
            for name in &p.collection {
                msg.destination_collection_names
                    .push(uri("collection", name)?);
            }
            for f in &p.files {
                let content = content::read_content(f)?;
                let mut block = ContentBlock::new(binding.clone(), content);
                if let Some(s) = &p.subtype {
                    block.content_binding.subtype = Some(uri("subtype", s)?);
                }
                msg.content_blocks.push(block);
            }
            let answer = c.exchange11(p.client.target(), msg.into()).await?;
            print::message(&answer, p.client.json);
            Ok(ok(&answer))
        }
        Command::Subscribe(s) => {
            let c = client(&s.client).await?;
            let action = match s.action {
                Action::Subscribe => SubscriptionAction::Subscribe,
                Action::Unsubscribe => SubscriptionAction::Unsubscribe,
                Action::Pause => SubscriptionAction::Pause,
                Action::Resume => SubscriptionAction::Resume,
                Action::Status => SubscriptionAction::Status,
            };
            let mut req = ManageCollectionSubscriptionRequest::new(
                new_message_id(),
                action,
                uri("collection", &s.collection)?,
            );
            req.subscription_id = s
                .subscription_id
                .as_deref()
                .map(|i| uri("subscription id", i))
                .transpose()?;
            if action == SubscriptionAction::Subscribe {
                let mut q = QueryParameters::default();
                q.response_type = Some(if s.count_only {
                    ResponseType::CountOnly
                } else {
                    ResponseType::Full
                });
                for b in &s.binding {
                    q.content_bindings
                        .push(ContentBinding::new(uri("content binding", b)?));
                }
                req.subscription_parameters = Some(q);
            } else if action != SubscriptionAction::Status && req.subscription_id.is_none() {
                return Err(format!("--action {:?} needs --subscription-id", s.action).into());
            }
            let answer = c.exchange11(s.client.target(), req.into()).await?;
            print::message(&answer, s.client.json);
            Ok(ok(&answer))
        }
        Command::Fulfill(f) => {
            let c = client(&f.client).await?;
            let req = PollFulfillmentRequest::new(
                new_message_id(),
                uri("collection", &f.collection)?,
                uri("result id", &f.result_id)?,
                f.part,
            );
            if let Some(dir) = &f.dest_dir {
                return fulfill_into(&c, f.client.target(), req.into(), dir, f.client.json).await;
            }
            let answer = c.exchange11(f.client.target(), req.into()).await?;
            print::message(&answer, f.client.json);
            if let (Message::PollResponse(r), false) = (&answer, f.client.json) {
                print_blocks(r);
            }
            Ok(ok(&answer))
        }
        Command::Poll(p) => {
            let c = client(&p.client).await?;
            let selection = match &p.subscription_id {
                Some(id) => PollSelection::SubscriptionId(uri("subscription id", id)?),
                None => {
                    let mut q = QueryParameters::default();
                    q.response_type = Some(if p.count_only {
                        ResponseType::CountOnly
                    } else {
                        ResponseType::Full
                    });
                    for b in &p.binding {
                        q.content_bindings
                            .push(ContentBinding::new(uri("content binding", b)?));
                    }
                    if !p.query.is_empty() {
                        let criteria: Vec<&str> = p.query.iter().map(String::as_str).collect();
                        let dq =
                            taxii_messages::query::compact::query(&p.query_vocabulary, &criteria)?;
                        q.query = Some(v11::Query::Default(dq));
                    }
                    let mut params = PollParameters::default();
                    params.allow_asynch = Some(p.allow_async);
                    params.query_parameters = q;
                    PollSelection::PollParameters(params)
                }
            };
            let mut req = PollRequest::new(
                new_message_id(),
                uri("collection", &p.collection)?,
                selection,
            );
            req.exclusive_begin_timestamp = timestamp("--begin", &p.begin)?;
            req.inclusive_end_timestamp = timestamp("--end", &p.end)?;
            let json = p.client.json;
            let totals = totals(&p.totals, p.limit);
            if let Some(dir) = &p.dest_dir {
                return poll_into(&c, p.client.target(), req, totals, dir, json).await;
            }
            let mut progress = Progress::new();
            let outcome = poll_all(&c, p.client.target(), req, totals, |ev| match ev {
                PollEvent::Part(r) => {
                    progress.clear();
                    if json {
                        print::message(&Message::PollResponse(r.clone()), true);
                    } else {
                        print::poll_summary(r);
                        print_blocks(r);
                    }
                    progress.part(
                        r.content_blocks.len(),
                        r.record_count.as_ref().map(|n| n.count),
                        r.has_more(),
                    );
                }
                PollEvent::Waiting(s) => waiting(s),
                PollEvent::Saved(_) | PollEvent::Header { .. } => {}
            })
            .await;
            progress.finish();
            poll_outcome(outcome)
        }
        _ => Err("not a client command".into()),
    }
}

/// The limits of a whole poll the flags set.
fn totals(t: &TotalsArgs, limit: Option<u64>) -> PollTotals {
    PollTotals {
        pager: PagerLimits::new(t.max_parts, t.max_pending),
        max_bytes: t.max_total_bytes,
        max_time: Duration::from_secs(t.max_total_secs),
        max_blocks: limit,
    }
}

/// A polled content block as its file holds it: the content as a document of its own,
/// trimmed, plus a newline.
pub(super) fn rendered(content: &RawXml) -> String {
    format!("{}\n", content::standalone(content).trim())
}

fn waiting(secs: u64) {
    say_err!("server is preparing the result; waiting {secs} s");
}

/// The exit status of a poll: an error status from the server is `Ok(false)`.
fn poll_outcome<T>(outcome: Result<T, PollError>) -> Result<bool, Error> {
    match outcome {
        Ok(_) => Ok(true),
        Err(PollError::Taxii(PagerError::Exchange(e))) => {
            say!("{e}");
            Ok(false)
        }
        Err(e @ PollError::Total(_)) => Err(e.into()),
        Err(PollError::Transport(e)) => Err(e.into()),
        Err(PollError::Taxii(e)) => Err(e.into()),
        Err(PollError::Save(e)) => Err(e.into()),
    }
}

/// `poll --dest-dir`: every part's blocks go to `dir` as they are read.
async fn poll_into(
    c: &Client,
    url: &str,
    req: PollRequest,
    totals: PollTotals,
    dir: &Path,
    json: bool,
) -> Result<bool, Error> {
    let mut dest = DestDir::new(dir)?;
    let mut blocks = 0usize;
    let mut progress = Progress::new();
    let outcome = poll_to_dir(c, url, req, totals, &mut dest, rendered, |ev| match ev {
        PollEvent::Saved(_) if progress.is_bar() => progress.block_saved(),
        PollEvent::Saved(path) => say_err!("wrote {}", path.display()),
        PollEvent::Header { part, saved } => {
            blocks += saved;
            progress.clear();
            if json {
                print::message(&Message::PollResponse(part.clone()), true);
            } else {
                part_summary(part, saved);
            }
            progress.part(
                saved,
                part.record_count.as_ref().map(|n| n.count),
                part.has_more(),
            );
        }
        PollEvent::Waiting(s) => waiting(s),
        PollEvent::Part(_) => {}
    })
    .await;
    progress.finish();
    let ok = poll_outcome(outcome)?;
    if ok && !json {
        say!("{blocks} block(s) written to {}", dir.display());
    }
    Ok(ok)
}

/// `fulfill --dest-dir`: the part's blocks go to `dir` as they are read.
async fn fulfill_into(
    c: &Client,
    url: &str,
    req: Message,
    dir: &Path,
    json: bool,
) -> Result<bool, Error> {
    let mut dest = DestDir::new(dir)?;
    let on_saved = |p: &PathBuf| say_err!("wrote {}", p.display());
    match c
        .exchange_spooled(url, &taxii_messages::Message::V11(req), dir)
        .await?
    {
        Spooled::Whole(answer) => {
            if let Message::PollResponse(r) = &*answer {
                for b in &r.content_blocks {
                    on_saved(&dest.write(rendered(&b.content).as_bytes())?);
                }
            }
            print::message(&answer, json);
            Ok(ok(&answer))
        }
        Spooled::Stream(mut s) => {
            let saved = save_blocks(&mut s.stream, &mut dest, rendered, on_saved)?;
            if json {
                print::message(&Message::PollResponse(s.head().clone()), true);
            } else {
                part_summary(s.head(), saved);
            }
            Ok(true)
        }
    }
}

fn part_summary(r: &v11::PollResponse, saved: usize) {
    say!(
        "collection {}: part {}{}, {saved} block(s) saved",
        r.collection_name,
        r.part_number(),
        if r.has_more() { " (more follow)" } else { "" },
    );
}

fn print_blocks(r: &v11::PollResponse) {
    content::print_all(r.content_blocks.iter().map(|b| {
        (
            b.content_binding.binding_id.as_str(),
            b.timestamp_label.as_ref(),
            &b.content,
        )
    }));
}

fn common_args(cmd: &Command) -> Option<&ClientArgs> {
    match cmd {
        Command::Discover(a) | Command::Collections(a) => Some(a),
        Command::Poll(p) => Some(&p.client),
        Command::Push(p) => Some(&p.client),
        Command::Subscribe(s) => Some(&s.client),
        Command::Fulfill(f) => Some(&f.client),
        _ => None,
    }
}

/// The common client options of a client subcommand, to change.
pub(super) fn common_args_mut(cmd: &mut Command) -> Option<&mut ClientArgs> {
    match cmd {
        Command::Discover(a) | Command::Collections(a) => Some(a),
        Command::Poll(p) => Some(&mut p.client),
        Command::Push(p) => Some(&mut p.client),
        Command::Subscribe(s) => Some(&mut s.client),
        Command::Fulfill(f) => Some(&mut f.client),
        _ => None,
    }
}
