/// Where an order is in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// Placed, not yet confirmed.
    Pending,
    Confirmed,
    Shipped,
    Cancelled,
}
#[doc(hidden)]
const _: () = {
    impl OrderStatus {
        const __RESOURCERY_NAMES: &'static [&'static ::core::primitive::str] = &[
            "pending",
            "confirmed",
            "shipped",
            "called-off",
        ];
        fn __resourcery_as_str(&self) -> &'static ::core::primitive::str {
            match self {
                Self::Pending => "pending",
                Self::Confirmed => "confirmed",
                Self::Shipped => "shipped",
                Self::Cancelled => "called-off",
            }
        }
        fn __resourcery_from_str(
            __value: &::core::primitive::str,
        ) -> ::core::option::Option<Self> {
            match __value {
                "pending" => ::core::option::Option::Some(Self::Pending),
                "confirmed" => ::core::option::Option::Some(Self::Confirmed),
                "shipped" => ::core::option::Option::Some(Self::Shipped),
                "called-off" => ::core::option::Option::Some(Self::Cancelled),
                _ => ::core::option::Option::None,
            }
        }
    }
    #[automatically_derived]
    impl ::resourcery::__private::serde::Serialize for OrderStatus {
        fn serialize<S: ::resourcery::__private::serde::Serializer>(
            &self,
            __serializer: S,
        ) -> ::core::result::Result<S::Ok, S::Error> {
            __serializer.serialize_str(self.__resourcery_as_str())
        }
    }
    #[automatically_derived]
    impl<'de> ::resourcery::__private::serde::Deserialize<'de> for OrderStatus {
        fn deserialize<D: ::resourcery::__private::serde::Deserializer<'de>>(
            __deserializer: D,
        ) -> ::core::result::Result<Self, D::Error> {
            struct Visitor;
            impl<'de> ::resourcery::__private::serde::de::Visitor<'de> for Visitor {
                type Value = OrderStatus;
                fn expecting(
                    &self,
                    __f: &mut ::core::fmt::Formatter<'_>,
                ) -> ::core::fmt::Result {
                    __f.write_str(::core::concat!("a ", "OrderStatus", " name"))
                }
                fn visit_str<E: ::resourcery::__private::serde::de::Error>(
                    self,
                    __value: &::core::primitive::str,
                ) -> ::core::result::Result<OrderStatus, E> {
                    OrderStatus::__resourcery_from_str(__value)
                        .ok_or_else(|| E::unknown_variant(
                            __value,
                            OrderStatus::__RESOURCERY_NAMES,
                        ))
                }
            }
            __deserializer.deserialize_str(Visitor)
        }
    }
    #[automatically_derived]
    impl ::resourcery::__private::sqlx::Type<::resourcery::__private::sqlx::Sqlite>
    for OrderStatus {
        fn type_info() -> <::resourcery::__private::sqlx::Sqlite as ::resourcery::__private::sqlx::Database>::TypeInfo {
            <&::core::primitive::str as ::resourcery::__private::sqlx::Type<
                ::resourcery::__private::sqlx::Sqlite,
            >>::type_info()
        }
        fn compatible(
            __ty: &<::resourcery::__private::sqlx::Sqlite as ::resourcery::__private::sqlx::Database>::TypeInfo,
        ) -> bool {
            <&::core::primitive::str as ::resourcery::__private::sqlx::Type<
                ::resourcery::__private::sqlx::Sqlite,
            >>::compatible(__ty)
        }
    }
    #[automatically_derived]
    impl ::resourcery::__private::sqlx::Type<::resourcery::__private::sqlx::Postgres>
    for OrderStatus {
        fn type_info() -> <::resourcery::__private::sqlx::Postgres as ::resourcery::__private::sqlx::Database>::TypeInfo {
            <&::core::primitive::str as ::resourcery::__private::sqlx::Type<
                ::resourcery::__private::sqlx::Postgres,
            >>::type_info()
        }
        fn compatible(
            __ty: &<::resourcery::__private::sqlx::Postgres as ::resourcery::__private::sqlx::Database>::TypeInfo,
        ) -> bool {
            <&::core::primitive::str as ::resourcery::__private::sqlx::Type<
                ::resourcery::__private::sqlx::Postgres,
            >>::compatible(__ty)
        }
    }
    #[automatically_derived]
    impl<
        'q,
    > ::resourcery::__private::sqlx::Encode<'q, ::resourcery::__private::sqlx::Sqlite>
    for OrderStatus {
        fn encode_by_ref(
            &self,
            __buf: &mut <::resourcery::__private::sqlx::Sqlite as ::resourcery::__private::sqlx::Database>::ArgumentBuffer<
                'q,
            >,
        ) -> ::core::result::Result<
            ::resourcery::__private::sqlx::encode::IsNull,
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            <&'q ::core::primitive::str as ::resourcery::__private::sqlx::Encode<
                'q,
                ::resourcery::__private::sqlx::Sqlite,
            >>::encode(self.__resourcery_as_str(), __buf)
        }
    }
    #[automatically_derived]
    impl<
        'q,
    > ::resourcery::__private::sqlx::Encode<'q, ::resourcery::__private::sqlx::Postgres>
    for OrderStatus {
        fn encode_by_ref(
            &self,
            __buf: &mut <::resourcery::__private::sqlx::Postgres as ::resourcery::__private::sqlx::Database>::ArgumentBuffer<
                'q,
            >,
        ) -> ::core::result::Result<
            ::resourcery::__private::sqlx::encode::IsNull,
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            <&::core::primitive::str as ::resourcery::__private::sqlx::Encode<
                'q,
                ::resourcery::__private::sqlx::Postgres,
            >>::encode(self.__resourcery_as_str(), __buf)
        }
    }
    #[automatically_derived]
    impl<
        'r,
    > ::resourcery::__private::sqlx::Decode<'r, ::resourcery::__private::sqlx::Sqlite>
    for OrderStatus {
        fn decode(
            __value: <::resourcery::__private::sqlx::Sqlite as ::resourcery::__private::sqlx::Database>::ValueRef<
                'r,
            >,
        ) -> ::core::result::Result<
            Self,
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            let __text = <&::core::primitive::str as ::resourcery::__private::sqlx::Decode<
                'r,
                ::resourcery::__private::sqlx::Sqlite,
            >>::decode(__value)?;
            OrderStatus::__resourcery_from_str(__text)
                .ok_or_else(|| {
                    ::std::format!("`{}` is not a {} value", __text, "OrderStatus")
                        .into()
                })
        }
    }
    #[automatically_derived]
    impl<
        'r,
    > ::resourcery::__private::sqlx::Decode<'r, ::resourcery::__private::sqlx::Postgres>
    for OrderStatus {
        fn decode(
            __value: <::resourcery::__private::sqlx::Postgres as ::resourcery::__private::sqlx::Database>::ValueRef<
                'r,
            >,
        ) -> ::core::result::Result<
            Self,
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            let __text = <&::core::primitive::str as ::resourcery::__private::sqlx::Decode<
                'r,
                ::resourcery::__private::sqlx::Postgres,
            >>::decode(__value)?;
            OrderStatus::__resourcery_from_str(__text)
                .ok_or_else(|| {
                    ::std::format!("`{}` is not a {} value", __text, "OrderStatus")
                        .into()
                })
        }
    }
    #[automatically_derived]
    impl ::resourcery::__private::FieldType for OrderStatus {
        const SQL_TYPE: ::resourcery::__private::SqlType = ::resourcery::__private::SqlType::Text;
        const VALUES: ::core::option::Option<
            &'static [&'static ::core::primitive::str],
        > = ::core::option::Option::Some(OrderStatus::__RESOURCERY_NAMES);
        fn sort_key(&self) -> ::core::option::Option<::resourcery::__private::SqlValue> {
            ::core::option::Option::Some(
                ::resourcery::__private::SqlValue::Text(
                    ::std::string::ToString::to_string(self.__resourcery_as_str()),
                ),
            )
        }
        fn schema() -> ::resourcery::__private::utoipa::openapi::schema::Schema {
            ::resourcery::__private::utoipa::openapi::schema::Schema::Object(
                ::resourcery::__private::utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(
                        ::resourcery::__private::utoipa::openapi::schema::Type::String,
                    )
                    .enum_values(
                        ::core::option::Option::Some(
                            OrderStatus::__RESOURCERY_NAMES.iter().copied(),
                        ),
                    )
                    .build(),
            )
        }
        ::resourcery::__private::native_storage!();
    }
    ::resourcery::__private::field_reply!(OrderStatus);
};
#[doc(hidden)]
const _: () = {
    #[automatically_derived]
    impl ::resourcery::__private::StateMachine for OrderStatus {
        const GRAPH: ::resourcery::__private::Graph = ::resourcery::__private::Graph {
            name: "OrderStatus",
            states: &[
                ::resourcery::__private::StateMeta {
                    name: "pending",
                    doc: "Placed, not yet confirmed.",
                    initial: true,
                    terminal: false,
                },
                ::resourcery::__private::StateMeta {
                    name: "confirmed",
                    doc: "",
                    initial: false,
                    terminal: false,
                },
                ::resourcery::__private::StateMeta {
                    name: "shipped",
                    doc: "",
                    initial: false,
                    terminal: true,
                },
                ::resourcery::__private::StateMeta {
                    name: "called-off",
                    doc: "",
                    initial: false,
                    terminal: true,
                },
            ],
            transitions: &[
                ::resourcery::__private::TransitionMeta {
                    action: "confirm",
                    from: &["pending"],
                    to: "confirmed",
                    roles: &[],
                    guard: ::core::option::Option::None,
                    after: ::core::option::Option::None,
                    body: ::core::option::Option::None,
                },
                ::resourcery::__private::TransitionMeta {
                    action: "ship",
                    from: &["confirmed"],
                    to: "shipped",
                    roles: &["staff"],
                    guard: ::core::option::Option::Some("guards::has_address"),
                    after: ::core::option::Option::Some("hooks::notify"),
                    body: ::core::option::Option::Some("ShipRequest"),
                },
                ::resourcery::__private::TransitionMeta {
                    action: "cancel",
                    from: &["pending", "confirmed"],
                    to: "called-off",
                    roles: &[],
                    guard: ::core::option::Option::None,
                    after: ::core::option::Option::None,
                    body: ::core::option::Option::None,
                },
            ],
        };
        fn wire(self) -> &'static ::core::primitive::str {
            self.__resourcery_as_str()
        }
        fn from_wire(__name: &::core::primitive::str) -> ::core::option::Option<Self> {
            Self::__resourcery_from_str(__name)
        }
        fn initial() -> Self {
            Self::Pending
        }
        fn steps() -> ::std::vec::Vec<::resourcery::__private::Step> {
            ::std::vec![
                ::resourcery::__private::StepBuilder:: < () > ::plain().build(),
                ::resourcery::__private::StepBuilder:: < ShipRequest >
                ::body("ShipRequest").guard(guards::has_address).after(hooks::notify)
                .build(), ::resourcery::__private::StepBuilder:: < () > ::plain().build()
            ]
        }
    }
};
