//! Hostile inputs, size, depth and width (security-and-interop.md §3.3 items 12, 14–22):
//! each fails with the named limit error (the `Limits` field), stops where the limit is
//! crossed instead of reading on, or, where the input is legal, is held without copying.

use bytes::Bytes;
use taxii_messages::{DecodeErrorKind as K, DecodeOptions, Limits};

use crate::support::hostile::*;

fn with_limits(limits: Limits) -> DecodeOptions {
    DecodeOptions::with_limits(limits)
}

#[test]
fn item12_body_larger_than_the_cap_is_refused_before_parsing() {
    let limits = Limits {
        max_input_bytes: 4096,
        ..Limits::default()
    };
    // Not even well-formed: the size check comes first, so nothing is tokenized.
    let mut body = discovery_request("", "").into_bytes();
    body.resize(4097, b'<');
    let err = reject_with(body, &with_limits(limits));
    assert_limit(&err, "max_input_bytes");
    // At the cap exactly, a valid message is fine.
    let ok = format!("{:<4096}", discovery_request("", ""));
    assert_eq!(ok.len(), 4096);
    taxii_messages::decode_with(Bytes::from(ok), &with_limits(limits)).expect("at the cap");
    assert_eq!(Limits::default().max_input_bytes, 256 << 20);
}

#[test]
fn item14_deep_nesting_in_content_fails_on_a_small_stack() {
    // 100 000 nested elements, decoded on a 256 KiB stack: the content scanner is
    // iterative, and the depth limit stops it at level 256.
    let depth = 100_000;
    let content = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let input = inbox_with_content(&content);
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let err = reject(input.clone());
            assert_limit(&err, "max_depth");
            // Root, Content_Block, Content = 3 levels; the 254th <a> is level 257.
            let first_a = input.find("<a>").unwrap();
            assert_eq!(err.offset(), first_a + 253 * 3, "{err}");
        })
        .expect("spawn");
    handle.join().expect("no stack overflow, no panic");
}

#[test]
fn item14_deep_nesting_in_the_envelope_hits_the_same_limit() {
    let depth = 10_000;
    let inner = format!(
        "{}{}",
        "<taxii_11:Message>".repeat(depth),
        "</taxii_11:Message>".repeat(depth)
    );
    let err = reject(status_with_message(&inner));
    // The first nested Message is already unexpected inside Message's text.
    assert!(matches!(err.kind(), K::UnexpectedElement { .. }), "{err}");
    let limits = Limits {
        max_depth: 1,
        ..Limits::default()
    };
    let err = reject_with(status_with_message("x"), &with_limits(limits));
    assert_limit(&err, "max_depth");
}

#[test]
fn item15_ten_megabyte_text_node_with_escapes() {
    // In Content: legal, kept as a slice of the input (no copy, no unescaping).
    let text = format!("{}&lt;{}", "x".repeat(5 << 20), "y".repeat(5 << 20));
    let input = Bytes::from(inbox_with_content(&text));
    let m = taxii_messages::decode_bytes(input.clone()).expect("legal");
    let content = inbox_content(&m);
    assert_eq!(content.as_bytes().len(), text.len());
    let start = input.as_ptr() as usize;
    let at = content.as_bytes().as_ptr() as usize;
    assert!(
        at >= start && at + text.len() <= start + input.len(),
        "content shares the input buffer"
    );
    // In an envelope text field: bounded by max_value_bytes (1 MiB).
    let err = reject(status_with_message(&text));
    assert_limit(&err, "max_value_bytes");
    assert_eq!(Limits::default().max_value_bytes, 1 << 20);
}

#[test]
fn item16_a_million_empty_siblings_in_content() {
    let content = "<a/>".repeat(1_000_000);
    // Legal under the default max_elements (50 million).
    let m = accept(inbox_with_content(&content));
    assert_eq!(inbox_content(&m).as_str().len(), content.len());
    // And stopped exactly at a lowered limit.
    let limits = Limits {
        max_elements: 100_000,
        ..Limits::default()
    };
    let input = inbox_with_content(&content);
    let err = reject_with(input.clone(), &with_limits(limits));
    assert_limit(&err, "max_elements");
    // Root, Content_Block, Content_Binding and Content are 4 elements.
    let first = input.find("<a/>").unwrap();
    assert_eq!(err.offset(), first + (100_000 - 4) * 4);
}

#[test]
fn item16_too_many_content_blocks() {
    let block = r#"<taxii_11:Content_Block><taxii_11:Content_Binding binding_id="b"/><taxii_11:Content>x</taxii_11:Content></taxii_11:Content_Block>"#;
    let input = poll_response("", &block.repeat(1_001));
    let limits = Limits {
        max_content_blocks: 1_000,
        ..Limits::default()
    };
    let err = reject_with(input.clone(), &with_limits(limits));
    assert_limit(&err, "max_content_blocks");
    assert!(err.offset() >= input.find(block).unwrap() + 1_000 * block.len() - block.len());
    assert_eq!(Limits::default().max_content_blocks, 1_000_000);
}

#[test]
fn item17_whitespace_prefix_before_the_root() {
    // 100 MB of spaces: refused by size before any scanning when over the cap …
    let limits = Limits {
        max_input_bytes: 64 << 20,
        ..Limits::default()
    };
    let mut big = vec![b' '; 100 << 20];
    big.extend_from_slice(discovery_request("", "").as_bytes());
    let err = reject_with(big, &with_limits(limits));
    assert_limit(&err, "max_input_bytes");
    // … and legal (linear, nothing kept) under it.
    let mut ok = vec![b' '; 4 << 20];
    ok.extend_from_slice(discovery_request("", "").as_bytes());
    accept(ok);
}

/// ` a0="v" a1="v" …` with `n` attributes named by `name`.
fn attributes(n: usize, name: impl Fn(usize) -> String) -> String {
    (0..n).map(|i| format!(" {}=\"v\"", name(i))).collect()
}

#[test]
fn item18_eighty_thousand_distinct_attributes() {
    let attrs = attributes(80_000, |i| format!("a{i}"));
    let err = reject(discovery_request(&attrs, ""));
    assert_limit(&err, "max_attributes");
    let err = reject(inbox_with_content(&format!("<x{attrs}/>")));
    assert_limit(&err, "max_attributes");
    assert_eq!(Limits::default().max_attributes, 256);
}

#[test]
fn item19_eighty_thousand_duplicate_attributes() {
    let attrs = attributes(80_000, |_| "dup".to_owned());
    let err = reject(discovery_request(&attrs, ""));
    assert_eq!(err.kind(), &K::DuplicateAttribute("dup".into()), "{err}");
    let err = reject(inbox_with_content(&format!("<x{attrs}/>")));
    assert_eq!(err.kind(), &K::DuplicateAttribute("dup".into()), "{err}");
}

#[test]
fn item20_namespace_declaration_floods() {
    // 100 000 declarations on one element: over the attribute limit first.
    let decls = attributes(100_000, |i| format!("xmlns:p{i}"));
    let err = reject(discovery_request(&decls, ""));
    assert_limit(&err, "max_attributes");
    // 200 nested elements declaring 200 prefixes each: the in-scope total is capped.
    let level = |i: usize| {
        let d = attributes(200, |j| format!("xmlns:p{i}_{j}"));
        format!("<taxii_11:Extended_Headers{d}>")
    };
    let inner: String = (0..200).map(level).collect();
    let err = reject(discovery_request("", &inner));
    assert_limit(&err, "max_namespace_bindings");
    assert_eq!(Limits::default().max_namespace_bindings, 256);
}

#[test]
fn item21_huge_names_and_values() {
    let long = "n".repeat(1 << 20);
    // 1 MB element name (envelope and content).
    let err = reject(format!("<{long}/>"));
    assert_limit(&err, "max_name_bytes");
    let err = reject(inbox_with_content(&format!("<{long}/>")));
    assert_limit(&err, "max_name_bytes");
    // 1 MB attribute name.
    let err = reject(discovery_request(&format!(" {long}=\"v\""), ""));
    assert_limit(&err, "max_name_bytes");
    let err = reject(inbox_with_content(&format!("<x {long}=\"v\"/>")));
    assert_limit(&err, "max_name_bytes");
    // A 16 MB attribute value.
    let value = "v".repeat(16 << 20);
    let err = reject(discovery_request(&format!(" a=\"{value}\""), ""));
    assert_limit(&err, "max_value_bytes");
    let err = reject(inbox_with_content(&format!("<x a=\"{value}\"/>")));
    assert_limit(&err, "max_value_bytes");
    assert_eq!(Limits::default().max_name_bytes, 1024);
}

#[test]
fn item22_character_reference_flood() {
    let refs = "&#65;".repeat(2_000_000);
    // In Content: each reference is checked, none is expanded or copied.
    let m = accept(inbox_with_content(&refs));
    assert_eq!(inbox_content(&m).as_bytes().len(), refs.len());
    // In an envelope text: the expanded text is capped by max_value_bytes.
    let err = reject(status_with_message(&refs));
    assert_limit(&err, "max_value_bytes");
}

/// A Poll_Response with 250 bindings on the root and `blocks` content blocks whose
/// Content redeclares `p0` (to `uri(i)` for block `i`).
fn redeclaring_blocks(blocks: usize, uri: impl Fn(usize) -> String) -> String {
    let decls = attributes(250, |i| format!("xmlns:p{i}")).replace("=\"v\"", "=\"urn:v\"");
    let body: String = (0..blocks)
        .map(|i| {
            format!(
                "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/>\
                 <taxii_11:Content xmlns:p0=\"{}\"><p0:x/></taxii_11:Content></taxii_11:Content_Block>",
                uri(i)
            )
        })
        .collect();
    poll_response(&decls, &body)
}

#[test]
fn item20_prefix_redeclared_on_every_block_shares_one_copy_of_the_scope() {
    // Each payload keeps the 251 bindings in scope; the same scope again is the same copy
    // (before, 14 MB of such blocks held 2.8 GB of copies).
    let m = accept(redeclaring_blocks(20_000, |_| "urn:other".into()));
    let taxii_messages::Message::V11(taxii_messages::v11::Message::PollResponse(p)) = m else {
        panic!()
    };
    assert_eq!(p.content_blocks.len(), 20_000);
    let first = p.content_blocks[0].content.namespaces();
    let last = p.content_blocks[19_999].content.namespaces();
    assert_eq!(first.as_ptr(), last.as_ptr(), "one shared copy");
    let p0: Vec<_> = last.iter().filter(|b| b.prefix == "p0").collect();
    assert_eq!(p0.len(), 1, "one binding per prefix");
    assert_eq!(p0[0].uri, "urn:other", "the innermost declaration wins");
}

#[test]
fn item20_distinct_scopes_on_every_block_hit_the_copy_limit() {
    // A different URI per block defeats sharing: the copies are bounded instead.
    let input = redeclaring_blocks(6_000, |i| format!("urn:o{i}"));
    let err = reject(input);
    assert_limit(&err, "max_binding_copy_bytes");
    assert!(
        err.path().starts_with("/Poll_Response/Content_Block["),
        "{err}"
    );
    assert_eq!(Limits::default().max_binding_copy_bytes, 64 << 20);
    // Raised, the same message decodes.
    let limits = Limits {
        max_binding_copy_bytes: 1 << 30,
        ..Limits::default()
    };
    taxii_messages::decode_with(
        redeclaring_blocks(6_000, |i| format!("urn:o{i}")).into(),
        &with_limits(limits),
    )
    .expect("within a raised limit");
}

/// The copies are counted as documented: 48 bytes per binding plus its prefix and URI,
/// once per distinct scope; a limit of exactly that much is enough.
#[test]
fn item20_binding_copies_cost_what_the_limit_documents() {
    let uris = ["urn:o0", "urn:other-1", "urn:o2"];
    let blocks: String = uris
        .iter()
        .map(|u| {
            format!(
                "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/>\
                 <taxii_11:Content xmlns:p0=\"{u}\"><p0:x/></taxii_11:Content></taxii_11:Content_Block>"
            )
        })
        .collect();
    let input = poll_response("", &blocks);
    let root = 48 + "taxii_11".len() + taxii_messages::namespaces::TAXII_11.len();
    let cost: usize = uris.iter().map(|u| root + 48 + "p0".len() + u.len()).sum();
    let limited = |max| {
        let limits = Limits {
            max_binding_copy_bytes: max,
            ..Limits::default()
        };
        taxii_messages::decode_with(input.clone().into(), &with_limits(limits))
    };
    assert!(limited(cost).is_ok(), "{cost} bytes are enough");
    let err = limited(cost - 1).expect_err("one byte short");
    assert_limit(&err, "max_binding_copy_bytes");
    assert_eq!(
        err.path(),
        "/Poll_Response/Content_Block[3]/Content",
        "{err}"
    );
}

/// Sets one limit.
type SetLimit = fn(&mut Limits, usize);

/// `input` decodes with each named limit set to its exact value, and fails on that limit
/// one below it.
fn assert_exact_limits(input: &str, cases: &[(&str, SetLimit, usize)]) {
    for &(name, set, exact) in cases {
        let decode_with = |n| {
            let mut limits = Limits::default();
            set(&mut limits, n);
            taxii_messages::decode_with(Bytes::from(input.to_owned()), &with_limits(limits))
        };
        assert!(decode_with(exact).is_ok(), "{name} {exact}: {input}");
        assert_limit(&decode_with(exact - 1).expect_err(name), name);
    }
}

/// Every count limit is inclusive: a message needing exactly the limit decodes, one
/// below it fails on that limit, whether the content is read by the fast pass or (after
/// a processing instruction) by the event loop.
#[test]
fn limits_are_reached_exactly_in_the_envelope_and_the_content() {
    let names = ["taxii_11:Content_Binding".len(), "c".repeat(30).len()];
    for lead in ["", "<?pi x?>"] {
        // 7 elements, 5 deep; the longest name has 30 bytes.
        let content = format!("{lead}<a xmlns:p='urn:p'><b/><p:{}/></a>", "c".repeat(28));
        let input = inbox_with_content(&content);
        let cases: [(&str, SetLimit, usize); 3] = [
            ("max_elements", |l, n| l.max_elements = n, 7),
            ("max_depth", |l, n| l.max_depth = n, 5),
            ("max_name_bytes", |l, n| l.max_name_bytes = n, names[1]),
        ];
        assert_exact_limits(&input, &cases);
    }
    // In the envelope alone.
    let input = inbox_with_content("t");
    let limits = |n, depth| Limits {
        max_name_bytes: n,
        max_depth: depth,
        max_elements: 4,
        ..Limits::default()
    };
    let decode = |l| taxii_messages::decode_with(Bytes::from(input.clone()), &with_limits(l));
    assert!(decode(limits(names[0], 3)).is_ok());
    assert_limit(
        &decode(limits(names[0] - 1, 3)).expect_err("name"),
        "max_name_bytes",
    );
    assert_limit(
        &decode(limits(names[0], 2)).expect_err("depth"),
        "max_depth",
    );
}

/// The envelope's attribute limits are inclusive too: 3 attributes, 2 namespace
/// bindings, a 34-byte attribute name and a 60-byte value.
#[test]
fn envelope_attribute_limits_are_reached_exactly() {
    let uri = format!("urn:{}", "v".repeat(56));
    let input = discovery_request(&format!(" xmlns:{}=\"{uri}\"", "p".repeat(28)), "");
    let cases: [(&str, SetLimit, usize); 4] = [
        ("max_attributes", |l, n| l.max_attributes = n, 3),
        (
            "max_namespace_bindings",
            |l, n| l.max_namespace_bindings = n,
            2,
        ),
        ("max_name_bytes", |l, n| l.max_name_bytes = n, 34),
        ("max_value_bytes", |l, n| l.max_value_bytes = n, 60),
    ];
    assert_exact_limits(&input, &cases);
}

#[test]
fn item14_deeply_nested_query_criteria_fail_on_a_small_stack() {
    // Criteria nest recursively in the Default Query decoder: the depth limit must stop
    // them before the stack does, here on a 256 KiB thread stack.
    let depth = 1_000;
    let open = "<tdq:Criteria operator=\"AND\">".repeat(depth);
    let close = "</tdq:Criteria>".repeat(depth);
    let input = format!(
        "<taxii_11:Poll_Request {NS11} xmlns:tdq=\"http://taxii.mitre.org/query/taxii_default_query-1\" \
         message_id=\"1\" collection_name=\"c\"><taxii_11:Poll_Parameters>\
         <taxii_11:Query format_id=\"urn:taxii.mitre.org:query:default:1.0\">\
         <tdq:Default_Query targeting_expression_id=\"t\">{open}{close}</tdq:Default_Query>\
         </taxii_11:Query></taxii_11:Poll_Parameters></taxii_11:Poll_Request>"
    );
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let err = reject(input);
            assert_limit(&err, "max_query_depth");
            assert_eq!(err.path().matches("/Criteria").count(), 33, "{err}");
        })
        .expect("spawn");
    handle.join().expect("no stack overflow, no panic");
    assert_eq!(Limits::default().max_query_depth, 32);
}
