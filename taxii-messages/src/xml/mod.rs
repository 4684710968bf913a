//! The XML machinery under the message codecs.

pub(crate) mod chars;
pub(crate) mod content_tags;
pub(crate) mod cursor;
pub(crate) mod fast_skip;
mod fragment;
pub(crate) mod ns_stack;
pub(crate) mod text;
pub(crate) mod writer;
