//! Property: TAXII 1.0 -> 1.1 -> 1.0 is the identity wherever the first step is defined,
//! and the 1.1 form encodes and decodes to itself.

use proptest::prelude::*;
use taxii_messages::{decode, v10, v11, Message, StatusType};

use crate::v10::props::v10_message;

/// 1.0 status lists are space-separated; only their single-space form survives the trip
/// through one 1.1 detail per id.
fn canonical_list(m: &v10::Message) -> bool {
    match m {
        v10::Message::StatusMessage(s) => match (&s.status_type, &s.status_detail) {
            (
                StatusType::UnsupportedMessage
                | StatusType::UnsupportedContent
                | StatusType::UnsupportedProtocol,
                Some(d),
            ) => {
                !d.is_empty()
                    && d.split(' ')
                        .all(|p| !p.is_empty() && !p.contains(char::is_whitespace))
            }
            (StatusType::NotFound, Some(d)) => !d.is_empty(),
            _ => true,
        },
        _ => true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn v10_to_v11_to_v10_identity(m in v10_message()) {
        prop_assume!(canonical_list(&m));
        match v11::Message::try_from(m.clone()) {
            Ok(m11) => {
                let xml = Message::V11(m11.clone()).to_xml();
                let again = decode(xml.as_bytes())
                    .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
                prop_assert_eq!(again, Message::V11(m11.clone()));
                let back = v10::Message::try_from(m11)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(back, m);
            }
            // Only the documented gaps may refuse a 1.0 message.
            Err(e) => prop_assert!(
                matches!(e.field(), "Status_Detail" | "Content_Binding"),
                "{e}"
            ),
        }
    }
}
