//! TAXII 1.0 interop helper for `interop/v10.sh`.
//!
//! - `write OUT_DIR`: one XML file per TAXII 1.0 message in a corpus covering every message
//!   type and the optional fields libtaxii models (it drops `ds:Signature`, LT-16).
//! - `reencode IN_DIR OUT_DIR`: decodes every `*.xml` of `IN_DIR` (e.g. libtaxii's output)
//!   and writes our encoding of it under the same name.
//! - `draft1 IN_DIR OUT_DIR`: decodes every TAXII 1.0 Draft 1 `*.xml` of `IN_DIR` and writes
//!   our Draft 1 encoding of it under the same name.
//! - `compare A_DIR B_DIR`: decodes each file of `A_DIR` and its namesake in `B_DIR` and
//!   fails unless both are the same message. Timestamps compare by instant: libtaxii writes
//!   UTC as `+00:00` where we keep `Z` (checklist LT-7).
//!
//! Usage: `cargo run -p taxii-interop-corpus --bin interop_corpus10 -- write OUT_DIR`

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use taxii_interop_corpus::{header, id, stix_content, ts, uri, HTTP, STIX};
use taxii_messages::v10::*;
use taxii_messages::{decode, StatusType};

fn contact(addr: &str) -> ServiceContact {
    ServiceContact::new(uri(HTTP), addr, uri(MESSAGE_BINDING))
}

fn push_parameters() -> PushParameters {
    let mut p = PushParameters::new(
        uri(HTTP),
        "http://127.0.0.1:9001/inbox",
        uri(MESSAGE_BINDING),
    );
    p.content_bindings = vec![uri(STIX), uri("urn:stix.mitre.org:xml:1.0")];
    p
}

fn block(label: Option<&str>) -> ContentBlock {
    let mut b = ContentBlock::new(uri(STIX), stix_content());
    b.timestamp_label = label.map(ts);
    b.padding = Some("0000".into());
    b
}

/// The corpus: a file name and a message, every message type at least once.
fn corpus() -> Vec<(&'static str, Message)> {
    let mut out: Vec<(&'static str, Message)> = Vec::new();

    let mut s = StatusMessage::new(id("100"), id("99"), StatusType::Retry);
    s.extended_headers = header();
    s.status_detail = Some("2014-12-19T00:00:00Z".into());
    s.message = Some("try later".into());
    out.push(("status_retry", s.into()));
    let mut s = StatusMessage::new(id("101"), id("0"), StatusType::UnsupportedContent);
    s.status_detail = Some(format!("{STIX} urn:stix.mitre.org:xml:1.0"));
    out.push(("status_unsupported_content", s.into()));
    out.push((
        "status_success",
        StatusMessage::new(id("102"), id("1"), StatusType::Success).into(),
    ));

    let mut r = DiscoveryRequest::new(id("200"));
    r.extended_headers = header();
    out.push(("discovery_request", r.into()));
    let mut r = DiscoveryResponse::new(id("201"), id("200"));
    let mut inbox = ServiceInstance::new(ServiceType::Inbox, contact("http://127.0.0.1/inbox"));
    inbox.available = Some(true);
    inbox.inbox_accepted_content = vec![uri(STIX)];
    inbox.message = Some("inbox".into());
    let mut fm = ServiceInstance::new(ServiceType::FeedManagement, contact("http://127.0.0.1/fm"));
    fm.contact
        .message_bindings
        .push(uri("urn:taxii.mitre.org:message:xml:1.1"));
    r.service_instances = vec![
        ServiceInstance::new(
            ServiceType::Discovery,
            contact("http://127.0.0.1/discovery"),
        ),
        fm,
        inbox,
        ServiceInstance::new(ServiceType::Poll, contact("http://127.0.0.1/poll")),
    ];
    out.push(("discovery_response", r.into()));

    out.push((
        "feed_information_request",
        FeedInformationRequest::new(id("300")).into(),
    ));
    let mut r = FeedInformationResponse::new(id("301"), id("300"));
    let mut f = Feed::new(uri("feed-a"), "All indicators", vec![uri(STIX)]);
    f.available = Some(true);
    f.push_methods = vec![PushMethod::new(uri(HTTP), uri(MESSAGE_BINDING))];
    f.polling_services = vec![contact("http://127.0.0.1/poll")];
    f.subscription_services = vec![contact("http://127.0.0.1/fm")];
    let mut g = Feed::new(uri("urn:example.com:feed:b"), "Poll only", vec![uri(STIX)]);
    g.polling_services = vec![contact("http://127.0.0.1/poll")];
    r.feeds = vec![f, g];
    out.push(("feed_information_response", r.into()));

    let mut r =
        ManageFeedSubscriptionRequest::new(id("400"), uri("feed-a"), SubscriptionAction::Subscribe);
    r.extended_headers = header();
    r.push_parameters = Some(push_parameters());
    out.push(("subscription_request_subscribe", r.into()));
    let mut r = ManageFeedSubscriptionRequest::new(
        id("401"),
        uri("feed-a"),
        SubscriptionAction::Unsubscribe,
    );
    r.subscription_id = Some(uri("urn:example.com:sub:1"));
    out.push(("subscription_request_unsubscribe", r.into()));
    out.push((
        "subscription_request_status",
        ManageFeedSubscriptionRequest::new(id("402"), uri("feed-a"), SubscriptionAction::Status)
            .into(),
    ));
    let mut r = ManageFeedSubscriptionResponse::new(id("403"), id("402"), uri("feed-a"));
    r.message = Some("two subscriptions".into());
    let mut s1 = SubscriptionInstance::new(uri("urn:example.com:sub:1"));
    s1.push_parameters = Some(push_parameters());
    let mut s2 = SubscriptionInstance::new(uri("urn:example.com:sub:2"));
    s2.poll_instances = vec![contact("http://127.0.0.1/poll")];
    r.subscriptions = vec![s1, s2];
    out.push(("subscription_response", r.into()));

    let mut r = PollRequest::new(id("500"), uri("feed-a"));
    r.subscription_id = Some(uri("urn:example.com:sub:2"));
    r.exclusive_begin_timestamp = Some(ts("2014-01-01T00:00:00Z"));
    r.inclusive_end_timestamp = Some(ts("2014-02-01T00:00:00.123456Z"));
    r.content_bindings = vec![uri(STIX)];
    out.push(("poll_request", r.into()));
    let mut r = PollResponse::new(
        id("501"),
        id("500"),
        uri("feed-a"),
        ts("2014-02-01T00:00:00Z"),
    );
    r.subscription_id = Some(uri("urn:example.com:sub:2"));
    r.message = Some("two blocks".into());
    r.inclusive_begin_timestamp = Some(ts("2014-01-01T00:00:00Z"));
    r.content_blocks = vec![block(Some("2014-01-15T10:20:30Z")), block(None)];
    out.push(("poll_response", r.into()));

    let mut r = InboxMessage::new(id("600"));
    r.extended_headers = header();
    r.message = Some("pushed".into());
    let mut src = SourceSubscription::new(
        uri("feed-a"),
        uri("urn:example.com:sub:1"),
        ts("2014-02-01T00:00:00Z"),
    );
    src.inclusive_begin_timestamp = Some(ts("2014-01-01T00:00:00Z"));
    r.source_subscription = Some(src);
    r.content_blocks = vec![block(Some("2014-01-15T10:20:30Z"))];
    out.push(("inbox_message", r.into()));
    out
}

fn xml_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    Ok(files)
}

fn read_message(path: &Path) -> Result<taxii_messages::Message, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    decode(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// The message with every UTC timestamp written as `Z` (only timestamps end an envelope
/// element's text with `+00:00`).
fn utc_as_zulu(m: &taxii_messages::Message) -> Result<taxii_messages::Message, String> {
    let xml = m.to_xml().replace("+00:00</taxii:", "Z</taxii:");
    decode(xml.as_bytes()).map_err(|e| e.to_string())
}

fn run(args: &[String]) -> Result<(), String> {
    match args {
        [cmd, out] if cmd == "write" => {
            let out = Path::new(out);
            std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
            for (name, m) in corpus() {
                let path = out.join(format!("{name}.xml"));
                std::fs::write(&path, m.to_xml()).map_err(|e| e.to_string())?;
            }
            Ok(())
        }
        [cmd, input, out] if cmd == "reencode" => {
            let out = Path::new(out);
            std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
            for f in xml_files(Path::new(input))? {
                let m = read_message(&f)?;
                if !matches!(m, taxii_messages::Message::V10(_)) {
                    return Err(format!("{}: not a TAXII 1.0 message", f.display()));
                }
                let name = f.file_name().unwrap_or_default();
                std::fs::write(out.join(name), m.to_xml()).map_err(|e| e.to_string())?;
            }
            Ok(())
        }
        [cmd, input, out] if cmd == "draft1" => {
            let out = Path::new(out);
            std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
            for f in xml_files(Path::new(input))? {
                let bytes = std::fs::read(&f).map_err(|e| e.to_string())?;
                let m = taxii_messages::draft1::decode(&bytes)
                    .map_err(|e| format!("{}: {e}", f.display()))?;
                let name = f.file_name().unwrap_or_default();
                std::fs::write(out.join(name), m.to_xml()).map_err(|e| e.to_string())?;
            }
            Ok(())
        }
        [cmd, a, b] if cmd == "compare" => {
            let files = xml_files(Path::new(a))?;
            if files.is_empty() {
                return Err(format!("{a}: no files"));
            }
            for f in files {
                let other = Path::new(b).join(f.file_name().unwrap_or_default());
                let x = utc_as_zulu(&read_message(&f)?)?;
                let y = utc_as_zulu(&read_message(&other)?)?;
                if x != y {
                    return Err(format!(
                        "{} and {} differ:\n{x:#?}\n{y:#?}",
                        f.display(),
                        other.display()
                    ));
                }
            }
            Ok(())
        }
        _ => Err(
            "usage: interop_corpus10 write OUT | reencode IN OUT | draft1 IN OUT | compare A B"
                .into(),
        ),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("interop_corpus10: {e}");
            ExitCode::FAILURE
        }
    }
}
