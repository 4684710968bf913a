//! Messages made of the common header and at most one list: the Discovery, Feed and
//! Collection Information requests and responses of TAXII 1.0 and 1.1.

/// Declares such a message with its codec; a response names its `in_response_to` field
/// and its list of `$element` children.
macro_rules! plain_message {
    (
        $(#[$meta:meta])* pub struct $name:ident;
        new: $new_doc:literal,
        $(
            response: $in_response_to:ident,
            #[doc = $field_doc:literal] $field:ident: Vec<$item:ty> = $element:literal,
        )?
    ) => {
        $crate::codec::element! {
            $(#[$meta])*
            pub struct $name {
                message_id,
                $($in_response_to,)?
                extended_headers,
                $(
                    #[doc = $field_doc]
                    $field: Vec<$item> = child $element,
                )?
                signature,
            }
            new: $new_doc;
        }
    };
}

pub(crate) use plain_message;
