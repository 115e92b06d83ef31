#[derive(
    ::resourcery::__private::serde::Serialize,
    ::resourcery::__private::serde::Deserialize
)]
#[serde(crate = "::resourcery::__private::serde", deny_unknown_fields)]
/// A line.
#[derive(Debug)]
pub struct Line {
    #[serde(rename = "productId")]
    pub product_id: Uuid,
    #[serde(rename = "quantity")]
    pub quantity: i32,
    #[serde(default, rename = "contact")]
    pub contact: Option<String>,
    #[serde(rename = "parts")]
    pub parts: Vec<Part>,
}
#[doc(hidden)]
const _: () = {
    const __RULES_QUANTITY: &[::resourcery::__private::Rule] = &[
        ::resourcery::__private::Rule::Range {
            min: ::core::option::Option::Some(::resourcery::__private::Bound {
                value: ::resourcery::__private::Number::Int(1i64),
                exclusive: false,
            }),
            max: ::core::option::Option::Some(::resourcery::__private::Bound {
                value: ::resourcery::__private::Number::Int(99i64),
                exclusive: false,
            }),
        },
    ];
    const __RULES_CONTACT: &[::resourcery::__private::Rule] = &[
        ::resourcery::__private::Rule::Email,
    ];
    #[automatically_derived]
    impl ::resourcery::__private::Validate for Line {
        #[allow(unused_variables)]
        fn validate_at(
            &self,
            __root: &::resourcery::__private::Pointer<'_>,
            __out: &mut ::resourcery::__private::Violations,
        ) {
            {
                let __value = &self.quantity;
                ::resourcery::__private::int(
                    ::core::primitive::i64::from(*__value),
                    __RULES_QUANTITY,
                    &__root.key("quantity"),
                    __out,
                );
            }
            if let ::core::option::Option::Some(__value) = &self.contact {
                ::resourcery::__private::text(
                    __value,
                    __RULES_CONTACT,
                    &__root.key("contact"),
                    __out,
                );
            }
            {
                let __value = &self.parts;
                ::resourcery::__private::FieldType::check_nested(
                    __value,
                    &__root.key("parts"),
                    __out,
                );
            }
        }
    }
    #[automatically_derived]
    impl ::resourcery::__private::TransitionBody for Line {}
    ::resourcery::__private::field_reply!(Line);
    #[automatically_derived]
    impl ::resourcery::__private::QueryParams for Line {
        fn member(
            __name: &::core::primitive::str,
        ) -> ::core::option::Option<::resourcery::__private::ParamKind> {
            match __name {
                "productId" => {
                    ::core::option::Option::Some(
                        ::resourcery::__private::ParamKind::Text,
                    )
                }
                "quantity" => {
                    ::core::option::Option::Some(
                        ::resourcery::__private::ParamKind::Number,
                    )
                }
                "contact" => {
                    ::core::option::Option::Some(
                        ::resourcery::__private::ParamKind::Text,
                    )
                }
                "parts" => {
                    ::core::option::Option::Some(
                        ::resourcery::__private::ParamKind::Text,
                    )
                }
                _ => ::core::option::Option::None,
            }
        }
    }
    #[automatically_derived]
    impl ::resourcery::__private::FieldType for Line {
        const SQL_TYPE: ::resourcery::__private::SqlType = ::resourcery::__private::SqlType::Json;
        fn schema() -> ::resourcery::__private::utoipa::openapi::schema::Schema {
            ::resourcery::__private::object_schema(
                "A line.",
                &[
                    ::resourcery::__private::ObjectField {
                        name: "productId",
                        schema: <Uuid as ::resourcery::__private::FieldType>::schema,
                        nullable: false,
                        rules: &[],
                        doc: "",
                    },
                    ::resourcery::__private::ObjectField {
                        name: "quantity",
                        schema: <i32 as ::resourcery::__private::FieldType>::schema,
                        nullable: false,
                        rules: __RULES_QUANTITY,
                        doc: "",
                    },
                    ::resourcery::__private::ObjectField {
                        name: "contact",
                        schema: <String as ::resourcery::__private::FieldType>::schema,
                        nullable: true,
                        rules: __RULES_CONTACT,
                        doc: "",
                    },
                    ::resourcery::__private::ObjectField {
                        name: "parts",
                        schema: <::std::vec::Vec<
                            <Part as ::resourcery::__private::Checked>::Type,
                        > as ::resourcery::__private::FieldType>::schema,
                        nullable: false,
                        rules: &[],
                        doc: "",
                    },
                ],
            )
        }
        fn check_nested(
            &self,
            __at: &::resourcery::__private::Pointer<'_>,
            __out: &mut ::resourcery::__private::Violations,
        ) {
            ::resourcery::__private::Validate::validate_at(self, __at, __out);
        }
        ::resourcery::__private::json_storage!();
    }
};
