//! The six TAXII HTTP headers (checklist §7.1, H-1..H-6): typed values, parsing from an
//! [`HeaderMap`] and rendering into one.
//!
//! Header names match case-insensitively (the `http` crate lowercases them), so libtaxii's
//! `X-Taxii-Content-Type` reads like `X-TAXII-Content-Type`.

use std::fmt;
use std::str::FromStr;

use http::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use taxii_messages::IdError;

use crate::error::Error;
use crate::media::MediaType;
use crate::version::{MessageBinding, ProtocolBinding, ServicesVersion};

/// `X-TAXII-Accept` (H-3).
pub const X_TAXII_ACCEPT: HeaderName = HeaderName::from_static("x-taxii-accept");
/// `X-TAXII-Content-Type` (H-4).
pub const X_TAXII_CONTENT_TYPE: HeaderName = HeaderName::from_static("x-taxii-content-type");
/// `X-TAXII-Protocol` (H-5).
pub const X_TAXII_PROTOCOL: HeaderName = HeaderName::from_static("x-taxii-protocol");
/// `X-TAXII-Services` (H-6).
pub const X_TAXII_SERVICES: HeaderName = HeaderName::from_static("x-taxii-services");

/// The value of `X-TAXII-Accept`: message bindings in order of preference, most preferred
/// first (H-3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AcceptBindings(Vec<MessageBinding>);

impl AcceptBindings {
    /// A preference list; `None` when it is empty (the header needs at least one ID).
    pub fn new(bindings: Vec<MessageBinding>) -> Option<AcceptBindings> {
        (!bindings.is_empty()).then_some(AcceptBindings(bindings))
    }

    /// A list of one binding.
    pub fn one(binding: MessageBinding) -> AcceptBindings {
        AcceptBindings(vec![binding])
    }

    /// The bindings, most preferred first.
    pub fn bindings(&self) -> &[MessageBinding] {
        &self.0
    }

    /// The most preferred binding.
    pub fn preferred(&self) -> &MessageBinding {
        &self.0[0]
    }

    /// Whether `binding` is acceptable.
    pub fn accepts(&self, binding: &MessageBinding) -> bool {
        self.0.contains(binding)
    }

    /// The first binding, in this list's order, that `supported` contains.
    pub fn choose(&self, supported: &[MessageBinding]) -> Option<MessageBinding> {
        self.0.iter().find(|b| supported.contains(b)).cloned()
    }
}

impl FromStr for AcceptBindings {
    type Err = IdError;
    /// Reads IDs separated by spaces. Leniency: any run of whitespace or commas separates
    /// IDs (repeated header fields are joined with commas, RFC 2616 §4.2).
    fn from_str(s: &str) -> Result<Self, IdError> {
        let v = s
            .split(|c: char| c == ',' || c.is_ascii_whitespace())
            .filter(|t| !t.is_empty())
            .map(MessageBinding::from_str)
            .collect::<Result<Vec<_>, _>>()?;
        AcceptBindings::new(v).ok_or(IdError::Empty)
    }
}

impl fmt::Display for AcceptBindings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(b.as_str())?;
        }
        Ok(())
    }
}

/// The TAXII HTTP headers of one request or response, typed (H-1..H-6).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct TaxiiHeaders {
    /// `Accept`: media ranges (H-1).
    pub accept: Option<Vec<MediaType>>,
    /// `Content-Type` (H-2).
    pub content_type: Option<MediaType>,
    /// `X-TAXII-Accept` (H-3).
    pub x_taxii_accept: Option<AcceptBindings>,
    /// `X-TAXII-Content-Type` (H-4).
    pub x_taxii_content_type: Option<MessageBinding>,
    /// `X-TAXII-Protocol` (H-5).
    pub x_taxii_protocol: Option<ProtocolBinding>,
    /// `X-TAXII-Services` (H-6).
    pub x_taxii_services: Option<ServicesVersion>,
}

fn text_of(name: &'static str, value: &HeaderValue, rule: &'static str) -> Result<String, Error> {
    value
        .to_str()
        .map(str::to_owned)
        .map_err(|_| Error::InvalidHeader {
            header: name,
            value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
            reason: "not visible ASCII".into(),
            rule,
        })
}

/// All values of a header joined with `, ` (RFC 2616 §4.2), `None` when absent.
fn joined(
    map: &HeaderMap,
    name: &HeaderName,
    label: &'static str,
    rule: &'static str,
) -> Result<Option<String>, Error> {
    let mut out: Option<String> = None;
    for v in map.get_all(name) {
        let t = text_of(label, v, rule)?;
        match &mut out {
            None => out = Some(t),
            Some(o) => {
                o.push_str(", ");
                o.push_str(&t);
            }
        }
    }
    Ok(out)
}

/// The single value of a header; more than one is an error.
fn single(
    map: &HeaderMap,
    name: &HeaderName,
    label: &'static str,
    rule: &'static str,
) -> Result<Option<String>, Error> {
    let mut values = map.get_all(name).iter();
    let Some(first) = values.next() else {
        return Ok(None);
    };
    let text = text_of(label, first, rule)?;
    if values.next().is_some() {
        return Err(Error::InvalidHeader {
            header: label,
            value: text,
            reason: "the header appears more than once; exactly one value is allowed".into(),
            rule,
        });
    }
    Ok(Some(text))
}

fn id<T: FromStr<Err = IdError>>(
    text: String,
    label: &'static str,
    what: &str,
    rule: &'static str,
) -> Result<T, Error> {
    text.parse().map_err(|e: IdError| Error::InvalidHeader {
        header: label,
        reason: format!("{what}: {e}"),
        value: text,
        rule,
    })
}

impl TaxiiHeaders {
    /// The headers a sender puts on an HTTP message whose body holds a TAXII message of
    /// `binding` (H-2, H-4, H-5, H-6); `Content-Type` is `application/<subtype>` of the binding.
    pub fn for_message(
        binding: MessageBinding,
        services: ServicesVersion,
        protocol: ProtocolBinding,
    ) -> TaxiiHeaders {
        let content_type = MediaType::new("application", binding.media_subtype().unwrap_or("xml"));
        TaxiiHeaders {
            accept: None,
            content_type: Some(content_type),
            x_taxii_accept: None,
            x_taxii_content_type: Some(binding),
            x_taxii_protocol: Some(protocol),
            x_taxii_services: Some(services),
        }
    }

    /// Reads the six headers from `map`, checking each value's syntax (not yet whether the
    /// values agree with each other or are supported: see [`TaxiiHeaders::check_agreement`]).
    pub fn parse(map: &HeaderMap) -> Result<TaxiiHeaders, Error> {
        let accept = match joined(map, &ACCEPT, "Accept", "H-1")? {
            None => None,
            Some(t) => Some(MediaType::parse_list(&t).map_err(|e| Error::InvalidHeader {
                header: "Accept",
                value: t.clone(),
                reason: e.reason.to_string(),
                rule: "H-1",
            })?),
        };
        let content_type = match single(map, &CONTENT_TYPE, "Content-Type", "H-2")? {
            None => None,
            Some(t) => Some(MediaType::parse(&t).map_err(|e| Error::InvalidHeader {
                header: "Content-Type",
                value: t.clone(),
                reason: e.reason.to_string(),
                rule: "H-2",
            })?),
        };
        let x_taxii_accept = match joined(map, &X_TAXII_ACCEPT, "X-TAXII-Accept", "H-3")? {
            None => None,
            Some(t) => Some(id(
                t,
                "X-TAXII-Accept",
                "must be one or more message binding IDs separated by spaces",
                "H-3",
            )?),
        };
        let x_taxii_content_type =
            single(map, &X_TAXII_CONTENT_TYPE, "X-TAXII-Content-Type", "H-4")?
                .map(|t| {
                    id(
                        t,
                        "X-TAXII-Content-Type",
                        "must be exactly one message binding ID",
                        "H-4",
                    )
                })
                .transpose()?;
        let x_taxii_protocol = single(map, &X_TAXII_PROTOCOL, "X-TAXII-Protocol", "H-5")?
            .map(|t| {
                id(
                    t,
                    "X-TAXII-Protocol",
                    "must be exactly one protocol binding ID",
                    "H-5",
                )
            })
            .transpose()?;
        let x_taxii_services = single(map, &X_TAXII_SERVICES, "X-TAXII-Services", "H-6")?
            .map(|t| {
                id(
                    t,
                    "X-TAXII-Services",
                    "must be exactly one services version ID",
                    "H-6",
                )
            })
            .transpose()?;
        Ok(TaxiiHeaders {
            accept,
            content_type,
            x_taxii_accept,
            x_taxii_content_type,
            x_taxii_protocol,
            x_taxii_services,
        })
    }

    /// Writes the headers that are set into `map`, replacing earlier values.
    pub fn write_to(&self, map: &mut HeaderMap) {
        fn put(map: &mut HeaderMap, name: HeaderName, text: String) {
            // Every value here is rendered from validated IDs or media types: visible ASCII.
            if let Ok(v) = HeaderValue::from_str(&text) {
                map.insert(name, v);
            }
        }
        if let Some(a) = &self.accept {
            let v: Vec<String> = a.iter().map(|m| m.to_string()).collect();
            put(map, ACCEPT, v.join(", "));
        }
        if let Some(c) = &self.content_type {
            put(map, CONTENT_TYPE, c.to_string());
        }
        if let Some(a) = &self.x_taxii_accept {
            put(map, X_TAXII_ACCEPT, a.to_string());
        }
        if let Some(b) = &self.x_taxii_content_type {
            put(map, X_TAXII_CONTENT_TYPE, b.to_string());
        }
        if let Some(p) = &self.x_taxii_protocol {
            put(map, X_TAXII_PROTOCOL, p.to_string());
        }
        if let Some(s) = &self.x_taxii_services {
            put(map, X_TAXII_SERVICES, s.to_string());
        }
    }

    /// Whether the headers announce a TAXII message in the body: `X-TAXII-Content-Type`
    /// is present (H-4; its absence means "no TAXII message").
    pub fn declares_taxii_message(&self) -> bool {
        self.x_taxii_content_type.is_some()
    }

    /// Checks the rules that tie the headers together (section 2):
    /// `Content-Type` is `application/*` agreeing with `X-TAXII-Content-Type` (H-2 rules 1
    /// and 3), every `Accept` range is `application/*` agreeing with some `X-TAXII-Accept`
    /// binding (H-1 rules 1 and 3), and `X-TAXII-Services` fits `X-TAXII-Content-Type` (H-6).
    ///
    /// Leniency: an `Accept` range `*/*` is taken as including `application/*` (generic
    /// HTTP clients send it); parameters such as `charset` are ignored.
    pub fn check_agreement(&self) -> Result<(), Error> {
        if let Some(ct) = &self.content_type {
            if ct.type_ != "application" {
                return Err(Error::NotApplicationType {
                    header: "Content-Type",
                    media_type: ct.to_string(),
                    rule: "H-2",
                });
            }
            if let Some(b) = &self.x_taxii_content_type {
                if !b.agrees_with_subtype(&ct.subtype) {
                    return Err(Error::SubtypeDisagrees {
                        header: "Content-Type",
                        subtype: ct.subtype.clone(),
                        bindings: b.to_string(),
                        rule: "H-2",
                    });
                }
            }
        }
        if let Some(ranges) = &self.accept {
            for r in ranges {
                let wildcard = r.type_ == "*" && r.subtype == "*";
                if r.type_ != "application" && !wildcard {
                    return Err(Error::NotApplicationType {
                        header: "Accept",
                        media_type: r.to_string(),
                        rule: "H-1",
                    });
                }
                if let Some(xa) = &self.x_taxii_accept {
                    let agrees = r.subtype == "*"
                        || xa
                            .bindings()
                            .iter()
                            .any(|b| b.agrees_with_subtype(&r.subtype));
                    if !agrees {
                        return Err(Error::SubtypeDisagrees {
                            header: "Accept",
                            subtype: r.subtype.clone(),
                            bindings: xa.to_string(),
                            rule: "H-1",
                        });
                    }
                }
            }
        }
        if let (Some(s), Some(b)) = (&self.x_taxii_services, &self.x_taxii_content_type) {
            if let Some(expected) = b.services_version() {
                if *s != expected {
                    return Err(Error::ServicesMismatch {
                        services: s.clone(),
                        binding: b.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Whether `Accept` (when present) includes `media_type` with a non-zero quality.
    pub fn accepts_media_type(&self, media_type: &MediaType) -> bool {
        match &self.accept {
            None => true,
            Some(ranges) => ranges
                .iter()
                .any(|r| r.includes(media_type) && r.quality() > 0.0),
        }
    }
}
