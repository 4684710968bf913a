//! Answers that depend only on the configuration and the caller: TAXII 1.1
//! Discovery_Response and Collection_Information_Response. The first answer given at a
//! service address to a caller is kept as HTTP headers and body bytes with holes for its
//! two message ids; the next requests get those bytes with their own ids, without the
//! engine or the encoder.
//!
//! The configuration of a running server does not change; a server started with another
//! configuration has a new cache, and [`AnswerCache::clear`] drops every entry.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, RwLock};

use bytes::Bytes;
use http::{header, HeaderMap, Response};
use taxii_http_binding::{MessageBinding, ProtocolBinding, TaxiiRequest};
use taxii_messages::{v11, Message};
use taxii_services::Identity;

use super::ids::{Ids, UUID_LEN};

/// Kept answers, by caller, then by service address and request type.
#[derive(Debug, Default)]
pub struct AnswerCache {
    entries: RwLock<HashMap<Identity, Vec<Arc<Template>>>>,
}

/// Which requests have answers worth keeping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Discovery,
    CollectionInformation,
}

/// What an answer is kept under (see [`AnswerCache::key`]).
#[derive(Debug)]
pub struct Key {
    kind: Kind,
    path: Box<str>,
    caller: Identity,
    binding: MessageBinding,
    protocol: ProtocolBinding,
}

/// One kept answer.
#[derive(Debug)]
struct Template {
    kind: Kind,
    path: Box<str>,
    binding: MessageBinding,
    protocol: ProtocolBinding,
    headers: HeaderMap,
    body: Bytes,
    /// Where the answer's own message id is, and where the request's id is.
    message_id: Range<usize>,
    in_response_to: Range<usize>,
}

fn kind_of(m: &Message) -> Option<Kind> {
    match m {
        Message::V11(v11::Message::DiscoveryRequest(_)) => Some(Kind::Discovery),
        Message::V11(v11::Message::CollectionInformationRequest(_)) => {
            Some(Kind::CollectionInformation)
        }
        _ => None,
    }
}

fn answers(kind: Kind, m: &Message) -> bool {
    matches!(
        (kind, m),
        (
            Kind::Discovery,
            Message::V11(v11::Message::DiscoveryResponse(_))
        ) | (
            Kind::CollectionInformation,
            Message::V11(v11::Message::CollectionInformationResponse(_))
        )
    )
}

impl AnswerCache {
    /// The kept answer to `request` at `path` from `caller`, with a fresh message id from
    /// `ids`, and the answer's root element; `None` when there is none yet or the
    /// request's kind is not kept.
    pub fn answer(
        &self,
        path: &str,
        caller: &Identity,
        request: &TaxiiRequest,
        ids: &Ids,
    ) -> Option<(Response<Bytes>, &'static str)> {
        let kind = kind_of(&request.message)?;
        let template = {
            let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
            entries
                .get(caller)?
                .iter()
                .find(|t| {
                    t.kind == kind
                        && *t.path == *path
                        && t.binding == request.response_binding
                        && t.protocol == request.protocol
                })?
                .clone()
        };
        let mut id = [0u8; UUID_LEN];
        ids.next_into(&mut id);
        let root = match kind {
            Kind::Discovery => "Discovery_Response",
            Kind::CollectionInformation => "Collection_Information_Response",
        };
        Some((
            template.fill(&id, request.message.message_id().as_str()),
            root,
        ))
    }

    /// What an answer to `request` at `path` from `caller` would be kept under; `None`
    /// when answers of its kind are not kept. Taken before the request goes to the
    /// engine (which takes it by value).
    pub fn key(&self, path: &str, caller: &Identity, request: &TaxiiRequest) -> Option<Key> {
        Some(Key {
            kind: kind_of(&request.message)?,
            path: path.into(),
            caller: caller.clone(),
            binding: request.response_binding.clone(),
            protocol: request.protocol.clone(),
        })
    }

    /// Keeps the answer `answer`, encoded as `headers` and `body`, under `key` when it is
    /// an answer worth keeping.
    pub fn keep(&self, key: Key, answer: &Message, headers: &HeaderMap, body: &Bytes) {
        if !answers(key.kind, answer) {
            return;
        }
        let Some((message_id, in_response_to)) = holes(body, answer) else {
            return;
        };
        let mut headers = headers.clone();
        // Recomputed for each answer (the request's id varies in length).
        headers.remove(header::CONTENT_LENGTH);
        let Key {
            kind,
            path,
            caller,
            binding,
            protocol,
        } = key;
        let template = Arc::new(Template {
            kind,
            path,
            binding,
            protocol,
            headers,
            body: body.clone(),
            message_id,
            in_response_to,
        });
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        let kept = entries.entry(caller).or_default();
        kept.retain(|t| {
            !(t.kind == kind
                && t.path == template.path
                && t.binding == template.binding
                && t.protocol == template.protocol)
        });
        kept.push(template);
    }

    /// Drops every kept answer.
    pub fn clear(&self) {
        self.entries
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

impl Template {
    fn fill(&self, id: &[u8], in_response_to: &str) -> Response<Bytes> {
        let b = &self.body[..];
        let (first, second) = if self.message_id.start < self.in_response_to.start {
            (&self.message_id, &self.in_response_to)
        } else {
            (&self.in_response_to, &self.message_id)
        };
        let mut out = Vec::with_capacity(b.len() + 2 * in_response_to.len() + UUID_LEN);
        out.extend_from_slice(&b[..first.start]);
        self.put(&mut out, first, id, in_response_to);
        out.extend_from_slice(&b[first.end..second.start]);
        self.put(&mut out, second, id, in_response_to);
        out.extend_from_slice(&b[second.end..]);
        let mut r = Response::new(Bytes::from(out));
        *r.headers_mut() = self.headers.clone();
        r
    }

    fn put(&self, out: &mut Vec<u8>, hole: &Range<usize>, id: &[u8], in_response_to: &str) {
        if *hole == self.message_id {
            out.extend_from_slice(id);
        } else {
            escape_attribute(out, in_response_to);
        }
    }
}

/// The byte ranges of the root element's `message_id` and `in_response_to` values in
/// `body`, checked against `answer`'s ids; `None` when they cannot be found.
fn holes(body: &[u8], answer: &Message) -> Option<(Range<usize>, Range<usize>)> {
    let root_end = body.iter().position(|&b| b == b'>')?;
    let root = &body[..root_end];
    let value = |name: &[u8]| -> Option<Range<usize>> {
        let at = root.windows(name.len()).position(|w| w == name)? + name.len();
        let len = root[at..].iter().position(|&b| b == b'"')?;
        Some(at..at + len)
    };
    let message_id = value(b" message_id=\"")?;
    let in_response_to = value(b" in_response_to=\"")?;
    let mut expected = Vec::new();
    escape_attribute(&mut expected, answer.message_id().as_str());
    if body[message_id.clone()] != expected[..] || message_id.len() != UUID_LEN {
        return None;
    }
    Some((message_id, in_response_to))
}

/// Appends `value` escaped for a double-quoted XML attribute.
fn escape_attribute(out: &mut Vec<u8>, value: &str) {
    let mut rest = value.as_bytes();
    while let Some(i) = rest.iter().position(|b| matches!(b, b'&' | b'<' | b'"')) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(match rest[i] {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            _ => b"&quot;",
        });
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use taxii_http_binding::{read_request, ServerPolicy, Transport};
    use taxii_messages::{decode, MessageId};

    const HEADERS: [(&str, &str); 5] = [
        ("content-type", "application/xml"),
        (
            "x-taxii-content-type",
            "urn:taxii.mitre.org:message:xml:1.1",
        ),
        ("x-taxii-accept", "urn:taxii.mitre.org:message:xml:1.1"),
        ("x-taxii-services", "urn:taxii.mitre.org:services:1.1"),
        ("x-taxii-protocol", "urn:taxii.mitre.org:protocol:http:1.0"),
    ];

    fn request(id: &str) -> TaxiiRequest {
        let msg = Message::V11(v11::Message::DiscoveryRequest(v11::DiscoveryRequest::new(
            MessageId::new(id).unwrap(),
        )));
        let mut body = Vec::new();
        msg.encode_into(&mut body);
        let mut r = http::Request::new(Bytes::from(body));
        *r.method_mut() = http::Method::POST;
        for (k, v) in HEADERS {
            r.headers_mut().insert(k, v.parse().unwrap());
        }
        read_request(&r, &ServerPolicy::new(Transport::Http)).unwrap()
    }

    fn keep(
        cache: &AnswerCache,
        path: &str,
        caller: &Identity,
        request: &TaxiiRequest,
        answer: &Message,
        response: &Response<Bytes>,
    ) {
        if let Some(key) = cache.key(path, caller, request) {
            cache.keep(key, answer, response.headers(), response.body());
        }
    }

    fn discovery_answer(ids: &Ids, req: &TaxiiRequest) -> (Message, Response<Bytes>) {
        let mut resp = v11::DiscoveryResponse::new(ids.next_id(), req.message.message_id().clone());
        let def = taxii_services::config::ServiceDefinition::new(
            "d",
            v11::ServiceType::Discovery,
            "http://127.0.0.1/d",
        );
        let mut inst = v11::ServiceInstance::new(v11::ServiceType::Discovery, def.contact);
        inst.message = Some("a \"quoted\" & <marked> message".into());
        resp.service_instances.push(inst);
        let m = Message::V11(v11::Message::DiscoveryResponse(resp));
        let r = req.respond(&m).unwrap();
        (m, r)
    }

    #[test]
    fn a_kept_answer_carries_the_new_ids_and_decodes() {
        let ids = Ids::new().unwrap();
        let cache = AnswerCache::default();
        let me = Identity::user("alice");
        let first = request("first");
        assert!(cache.answer("/d", &me, &first, &ids).is_none());
        let (m, r) = discovery_answer(&ids, &first);
        keep(&cache, "/d", &me, &first, &m, &r);

        let second = request("urn:x?a=1&b=\"2\"<3");
        let (again, root) = cache.answer("/d", &me, &second, &ids).unwrap();
        assert_eq!(root, "Discovery_Response");
        let Message::V11(v11::Message::DiscoveryResponse(d)) = decode(again.body()).unwrap() else {
            panic!("not a Discovery_Response");
        };
        assert_eq!(d.in_response_to.as_str(), "urn:x?a=1&b=\"2\"<3");
        assert_ne!(&d.message_id, m.message_id());
        assert_eq!(
            d.service_instances[0].message.as_deref(),
            Some("a \"quoted\" & <marked> message")
        );
        assert_eq!(
            again.headers().get("x-taxii-content-type").unwrap(),
            "urn:taxii.mitre.org:message:xml:1.1"
        );
        assert!(again.headers().get(header::CONTENT_LENGTH).is_none());
    }

    #[test]
    fn answers_are_kept_per_caller_and_address_and_cleared() {
        let ids = Ids::new().unwrap();
        let cache = AnswerCache::default();
        let req = request("1");
        let (m, r) = discovery_answer(&ids, &req);
        keep(&cache, "/d", &Identity::user("alice"), &req, &m, &r);
        assert!(cache
            .answer("/d", &Identity::Anonymous, &req, &ids)
            .is_none());
        assert!(cache
            .answer("/other", &Identity::user("alice"), &req, &ids)
            .is_none());
        assert!(cache
            .answer("/d", &Identity::user("alice"), &req, &ids)
            .is_some());
        cache.clear();
        assert!(cache
            .answer("/d", &Identity::user("alice"), &req, &ids)
            .is_none());
    }

    #[test]
    fn status_messages_are_not_kept() {
        let ids = Ids::new().unwrap();
        let cache = AnswerCache::default();
        let req = request("1");
        let status = Message::V11(v11::Message::StatusMessage(v11::StatusMessage::new(
            ids.next_id(),
            req.message.message_id().clone(),
            taxii_messages::StatusType::Unauthorized,
        )));
        let r = req.respond(&status).unwrap();
        keep(&cache, "/d", &Identity::Anonymous, &req, &status, &r);
        assert!(cache
            .answer("/d", &Identity::Anonymous, &req, &ids)
            .is_none());
    }
}
