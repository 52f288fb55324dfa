//! Structs whose fields are named in text formats (the JSON API) and written in order, without names, in
//! binary ones (Dioxus' CBOR hydration data, which every server-rendered page carries).

/// Declare a struct (fields `pub`) with `Serialize`/`Deserialize` that branch on the format's
/// `is_human_readable()`: JSON gets an object with the field names, as `derive` would write it; a binary
/// format gets a sequence of the values in declaration order.
///
/// Why: the hydration data of a results page repeated every field name of every card (about 170 bytes per
/// card, doubled again by Dioxus' byte-array encoding and base64), close to half the script's size.
macro_rules! named_in_text_compact_in_binary {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty ),*
        }

        const _: () = {
            #[derive(serde::Serialize)]
            struct NamedRef<'a> { $( $field: &'a $ty ),* }
            #[derive(serde::Serialize)]
            struct CompactRef<'a>( $( &'a $ty ),* );
            #[derive(serde::Deserialize)]
            struct Named { $( $field: $ty ),* }
            #[derive(serde::Deserialize)]
            struct Compact( $( $ty ),* );

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    if s.is_human_readable() {
                        NamedRef { $( $field: &self.$field ),* }.serialize(s)
                    } else {
                        CompactRef( $( &self.$field ),* ).serialize(s)
                    }
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    if d.is_human_readable() {
                        let Named { $( $field ),* } = Named::deserialize(d)?;
                        Ok($name { $( $field ),* })
                    } else {
                        let Compact( $( $field ),* ) = Compact::deserialize(d)?;
                        Ok($name { $( $field ),* })
                    }
                }
            }
        };
    };
}

pub(crate) use named_in_text_compact_in_binary;
