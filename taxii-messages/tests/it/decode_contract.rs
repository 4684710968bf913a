//! The decode contract (issue 14): schema-valid messages decode and keep their values;
//! the spec rules beyond the XSDs are `validate` diagnostics, errors only when strict.

use taxii_messages::{decode, decode_with, DecodeLevel, DecodeOptions, Message, Requirement};

use crate::support::files::spec_rule;

const NS: &str = r#"xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1""#;
const TDQ: &str = r#"xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1""#;

const DELIVERY: &str = "<taxii_11:Delivery_Parameters>\
    <taxii_11:Protocol_Binding>urn:taxii.mitre.org:protocol:http:1.0</taxii_11:Protocol_Binding>\
    <taxii_11:Address>http://example.com/inbox</taxii_11:Address>\
    <taxii_11:Message_Binding>urn:taxii.mitre.org:message:xml:1.1</taxii_11:Message_Binding>\
    </taxii_11:Delivery_Parameters>";

fn service(inner: &str) -> String {
    format!(
        "<taxii_11:Discovery_Response {NS} {TDQ} message_id=\"2\" in_response_to=\"1\">\
         <taxii_11:Service_Instance service_type=\"POLL\" service_version=\"urn:taxii.mitre.org:services:1.1\">\
         <taxii_11:Protocol_Binding>urn:taxii.mitre.org:protocol:http:1.0</taxii_11:Protocol_Binding>\
         <taxii_11:Address>http://x/poll</taxii_11:Address>\
         <taxii_11:Message_Binding>urn:taxii.mitre.org:message:xml:1.1</taxii_11:Message_Binding>\
         {inner}</taxii_11:Service_Instance></taxii_11:Discovery_Response>"
    )
}

/// C11-3: Delivery_Parameters with allow_asynch="false" decode (the service ignores them).
#[test]
fn delivery_parameters_without_allow_asynch_c11_3() {
    for attr in [" allow_asynch=\"false\"", ""] {
        let xml = format!(
            "<taxii_11:Poll_Request {NS} message_id=\"1\" collection_name=\"c\">\
             <taxii_11:Poll_Parameters{attr}>{DELIVERY}</taxii_11:Poll_Parameters></taxii_11:Poll_Request>"
        );
        spec_rule(&xml, "/Poll_Request/Poll_Parameters", "C11-3");
    }
    let ok = format!(
        "<taxii_11:Poll_Request {NS} message_id=\"1\" collection_name=\"c\">\
         <taxii_11:Poll_Parameters allow_asynch=\"true\">{DELIVERY}</taxii_11:Poll_Parameters></taxii_11:Poll_Request>"
    );
    assert!(decode(ok.as_bytes()).unwrap().validate().is_empty());
}

/// SQ-2: two Supported_Query of one format.
#[test]
fn supported_query_formats_repeat_sq_2() {
    let q = "<taxii_11:Supported_Query format_id=\"urn:example:q\"/>";
    let xml = service(&format!("{q}{q}"));
    spec_rule(&xml, "/Discovery_Response/Service_Instance", "SQ-2");
}

/// CBT-2: a nesting expression outside a Content_Block.
#[test]
fn nesting_expression_outside_blocks_cbt_2() {
    let xml = format!(
        "<taxii_11:Poll_Request {NS} message_id=\"1\" collection_name=\"c\"><taxii_11:Poll_Parameters>\
         <taxii_11:Content_Binding binding_id=\"a|b\"/></taxii_11:Poll_Parameters></taxii_11:Poll_Request>"
    );
    spec_rule(
        &xml,
        "/Poll_Request/Poll_Parameters/Content_Binding",
        "CBT-2",
    );
    let xml = service("<taxii_11:Content_Binding binding_id=\"a|b\"/>");
    spec_rule(
        &xml,
        "/Discovery_Response/Service_Instance/Content_Binding",
        "CBT-2",
    );
    // A collection's bindings and those of its receiving inboxes.
    let nested = "<taxii_11:Content_Binding binding_id=\"a|b\"/>";
    let inbox = format!(
        "<taxii_11:Receiving_Inbox_Service><taxii_11:Protocol_Binding>p</taxii_11:Protocol_Binding>\
         <taxii_11:Address>a</taxii_11:Address><taxii_11:Message_Binding>m</taxii_11:Message_Binding>\
         {nested}</taxii_11:Receiving_Inbox_Service>"
    );
    for (inside, path) in [
        (nested.to_owned(), "Content_Binding"),
        (inbox, "Receiving_Inbox_Service/Content_Binding"),
    ] {
        let xml = format!(
            "<taxii_11:Collection_Information_Response {NS} message_id=\"2\" in_response_to=\"1\">\
             <taxii_11:Collection collection_name=\"c\"><taxii_11:Description>d</taxii_11:Description>\
             {inside}</taxii_11:Collection></taxii_11:Collection_Information_Response>"
        );
        let path = format!("/Collection_Information_Response/Collection/{path}");
        spec_rule(&xml, &path, "CBT-2");
    }
    // The parameters of a subscription in a subscription response.
    let xml = format!(
        "<taxii_11:Subscription_Management_Response {NS} message_id=\"2\" in_response_to=\"1\" \
         collection_name=\"c\"><taxii_11:Subscription><taxii_11:Subscription_ID>s</taxii_11:Subscription_ID>\
         <taxii_11:Subscription_Parameters><taxii_11:Response_Type>FULL</taxii_11:Response_Type>{nested}\
         </taxii_11:Subscription_Parameters></taxii_11:Subscription></taxii_11:Subscription_Management_Response>"
    );
    let path =
        "/Subscription_Management_Response/Subscription/Subscription_Parameters/Content_Binding";
    spec_rule(&xml, path, "CBT-2");
    // The parameters of a SUBSCRIBE request.
    let xml = format!(
        "<taxii_11:Subscription_Management_Request {NS} message_id=\"1\" collection_name=\"c\" \
         action=\"SUBSCRIBE\"><taxii_11:Subscription_Parameters><taxii_11:Response_Type>FULL\
         </taxii_11:Response_Type>{nested}</taxii_11:Subscription_Parameters>\
         </taxii_11:Subscription_Management_Request>"
    );
    let path = "/Subscription_Management_Request/Subscription_Parameters/Content_Binding";
    spec_rule(&xml, path, "CBT-2");
}

/// C11-11: a Subtype with a nesting expression in a Content_Block.
#[test]
fn subtype_with_nesting_expression_c11_11() {
    let block = "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"a|b\">\
        <taxii_11:Subtype subtype_id=\"s\"/></taxii_11:Content_Binding>\
        <taxii_11:Content>x</taxii_11:Content></taxii_11:Content_Block>";
    let xml = format!(
        "<taxii_11:Inbox_Message {NS} message_id=\"1\">{block}{block}</taxii_11:Inbox_Message>"
    );
    let m = spec_rule(
        &xml,
        "/Inbox_Message/Content_Block[1]/Content_Binding",
        "C11-11",
    );
    // A subtype of a plain binding, or a nesting expression alone, is fine.
    for fine in [
        block.replace("a|b", "a"),
        block.replace("<taxii_11:Subtype subtype_id=\"s\"/>", ""),
    ] {
        let xml = format!(
            "<taxii_11:Inbox_Message {NS} message_id=\"1\">{fine}</taxii_11:Inbox_Message>"
        );
        assert_eq!(decode(xml.as_bytes()).unwrap().validate(), vec![], "{xml}");
    }
    assert_eq!(m.validate().len(), 2, "one per block");
    assert_eq!(
        m.validate()[1].path,
        "/Inbox_Message/Content_Block[2]/Content_Binding"
    );
}

/// C11-7: Subscription_Parameters belong to SUBSCRIBE only; SUBSCRIBE needs them.
#[test]
fn subscription_parameters_only_with_subscribe_c11_7() {
    let xml = format!(
        "<taxii_11:Subscription_Management_Request {NS} message_id=\"1\" collection_name=\"c\" action=\"SUBSCRIBE\"/>"
    );
    spec_rule(&xml, "/Subscription_Management_Request", "C11-7");
    let xml = format!(
        "<taxii_11:Subscription_Management_Request {NS} message_id=\"1\" collection_name=\"c\" action=\"STATUS\">\
         <taxii_11:Subscription_Parameters/></taxii_11:Subscription_Management_Request>"
    );
    spec_rule(&xml, "/Subscription_Management_Request", "C11-7");
}

/// The levels: permissive accepts the peers' deviations, schema refuses them, strict
/// refuses MUST diagnostics but not SHOULD ones.
#[test]
fn one_enum_of_levels() {
    assert_eq!(DecodeOptions::default().level, DecodeLevel::Permissive);
    assert_eq!(DecodeOptions::strict().level, DecodeLevel::Strict);
    // A 1.0 Feed without Content_Binding (AMB-27, as OpenTAXII sends it).
    let feed = r#"<taxii:Feed_Information_Response xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1" message_id="2" in_response_to="1"><taxii:Feed feed_name="f"><taxii:Description>d</taxii:Description><taxii:Polling_Service><taxii:Protocol_Binding>p</taxii:Protocol_Binding><taxii:Address>a</taxii:Address><taxii:Message_Binding>m</taxii:Message_Binding></taxii:Polling_Service></taxii:Feed></taxii:Feed_Information_Response>"#;
    let at = |level| {
        decode_with(
            feed.as_bytes().to_vec().into(),
            &DecodeOptions::with_level(level),
        )
    };
    assert!(at(DecodeLevel::Permissive).is_ok());
    assert_eq!(
        at(DecodeLevel::Schema).unwrap_err().rule(),
        Some("FIRs10-7")
    );
    assert_eq!(
        at(DecodeLevel::Strict).unwrap_err().rule(),
        Some("FIRs10-7")
    );
}

/// A diagnostic prints as `LEVEL RULE at PATH: TEXT`.
#[test]
fn diagnostics_print_level_rule_path_and_text() {
    let xml = format!("<taxii_11:Status_Message {NS} message_id=\"2\" in_response_to=\"1\" status_type=\"UNSUPPORTED_TARGETING_EXPRESSION\"/>");
    let m: Message = decode(xml.as_bytes()).unwrap();
    let d = &m.validate()[0];
    assert_eq!(d.level, Requirement::Must);
    assert_eq!(
        d.to_string(),
        "MUST TST-2 at /Status_Message/Status_Detail: UNSUPPORTED_TARGETING_EXPRESSION requires a PREFERRED_SCOPE or ALLOWED_SCOPE detail"
    );
}

const T10: &str = r#"xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1""#;

/// TAXII 1.0 time ranges (PR-2, IM10-7): an inclusive begin after the end decodes and is
/// reported.
#[test]
fn taxii10_empty_ranges_pr_2_im10_7() {
    let range =
        "<taxii:Inclusive_Begin_Timestamp>2014-01-03T00:00:00Z</taxii:Inclusive_Begin_Timestamp>\
        <taxii:Inclusive_End_Timestamp>2014-01-02T00:00:00Z</taxii:Inclusive_End_Timestamp>";
    let poll = format!(
        r#"<taxii:Poll_Response {T10} message_id="2" in_response_to="1" feed_name="f">{range}</taxii:Poll_Response>"#
    );
    spec_rule(&poll, "/Poll_Response", "PR-2");
    let inbox = format!(
        r#"<taxii:Inbox_Message {T10} message_id="1"><taxii:Source_Subscription feed_name="f" subscription_id="s">{range}</taxii:Source_Subscription></taxii:Inbox_Message>"#
    );
    spec_rule(&inbox, "/Inbox_Message/Source_Subscription", "IM10-7");
    // Equal ends are a one-instant range, not an empty one.
    let instant = poll.replace("2014-01-03", "2014-01-02");
    assert!(decode(instant.as_bytes()).unwrap().validate().is_empty());
}
