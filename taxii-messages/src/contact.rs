//! Where a service is reached and how content is pushed: the same in TAXII 1.0 and 1.1
//! (checklist SC-1, SC-3, FIRs10-8); the namespace is a parameter.

use crate::ids::Uri;

crate::codec::element! {
    /// Where a service is reached: protocol, address and message bindings (SC-1).
    pub struct ServiceContact {
        /// The protocol binding id.
        protocol_binding: Uri = child "Protocol_Binding",
        /// The address, in the protocol's format (may be relative, AMB-30).
        address: String = child "Address",
        /// Message binding ids (1-n).
        one(message_binding) message_bindings: Vec<Uri> = some "Message_Binding",
    }
    new: "A contact with one message binding.";
}

crate::codec::element! {
    /// How content can be pushed: a protocol and message bindings, no address (SC-3, FIRs10-8).
    pub struct PushMethod {
        /// The protocol binding id.
        protocol_binding: Uri = child "Protocol_Binding",
        /// Message binding ids (1-n).
        one(message_binding) message_bindings: Vec<Uri> = some "Message_Binding",
    }
    new: "A push method with one message binding.";
}
