//! Inputs for the benchmarks and the libtaxii comparison.
//!
//! Large messages are generated, never committed: a TAXII 1.1 Poll_Response or
//! Inbox_Message, or their TAXII 1.0 counterparts, with any number of copies of `testdata/samples/stix_package_1.1.1.xml`,
//! written in exactly the shape of the committed 1- and 100-block samples (so the
//! generator is checked against them). Small messages come from `testdata/samples` or are
//! written here.

use std::io::{self, Write};

/// The STIX 1.1.1 package every generated content block carries.
pub const STIX_PACKAGE: &str = include_str!("../../testdata/samples/stix_package_1.1.1.xml");

/// A TAXII 1.1 Discovery_Response with 20 service instances (committed sample).
pub const DISCOVERY_RESPONSE_20: &str =
    include_str!("../../testdata/samples/taxii11_discovery_response_20svc.xml");

/// A TAXII 1.1 Status_Message with a typed detail and a message.
pub const STATUS_MESSAGE: &str = concat!(
    r#"<taxii_11:Status_Message xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" "#,
    r#"message_id="5001" in_response_to="5000" status_type="PENDING">"#,
    r#"<taxii_11:Status_Detail>"#,
    r#"<taxii_11:Detail name="ESTIMATED_WAIT">900</taxii_11:Detail>"#,
    r#"<taxii_11:Detail name="RESULT_ID">result-0042</taxii_11:Detail>"#,
    r#"<taxii_11:Detail name="WILL_PUSH">false</taxii_11:Detail>"#,
    r#"</taxii_11:Status_Detail>"#,
    r#"<taxii_11:Message>The result set is being prepared.</taxii_11:Message>"#,
    r#"</taxii_11:Status_Message>"#
);

/// A TAXII 1.1 Poll_Request carrying a Default Query (as libtaxii's query client sends it).
pub const DEFAULT_QUERY_POLL_REQUEST: &str = concat!(
    r#"<taxii_11:Poll_Request xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1" "#,
    r#"xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" "#,
    r#"xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" "#,
    r#"message_id="569647227995984267" collection_name="collection-a">"#,
    r#"<taxii_11:Poll_Parameters allow_asynch="false">"#,
    r#"<taxii_11:Response_Type>FULL</taxii_11:Response_Type>"#,
    r#"<taxii_11:Query format_id="urn:taxii.mitre.org:query:default:1.0">"#,
    r#"<tdq:Default_Query targeting_expression_id="urn:stix.mitre.org:xml:1.1.1">"#,
    r#"<tdq:Criteria operator="AND">"#,
    r#"<tdq:Criterion negate="false"><tdq:Target>**/@id</tdq:Target>"#,
    r#"<tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="equals">"#,
    r#"<tdq:Parameter name="value">example:indicator-1b7d3c2a-5e6f-4a8b-9c0d-1e2f3a4b5c6d</tdq:Parameter>"#,
    r#"<tdq:Parameter name="match_type">case_insensitive_string</tdq:Parameter>"#,
    r#"</tdq:Test></tdq:Criterion>"#,
    r#"<tdq:Criterion negate="true"><tdq:Target>STIX_Package/STIX_Header/Title</tdq:Target>"#,
    r#"<tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="exists"/>"#,
    r#"</tdq:Criterion>"#,
    r#"</tdq:Criteria></tdq:Default_Query></taxii_11:Query></taxii_11:Poll_Parameters>"#,
    r#"</taxii_11:Poll_Request>"#
);

const ROOT_NAMESPACES: &str = concat!(
    r#"xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1" "#,
    r#"xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" "#,
    r#"xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1""#
);

/// Seconds since the Unix epoch of 2024-01-15T10:20:30Z, the first block's label.
const FIRST_LABEL: u64 = 1_705_314_030;

/// Writes a TAXII 1.1 Poll_Response with `blocks` content blocks, each holding
/// [`STIX_PACKAGE`]; block `i` is labelled one second after block `i - 1`.
pub fn write_poll_response(out: &mut impl Write, blocks: u64) -> io::Result<()> {
    write!(
        out,
        "<taxii_11:Poll_Response {ROOT_NAMESPACES} message_id=\"3001\" in_response_to=\"3000\" \
         collection_name=\"collection-a\" more=\"false\" result_part_number=\"1\">\
         <taxii_11:Exclusive_Begin_Timestamp>{}</taxii_11:Exclusive_Begin_Timestamp>\
         <taxii_11:Inclusive_End_Timestamp>{}</taxii_11:Inclusive_End_Timestamp>\
         <taxii_11:Record_Count partial_count=\"false\">{blocks}</taxii_11:Record_Count>",
        timestamp(FIRST_LABEL - 86_400),
        timestamp(FIRST_LABEL + blocks),
    )?;
    write_blocks(out, blocks)?;
    out.write_all(b"</taxii_11:Poll_Response>")
}

/// Writes a TAXII 1.0 Poll_Response with `blocks` content blocks, each holding
/// [`STIX_PACKAGE`], labelled like [`write_poll_response`]'s.
pub fn write_poll_response_10(out: &mut impl Write, blocks: u64) -> io::Result<()> {
    write!(
        out,
        "<taxii:Poll_Response {ROOT_NAMESPACES} message_id=\"4001\" in_response_to=\"4000\" \
         feed_name=\"collection-a\">\
         <taxii:Inclusive_Begin_Timestamp>{}</taxii:Inclusive_Begin_Timestamp>\
         <taxii:Inclusive_End_Timestamp>{}</taxii:Inclusive_End_Timestamp>",
        timestamp(FIRST_LABEL - 86_400),
        timestamp(FIRST_LABEL + blocks),
    )?;
    write_blocks_10(out, blocks)?;
    out.write_all(b"</taxii:Poll_Response>")
}

/// Writes a TAXII 1.0 Inbox_Message with `blocks` content blocks.
pub fn write_inbox_message_10(out: &mut impl Write, blocks: u64) -> io::Result<()> {
    write!(
        out,
        "<taxii:Inbox_Message {ROOT_NAMESPACES} message_id=\"2001\">"
    )?;
    write_blocks_10(out, blocks)?;
    out.write_all(b"</taxii:Inbox_Message>")
}

fn write_blocks_10(out: &mut impl Write, blocks: u64) -> io::Result<()> {
    let package = STIX_PACKAGE.trim_end();
    for i in 0..blocks {
        write!(
            out,
            "<taxii:Content_Block>\
             <taxii:Content_Binding>urn:stix.mitre.org:xml:1.1.1</taxii:Content_Binding>\
             <taxii:Content>{package}</taxii:Content>\
             <taxii:Timestamp_Label>{}</taxii:Timestamp_Label>\
             </taxii:Content_Block>",
            timestamp(FIRST_LABEL + i)
        )?;
    }
    Ok(())
}

/// Writes a TAXII 1.1 Inbox_Message to `collection-a` with `blocks` content blocks.
pub fn write_inbox_message(out: &mut impl Write, blocks: u64) -> io::Result<()> {
    write!(
        out,
        "<taxii_11:Inbox_Message {ROOT_NAMESPACES} message_id=\"2001\">\
         <taxii_11:Destination_Collection_Name>collection-a</taxii_11:Destination_Collection_Name>"
    )?;
    write_blocks(out, blocks)?;
    out.write_all(b"</taxii_11:Inbox_Message>")
}

fn write_blocks(out: &mut impl Write, blocks: u64) -> io::Result<()> {
    let package = STIX_PACKAGE.trim_end();
    for i in 0..blocks {
        write!(
            out,
            "<taxii_11:Content_Block>\
             <taxii_11:Content_Binding binding_id=\"urn:stix.mitre.org:xml:1.1.1\"/>\
             <taxii_11:Content>{package}</taxii_11:Content>\
             <taxii_11:Timestamp_Label>{}</taxii_11:Timestamp_Label>\
             </taxii_11:Content_Block>",
            timestamp(FIRST_LABEL + i)
        )?;
    }
    Ok(())
}

/// A Poll_Response with `blocks` blocks, in memory.
pub fn poll_response(blocks: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(block_size_estimate(blocks));
    write_poll_response(&mut out, blocks).expect("writing to a Vec cannot fail");
    out
}

/// A TAXII 1.0 Poll_Response with `blocks` blocks, in memory.
pub fn poll_response_10(blocks: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(block_size_estimate(blocks));
    write_poll_response_10(&mut out, blocks).expect("writing to a Vec cannot fail");
    out
}

/// A TAXII 1.0 Inbox_Message with `blocks` blocks, in memory.
pub fn inbox_message_10(blocks: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(block_size_estimate(blocks));
    write_inbox_message_10(&mut out, blocks).expect("writing to a Vec cannot fail");
    out
}

/// An Inbox_Message with `blocks` blocks, in memory.
pub fn inbox_message(blocks: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(block_size_estimate(blocks));
    write_inbox_message(&mut out, blocks).expect("writing to a Vec cannot fail");
    out
}

fn block_size_estimate(blocks: u64) -> usize {
    usize::try_from(blocks)
        .unwrap_or(0)
        .saturating_mul(STIX_PACKAGE.len() + 300)
        .saturating_add(1024)
}

/// How many blocks make a Poll_Response of at least `bytes` bytes.
pub fn blocks_for_size(bytes: u64) -> u64 {
    let one = poll_response(1).len() as u64;
    let two = poll_response(2).len() as u64;
    let per_block = two - one;
    bytes.saturating_sub(one - per_block).div_ceil(per_block)
}

/// `secs` since the Unix epoch as `YYYY-MM-DDTHH:MM:SS+00:00`.
fn timestamp(secs: u64) -> String {
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+00:00",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// The proleptic Gregorian date of day `days` since 1970-01-01 (Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> Vec<u8> {
        let path = format!("{}/../testdata/samples/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(path).unwrap()
    }

    #[test]
    fn generated_poll_responses_equal_the_committed_samples() {
        assert_eq!(poll_response(1), sample("taxii11_poll_response_1block.xml"));
        assert_eq!(
            poll_response(100),
            sample("taxii11_poll_response_100blocks.xml")
        );
    }

    #[test]
    fn generated_taxii10_poll_responses_equal_the_committed_samples() {
        assert_eq!(
            poll_response_10(1),
            sample("taxii10_poll_response_1block.xml")
        );
        assert_eq!(
            poll_response_10(100),
            sample("taxii10_poll_response_100blocks.xml")
        );
    }

    #[test]
    fn generated_inbox_message_equals_the_committed_sample() {
        assert_eq!(inbox_message(1), sample("taxii11_inbox_message_1block.xml"));
    }

    #[test]
    fn timestamps_cross_days_months_and_years() {
        assert_eq!(timestamp(FIRST_LABEL), "2024-01-15T10:20:30+00:00");
        assert_eq!(timestamp(951_782_400), "2000-02-29T00:00:00+00:00");
        assert_eq!(timestamp(1_735_689_599), "2024-12-31T23:59:59+00:00");
    }

    #[test]
    fn every_fixed_and_generated_message_decodes() {
        for xml in [
            DISCOVERY_RESPONSE_20.as_bytes(),
            STATUS_MESSAGE.as_bytes(),
            DEFAULT_QUERY_POLL_REQUEST.as_bytes(),
            &poll_response(3),
            &poll_response_10(3),
            &inbox_message_10(2),
            &inbox_message(2),
        ] {
            taxii_messages::decode(xml).unwrap();
        }
    }

    #[test]
    fn blocks_for_size_reaches_the_size() {
        let n = blocks_for_size(100_000);
        assert!(poll_response(n).len() >= 100_000);
        assert!(poll_response(n - 1).len() < 100_000);
    }
}
