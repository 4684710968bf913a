//! Closed vocabularies: an enum whose variants each stand for one wire string.

/// Declares a `Copy` enum with `as_str` (the wire form) and `parse` (its inverse).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)*
        }
    ) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        $(#[$meta])*
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// The wire form.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }

            /// Reads the wire form (case-sensitive).
            pub fn parse(s: &str) -> Option<Self> {
                Some(match s {
                    $($wire => $name::$variant,)*
                    _ => return None,
                })
            }
        }
    };
}

pub(crate) use wire_enum;
