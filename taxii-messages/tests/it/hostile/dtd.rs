//! Hostile inputs, DTD and entities (security-and-interop.md §3.3 items 1–11): every one
//! fails with a DTD or entity error before any expansion, touches no file or socket,
//! and leaves the decoder usable.

use taxii_messages::DecodeErrorKind as K;

use crate::support::hostile::*;

/// `<!DOCTYPE ...>` prepended to a valid message.
fn with_doctype(doctype: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n{doctype}\n{}",
        discovery_request("", "")
    )
}

/// The error is a DOCTYPE refusal at the `<!DOCTYPE` itself: nothing after it was
/// interpreted, so no entity was expanded and no memory grew with the expansion.
fn assert_refused_at_doctype(input: &str) {
    let err = reject(input.to_owned());
    assert_eq!(err.kind(), &K::DoctypeForbidden, "{err}");
    assert_eq!(
        err.offset(),
        input.find("<!DOCTYPE").expect("has a DOCTYPE")
    );
    assert_eq!(err.rule(), Some("security 3.2: no DTD, no entities"));
}

#[test]
fn item01_billion_laughs_is_refused_before_expansion() {
    let mut dtd = String::from("<!DOCTYPE taxii_11:Discovery_Request [\n<!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        let refs: String = (0..10).map(|_| format!("&lol{};", i - 1)).collect();
        dtd.push_str(&format!("<!ENTITY lol{i} \"{refs}\">\n"));
    }
    dtd.push(']');
    dtd.push('>');
    let input = format!("{dtd}\n<taxii_11:Discovery_Request {NS11} message_id=\"&lol9;\"/>");
    assert_refused_at_doctype(&input);
}

#[test]
fn item02_quadratic_blowup_is_refused_before_expansion() {
    let big = "a".repeat(50_000);
    let refs = "&big;".repeat(50_000);
    let input = format!(
        "<!DOCTYPE x [<!ENTITY big \"{big}\">]>\n{}",
        status_with_message(&refs)
    );
    assert_refused_at_doctype(&input);
}

#[test]
fn item03_remote_external_entity_is_not_fetched() {
    let canary = Canary::new();
    let input = format!(
        "<!DOCTYPE x [<!ENTITY ext SYSTEM \"{}\">]>\n{}",
        canary.url("entity"),
        status_with_message("&ext;")
    );
    assert_refused_at_doctype(&input);
    canary.assert_untouched();
}

#[test]
fn item04_local_external_entities_are_not_read() {
    for target in ["file:///etc/passwd", "../../etc/passwd"] {
        let input = format!(
            "<!DOCTYPE x [<!ENTITY ext SYSTEM \"{target}\">]>\n{}",
            status_with_message("&ext;")
        );
        assert_refused_at_doctype(&input);
    }
    // Without a DTD the reference is just unknown: nothing is read either.
    let err = reject(status_with_message("&ext;"));
    assert_eq!(err.kind(), &K::UnknownEntity("ext".into()));
}

#[test]
fn item05_parameter_entity_exfiltration_is_refused() {
    let canary = Canary::new();
    let input = format!(
        "<!DOCTYPE x [\n<!ENTITY % file SYSTEM \"file:///etc/passwd\">\n\
         <!ENTITY % remote SYSTEM \"{}\">\n%remote;\n%all;\n]>\n{}",
        canary.url("evil.dtd"),
        status_with_message("&send;")
    );
    assert_refused_at_doctype(&input);
    canary.assert_untouched();
}

#[test]
fn item06_external_dtd_alone_is_not_fetched() {
    let canary = Canary::new();
    let input = with_doctype(&format!(
        "<!DOCTYPE taxii_11:Discovery_Request SYSTEM \"{}\">",
        canary.url("x.dtd")
    ));
    assert_refused_at_doctype(&input);
    let public = with_doctype(&format!(
        "<!DOCTYPE x PUBLIC \"-//EVIL//DTD//EN\" \"{}\">",
        canary.url("p.dtd")
    ));
    assert_refused_at_doctype(&public);
    canary.assert_untouched();
}

#[test]
fn item07_doctype_inside_content_or_extended_header_is_refused() {
    let canary = Canary::new();
    let doctype = format!("<!DOCTYPE y SYSTEM \"{}\">", canary.url("inner.dtd"));
    let in_content = inbox_with_content(&format!(
        "<stix:STIX_Package xmlns:stix=\"urn:s\">{doctype}</stix:STIX_Package>"
    ));
    assert_refused_at_doctype(&in_content);
    let header = format!(
        "<taxii_11:Extended_Headers><taxii_11:Extended_Header name=\"h\">{doctype}</taxii_11:Extended_Header></taxii_11:Extended_Headers>"
    );
    assert_refused_at_doctype(&discovery_request("", &header));
    // After the root element, too.
    assert_refused_at_doctype(&format!("{}{doctype}", discovery_request("", "")));
    canary.assert_untouched();
}

#[test]
fn item08_undefined_entities_in_text_and_attributes() {
    for (input, name) in [
        (status_with_message("a&nbsp;b"), "nbsp"),
        (status_with_message("&foo;"), "foo"),
        (
            discovery_request("", "").replace("message_id=\"1\"", "message_id=\"&foo;\""),
            "foo",
        ),
        (inbox_with_content("<a b=\"&nbsp;\"/>"), "nbsp"),
        (inbox_with_content("x &foo; y"), "foo"),
    ] {
        let err = reject(input);
        assert_eq!(err.kind(), &K::UnknownEntity(name.into()), "{err}");
    }
    // The five predefined entities and character references are fine.
    let m = accept(status_with_message("&lt;&gt;&amp;&quot;&apos;&#65;&#x42;"));
    let taxii_messages::Message::V11(taxii_messages::v11::Message::StatusMessage(s)) = m else {
        panic!("status message")
    };
    assert_eq!(s.message.as_deref(), Some("<>&\"'AB"));
}

#[test]
fn item09_xinclude_in_content_stays_inert_data() {
    let canary = Canary::new();
    let xi = format!(
        "<stix:STIX_Package xmlns:stix=\"urn:s\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">\
         <xi:include href=\"file:///etc/passwd\" parse=\"text\"/><xi:include href=\"{}\"/></stix:STIX_Package>",
        canary.url("xi")
    );
    let m = accept(inbox_with_content(&xi));
    let content = inbox_content(&m);
    assert_eq!(
        content.as_str(),
        xi,
        "content is kept byte for byte, nothing included"
    );
    assert!(!content.as_str().contains("root:"));
    canary.assert_untouched();
}

#[test]
fn item10_schema_location_is_never_fetched() {
    let canary = Canary::new();
    let extra = format!(
        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://taxii.mitre.org/messages/taxii_xml_binding-1.1 {}\"",
        canary.url("schema.xsd")
    );
    let m = accept(discovery_request(&extra, ""));
    assert_eq!(m.message_id().as_str(), "1");
    // Also inside content.
    let inner = format!(
        "<a xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"{}\"/>",
        canary.url("c.xsd")
    );
    accept(inbox_with_content(&inner));
    canary.assert_untouched();
}

#[test]
fn item11_stylesheet_processing_instruction_is_skipped() {
    let canary = Canary::new();
    let pi = format!(
        "<?xml-stylesheet type=\"text/xsl\" href=\"{}\"?>",
        canary.url("s.xsl")
    );
    let input = format!("<?xml version=\"1.0\"?>{pi}{}", discovery_request("", ""));
    accept(input);
    accept(inbox_with_content(&format!("{pi}<a/>")));
    canary.assert_untouched();
}

#[test]
fn every_entry_point_refuses_a_doctype() {
    // Draft 1 and TAXII 1.0 documents go through the same guard as 1.1.
    let canary = Canary::new();
    let doctype = format!("<!DOCTYPE x SYSTEM \"{}\">", canary.url("d.dtd"));
    let draft1 = format!(
        "{doctype}<TAXII_DiscoveryRequest xmlns=\"http://taxii.mitre.org/messages/xml/1\" message-id=\"1\"/>"
    );
    let err = taxii_messages::draft1::decode(draft1.as_bytes()).expect_err("refused");
    assert_eq!(err.kind(), &K::DoctypeForbidden);
    let v10 = format!(
        "{doctype}<taxii:Discovery_Request xmlns:taxii=\"http://taxii.mitre.org/messages/taxii_xml_binding-1\" message_id=\"1\"/>"
    );
    assert_refused_at_doctype(&v10);
    canary.assert_untouched();
}
