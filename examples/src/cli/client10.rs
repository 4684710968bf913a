//! The client subcommands in TAXII 1.0 (`--taxii 1.0`): discover, collections (feed
//! information), poll, push and subscribe (subscribe, unsubscribe, status). TAXII 1.0 has
//! no multi-part results, so there is no fulfill.

use super::terminal::{say, say_err};
use taxii_messages::v10::{ContentBlock, Message as M10, PollResponse, SubscriptionAction};
use taxii_messages::{Message, SequentialGenerator, StatusType};
use taxii_services::client::Requests;

use super::client_cmds::{rendered, timestamp, uri, Error};
use super::connect::client;
use super::{content, Action, Command};
use crate::client::{save_blocks, DestDir, PollStream, Spooled};

/// Runs a client subcommand in TAXII 1.0; `Ok(false)` when the answer is an error status.
pub async fn run(cmd: Command) -> Result<bool, Error> {
    // TAXII 1.0 message ids are digits (MID-3); start somewhere unpredictable.
    let start = u64::from_le_bytes(
        uuid::Uuid::new_v4().as_bytes()[..8]
            .try_into()
            .unwrap_or([1; 8]),
    ) >> 12;
    let mut ids = Requests::new(SequentialGenerator::starting_at(start));
    let (args, request, dest) = match &cmd {
        Command::Discover(a) => (a, M10::from(ids.discovery_v10()), None),
        Command::Collections(a) => (a, M10::from(ids.feed_information()), None),
        Command::Poll(p) => {
            if p.count_only || !p.binding.is_empty() || p.allow_async || p.limit.is_some() {
                return Err(
                    "--count-only, --binding, --allow-async and --limit need TAXII 1.1".into(),
                );
            }
            let sub = p
                .subscription_id
                .as_deref()
                .map(|s| uri("subscription id", s))
                .transpose()?;
            let req = ids.poll_v10(
                &uri("feed", &p.collection)?,
                sub.as_ref(),
                timestamp("--begin", &p.begin)?,
                timestamp("--end", &p.end)?,
            );
            (&p.client, M10::from(req), p.dest_dir.clone())
        }
        Command::Push(p) => {
            if !p.collection.is_empty() || p.subtype.is_some() {
                return Err("TAXII 1.0 inbox messages name no collection and no subtype".into());
            }
            let binding = uri("content binding", &p.binding)?;
            let mut blocks = Vec::new();
            for f in &p.files {
                blocks.push(ContentBlock::new(
                    binding.clone(),
                    content::read_content(f)?,
                ));
            }
            (&p.client, M10::from(ids.inbox_v10(blocks)), None)
        }
        Command::Subscribe(s) => {
            let action = match s.action {
                Action::Subscribe => SubscriptionAction::Subscribe,
                Action::Unsubscribe => SubscriptionAction::Unsubscribe,
                Action::Status => SubscriptionAction::Status,
                Action::Pause | Action::Resume => {
                    return Err("pause and resume need TAXII 1.1".into())
                }
            };
            let sub = s
                .subscription_id
                .as_deref()
                .map(|i| uri("subscription id", i))
                .transpose()?;
            if action == SubscriptionAction::Unsubscribe && sub.is_none() {
                return Err("unsubscribe needs --subscription-id".into());
            }
            let req = ids.manage_v10(action, &uri("feed", &s.collection)?, sub.as_ref(), None);
            (&s.client, M10::from(req), None)
        }
        Command::Fulfill(_) => return Err("TAXII 1.0 has no Poll_Fulfillment".into()),
        _ => return Err("not a client command".into()),
    };
    let c = client(args).await?;
    let request = Message::V10(request);
    let mut dest = dest.as_deref().map(DestDir::new).transpose()?;
    let answer = match &mut dest {
        // Issue 8: a Poll_Response is spooled and saved block by block.
        Some(d) => match c
            .exchange_spooled10(args.target(), &request, d.path())
            .await?
        {
            Spooled::Whole(m) => *m,
            Spooled::Stream(mut s) => return save_stream(&mut s, d, args.json),
        },
        None => c.exchange(args.target(), &request).await?,
    };
    let Message::V10(answer) = answer else {
        return Err(format!("answer is not TAXII 1.0: {}", answer.root_element()).into());
    };
    if args.json {
        say!("{}", serde_json::to_string(&Message::V10(answer.clone()))?);
    } else {
        print(&answer);
    }
    if let (M10::PollResponse(r), Some(d)) = (&answer, &mut dest) {
        content::write_all(d, r.content_blocks.iter().map(|b| &b.content))?;
    }
    Ok(match &answer {
        M10::StatusMessage(s) => s.status_type == StatusType::Success,
        _ => true,
    })
}

/// `poll --dest-dir`: the blocks of a streamed Poll_Response go to `dest` as they are read.
fn save_stream(
    s: &mut PollStream<PollResponse>,
    dest: &mut DestDir,
    json: bool,
) -> Result<bool, Error> {
    let saved = save_blocks(&mut s.stream, dest, rendered, |p| {
        say_err!("wrote {}", p.display())
    })?;
    let head = s.head();
    if json {
        let m = Message::V10(M10::PollResponse(head.clone()));
        say!("{}", serde_json::to_string(&m)?);
    } else {
        say!(
            "feed {}: {saved} block(s) saved, up to {}",
            head.feed_name,
            head.inclusive_end_timestamp
        );
        say!("{saved} block(s) written to {}", dest.path().display());
    }
    Ok(true)
}

fn print(m: &M10) {
    match m {
        M10::DiscoveryResponse(r) => {
            for s in &r.service_instances {
                say!("{:<22} {}", s.service_type.as_str(), s.contact.address);
            }
        }
        M10::FeedInformationResponse(r) => {
            for f in &r.feeds {
                say!("{}: {}", f.feed_name, f.description);
                for p in &f.polling_services {
                    say!("  poll:      {}", p.address);
                }
                for s in &f.subscription_services {
                    say!("  subscribe: {}", s.address);
                }
            }
        }
        M10::PollResponse(r) => {
            say!(
                "feed {}: {} block(s), up to {}",
                r.feed_name,
                r.content_blocks.len(),
                r.inclusive_end_timestamp
            );
            content::print_all(r.content_blocks.iter().map(|b| {
                (
                    b.content_binding.as_str(),
                    b.timestamp_label.as_ref(),
                    &b.content,
                )
            }));
        }
        M10::ManageFeedSubscriptionResponse(r) => {
            for s in &r.subscriptions {
                say!("subscription {} on {}", s.subscription_id, r.feed_name);
            }
        }
        M10::StatusMessage(s) => say!(
            "{}{}",
            s.status_type.as_str(),
            s.message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default()
        ),
        other => say!("{}", Message::V10(other.clone()).to_xml()),
    }
}
