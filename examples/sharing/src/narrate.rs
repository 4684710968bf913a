//! Telling what happens: each exchange as "who → whom: message" lines with the facts
//! that matter (ids, services, subscriptions, content blocks), like the figures of the
//! TAXII overview.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use taxii_messages::v11::{self, ContentBlock};
use taxii_messages::Message;
use taxii_services::client::Exchanger;
use tokio::runtime::Handle;

use taxii::client::{Client, ClientError};
use taxii::server::auth::sha256_hex;

/// Longest wait honoured when a server asks the client to come back later.
const MAX_WAIT_SECS: u64 = 30;

/// The story of a run: lines kept in order and, when echoing, printed as they come.
#[derive(Debug, Default)]
pub struct Narration {
    echo: bool,
    xml: bool,
    save_dir: Option<PathBuf>,
    saved: Mutex<usize>,
    lines: Mutex<Vec<String>>,
    names: Mutex<Vec<(String, String)>>,
}

impl Narration {
    /// A narration that prints each line on stdout as well as keeping it.
    pub fn printing() -> Self {
        Narration {
            echo: true,
            ..Narration::default()
        }
    }

    /// Shows each message's XML body after its summary.
    pub fn with_xml(mut self) -> Self {
        self.xml = true;
        self
    }

    /// Also writes each message's XML body to `dir` as `NNN_<root element>.xml`, in order.
    pub fn saving_bodies_in(mut self, dir: &Path) -> Self {
        self.save_dir = Some(dir.to_owned());
        self
    }

    /// The narration the examples' command line asks for: `--xml` shows message bodies,
    /// `--save-bodies DIR` writes them to files.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Narration, String> {
        let mut story = Narration::printing();
        let mut args = args.into_iter();
        while let Some(a) = args.next() {
            match a.as_str() {
                "--xml" => story = story.with_xml(),
                "--save-bodies" => {
                    let dir = args.next().ok_or("--save-bodies needs a directory")?;
                    story = story.saving_bodies_in(Path::new(&dir));
                }
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        Ok(story)
    }

    /// A narration that only keeps its lines.
    pub fn quiet() -> Self {
        Narration::default()
    }

    /// Adds a line.
    pub fn say(&self, line: impl Into<String>) {
        let line = line.into();
        if self.echo {
            println!("{line}");
        }
        self.lines
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(line);
    }

    /// Adds the XML body of `m`, when bodies are shown.
    fn body(&self, m: &Message) {
        if self.xml {
            self.say(format!("      {}", m.to_xml()));
        }
        if let Some(dir) = &self.save_dir {
            let mut n = self.saved.lock().unwrap_or_else(|p| p.into_inner());
            *n += 1;
            let path = dir.join(format!("{:03}_{}.xml", *n, m.root_element()));
            let mut xml = Vec::new();
            m.encode_into(&mut xml);
            if let Err(e) = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, xml)) {
                drop(n);
                self.say(format!("      (cannot save {}: {e})", path.display()));
            }
        }
    }

    /// Every line so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Calls the party at `base_url` (scheme, host and port) `name` from now on.
    pub fn name(&self, base_url: &str, name: &str) {
        self.names
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((base_url.to_owned(), name.to_owned()));
    }

    /// The name of the party serving `address`, or the address itself.
    pub fn who(&self, address: &str) -> String {
        self.names
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .find(|(base, _)| {
                address
                    .strip_prefix(base.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .map_or_else(|| address.to_owned(), |(_, n)| n.clone())
    }
}

/// The project's TAXII client as a blocking [`Exchanger`] that narrates every exchange.
#[derive(Debug)]
pub struct NarratedClient<'a> {
    client: Client,
    rt: Handle,
    me: String,
    story: &'a Narration,
}

impl<'a> NarratedClient<'a> {
    /// `me`'s client, blocking on `rt` (call it from outside the runtime's workers).
    pub fn new(client: Client, rt: Handle, me: &str, story: &'a Narration) -> Self {
        NarratedClient {
            client,
            rt,
            me: me.to_owned(),
            story,
        }
    }
}

impl Exchanger for NarratedClient<'_> {
    type Error = ClientError;

    fn exchange(&mut self, address: &str, request: Message) -> Result<Message, ClientError> {
        let them = self.story.who(address);
        self.story.say(format!(
            "  {} -> {them}  POST {address}\n{}",
            self.me,
            describe(&request)
        ));
        self.story.body(&request);
        let answer = self.rt.block_on(self.client.exchange(address, &request));
        match &answer {
            Ok(m) => {
                self.story
                    .say(format!("  {them} -> {}\n{}", self.me, describe(m)));
                self.story.body(m);
            }
            Err(e) => self
                .story
                .say(format!("  {them} -> {}: no answer: {e}", self.me)),
        }
        answer
    }

    fn wait(&mut self, secs: u64) {
        let secs = secs.min(MAX_WAIT_SECS);
        self.story
            .say(format!("  {} waits {secs} s for the result", self.me));
        std::thread::sleep(Duration::from_secs(secs));
    }
}

/// A content block in one line: binding, size and a digest to compare bytes by eye.
pub fn describe_block(b: &ContentBlock) -> String {
    format!(
        "{}, {}",
        b.content_binding.binding_id.as_str(),
        describe_bytes(b.content.as_bytes())
    )
}

/// Content in a few words: its size and the start of its SHA-256.
pub fn describe_bytes(bytes: &[u8]) -> String {
    format!(
        "{} bytes, sha256 {}…",
        bytes.len(),
        &sha256_hex(bytes)[..16]
    )
}

/// The facts of a message worth showing, one indented line each.
pub fn describe(m: &Message) -> String {
    let mut out = vec![format!("    {} {}", m.root_element(), ids(m))];
    let mut add = |s: String| out.push(format!("      {s}"));
    let blocks = |add: &mut dyn FnMut(String), blocks: &[ContentBlock]| {
        for (i, b) in blocks.iter().enumerate() {
            add(format!("content block {}: {}", i + 1, describe_block(b)));
        }
    };
    match m {
        Message::V11(v11::Message::DiscoveryResponse(r)) => {
            for s in &r.service_instances {
                add(format!(
                    "{} service at {}",
                    s.service_type.as_str(),
                    s.contact.address
                ));
            }
        }
        Message::V11(v11::Message::CollectionInformationResponse(r)) => {
            for c in &r.collections {
                add(format!(
                    "collection {} ({}): {} push method(s), polled at {}",
                    c.collection_name.as_str(),
                    c.description,
                    c.push_methods.len(),
                    c.polling_services
                        .iter()
                        .map(|p| p.address.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        Message::V11(v11::Message::ManageCollectionSubscriptionRequest(r)) => {
            add(format!(
                "{} collection {}",
                r.action.as_str(),
                r.collection_name.as_str()
            ));
            if let Some(p) = &r.push_parameters {
                add(format!("push to {}", p.address));
            }
        }
        Message::V11(v11::Message::ManageCollectionSubscriptionResponse(r)) => {
            for s in &r.subscriptions {
                add(format!(
                    "subscription {} {}{}",
                    s.subscription_id.as_str(),
                    s.status.map_or("", |st| st.as_str()),
                    s.push_parameters
                        .as_ref()
                        .map_or(String::new(), |p| format!(", pushing to {}", p.address))
                ));
            }
        }
        Message::V11(v11::Message::PollRequest(r)) => {
            let how = match &r.selection {
                v11::PollSelection::SubscriptionId(id) => format!("subscription {}", id.as_str()),
                v11::PollSelection::PollParameters(_) => "poll parameters".to_owned(),
            };
            add(format!(
                "collection {} through {how}",
                r.collection_name.as_str()
            ));
        }
        Message::V11(v11::Message::PollResponse(r)) => {
            add(format!(
                "collection {}, {} content block(s), up to {}",
                r.collection_name.as_str(),
                r.content_blocks.len(),
                r.inclusive_end_timestamp
                    .as_ref()
                    .map_or("now".to_owned(), |t| t.to_string())
            ));
            blocks(&mut add, &r.content_blocks);
        }
        Message::V11(v11::Message::InboxMessage(r)) => {
            if let Some(s) = &r.source_subscription {
                add(format!(
                    "for subscription {} to {}",
                    s.subscription_id.as_str(),
                    s.collection_name.as_str()
                ));
            }
            blocks(&mut add, &r.content_blocks);
        }
        Message::V11(v11::Message::StatusMessage(s)) => {
            add(format!(
                "{}{}",
                s.status_type.as_str(),
                s.message
                    .as_ref()
                    .map_or(String::new(), |t| format!(": {t}"))
            ));
        }
        _ => {}
    }
    out.join("\n")
}

fn ids(m: &Message) -> String {
    let id = m.message_id().as_str();
    match m {
        Message::V11(v) => match v.in_response_to() {
            Some(r) => format!("(message id {id}, in response to {})", r.as_str()),
            None => format!("(message id {id})"),
        },
        _ => format!("(message id {id})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use taxii_messages::v11::StatusMessage;
    use taxii_messages::{MessageId, StatusType};

    #[test]
    fn parties_are_named_by_origin_not_by_prefix() {
        let story = Narration::quiet();
        story.name("http://127.0.0.1:80", "Source");
        assert_eq!(story.who("http://127.0.0.1:80/services/poll"), "Source");
        assert_eq!(story.who("http://127.0.0.1:80"), "Source");
        assert_eq!(
            story.who("http://127.0.0.1:8080/services/poll"),
            "http://127.0.0.1:8080/services/poll"
        );
    }

    #[test]
    fn a_status_message_shows_its_ids_type_and_text_and_xml_on_request() {
        let m: Message = v11::Message::from(
            StatusMessage::new(
                MessageId::new("2").unwrap(),
                MessageId::new("1").unwrap(),
                StatusType::Denied,
            )
            .with_message("no"),
        )
        .into();
        assert_eq!(
            describe(&m),
            "    Status_Message (message id 2, in response to 1)\n      DENIED: no"
        );
        let story = Narration::quiet().with_xml();
        story.body(&m);
        let lines = story.lines();
        assert!(lines[0].contains("<taxii_11:Status_Message"), "{lines:?}");
        let plain = Narration::quiet();
        plain.body(&m);
        assert!(plain.lines().is_empty());
    }

    #[test]
    fn bodies_are_saved_in_order_and_arguments_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let args = ["--save-bodies", dir.path().to_str().unwrap()].map(String::from);
        let story = Narration::from_args(args).unwrap();
        let m: Message = v11::Message::from(StatusMessage::new(
            MessageId::new("2").unwrap(),
            MessageId::new("1").unwrap(),
            StatusType::Success,
        ))
        .into();
        story.body(&m);
        story.body(&m);
        let second = std::fs::read(dir.path().join("002_Status_Message.xml")).unwrap();
        assert_eq!(taxii_messages::decode(&second).unwrap(), m);
        assert!(Narration::from_args(["--save-bodies".to_owned()])
            .unwrap_err()
            .contains("needs a directory"));
        assert!(Narration::from_args(["-x".to_owned()])
            .unwrap_err()
            .contains("\"-x\""));
    }
}
