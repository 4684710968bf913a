//! Integration tests of taxii-messages.

mod convert;
mod convert_props;
mod draft1;
mod draft1_convert;
mod smoke;
mod v10_errors;
mod v10_json;
mod v10_kat;
mod v10_props;
mod v10_samples;
mod v10_wire;
