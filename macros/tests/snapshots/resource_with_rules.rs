pub struct Product {
    pub id: Uuid,
    pub name: String,
    pub weight: Option<f64>,
    pub tags: Vec<String>,
    pub parts: Vec<Part>,
}
/// Body of `POST /products`: the fields a client may set on a new [`Product`].
#[derive(::resourcery::__private::serde::Deserialize)]
#[serde(crate = "::resourcery::__private::serde", deny_unknown_fields)]
pub struct ProductCreate {
    /// See [`Product::name`].
    #[serde(rename = "name")]
    pub name: String,
    /// See [`Product::weight`].
    #[serde(default, rename = "weight")]
    pub weight: ::core::option::Option<f64>,
    /// See [`Product::tags`].
    #[serde(default, rename = "tags")]
    pub tags: ::resourcery::__private::Patch<Vec<String>>,
    /// See [`Product::parts`].
    #[serde(rename = "parts")]
    pub parts: ::std::vec::Vec<<Part as ::resourcery::__private::Checked>::Type>,
}
/// Body of `PATCH /products/{id}`: the fields of a [`Product`] to change; absent fields keep their value.
#[derive(::resourcery::__private::serde::Deserialize)]
#[serde(crate = "::resourcery::__private::serde", deny_unknown_fields)]
pub struct ProductPatch {
    /// See [`Product::name`].
    #[serde(default, rename = "name")]
    pub name: ::resourcery::__private::Patch<String>,
    /// See [`Product::weight`].
    #[serde(default, rename = "weight")]
    pub weight: ::resourcery::__private::Patch<f64>,
    /// See [`Product::tags`].
    #[serde(default, rename = "tags")]
    pub tags: ::resourcery::__private::Patch<Vec<String>>,
    /// See [`Product::parts`].
    #[serde(default, rename = "parts")]
    pub parts: ::resourcery::__private::Patch<
        ::std::vec::Vec<<Part as ::resourcery::__private::Checked>::Type>,
    >,
}
#[doc(hidden)]
#[allow(non_upper_case_globals, dead_code)]
const __resourcery_path_sproducts_is_declared_twice: () = ();
#[doc(hidden)]
const _: () = {
    #[allow(clippy::approx_constant)]
    const __RULES_NAME: &[::resourcery::__private::Rule] = &[
        ::resourcery::__private::Rule::Length {
            min: ::core::option::Option::Some(1u64),
            max: ::core::option::Option::Some(80u64),
        },
        ::resourcery::__private::Rule::Pattern {
            source: "^[a-z]+$",
            regex: || {
                static __REGEX: ::std::sync::LazyLock<
                    ::resourcery::__private::regex::Regex,
                > = ::std::sync::LazyLock::new(|| {
                    ::resourcery::__private::regex::Regex::new("^[a-z]+$")
                        .expect("the pattern was checked at compile time")
                });
                &__REGEX
            },
        },
    ];
    #[allow(clippy::approx_constant)]
    const __RULES_WEIGHT: &[::resourcery::__private::Rule] = &[
        ::resourcery::__private::Rule::Range {
            min: ::core::option::Option::Some(::resourcery::__private::Bound {
                value: ::resourcery::__private::Number::Float(0f64),
                exclusive: true,
            }),
            max: ::core::option::Option::Some(::resourcery::__private::Bound {
                value: ::resourcery::__private::Number::Float(10.5f64),
                exclusive: false,
            }),
        },
    ];
    #[allow(clippy::approx_constant)]
    const __RULES_TAGS: &[::resourcery::__private::Rule] = &[
        ::resourcery::__private::Rule::Items {
            min: ::core::option::Option::None,
            max: ::core::option::Option::Some(3u64),
        },
        ::resourcery::__private::Rule::UniqueItems,
        ::resourcery::__private::Rule::Custom("tags_ok"),
    ];
    #[automatically_derived]
    impl ::resourcery::__private::ReplyBody for Product {
        fn reply_schema() -> ::resourcery::__private::utoipa::openapi::RefOr<
            ::resourcery::__private::utoipa::openapi::schema::Schema,
        > {
            ::resourcery::__private::resource_schema::<Self>()
        }
        fn serialize_reply<S: ::resourcery::__private::serde::Serializer>(
            &self,
            __serializer: S,
        ) -> ::core::result::Result<S::Ok, S::Error> {
            <Self as ::resourcery::__private::Resource>::serialize_response(
                self,
                __serializer,
            )
        }
        fn location(&self) -> ::core::option::Option<::std::string::String> {
            ::core::option::Option::Some(
                ::resourcery::__private::resource_location(self),
            )
        }
    }
    #[automatically_derived]
    impl ::resourcery::__private::Resource for Product {
        type Create = ProductCreate;
        type Patch = ProductPatch;
        const META: ::resourcery::__private::ResourceMeta = ::resourcery::__private::ResourceMeta {
            name: "Product",
            path: "/products",
            table: "products",
            tag: "products",
            plural: "Products",
            operation_ids: [
                "createProduct",
                "getProduct",
                "listProducts",
                "updateProduct",
                "deleteProduct",
            ],
            doc: "",
            declared: ::core::concat!(::core::file!(), ":", ::core::line!()),
            operations: ::resourcery::__private::Operations::none()
                .with(::resourcery::__private::Operations::CREATE)
                .with(::resourcery::__private::Operations::GET)
                .with(::resourcery::__private::Operations::LIST)
                .with(::resourcery::__private::Operations::UPDATE)
                .with(::resourcery::__private::Operations::DELETE),
            fields: &[
                ::resourcery::__private::FieldMeta {
                    name: "id",
                    column: "id",
                    doc: "",
                    access: ::resourcery::__private::Access::Id,
                    auto: ::resourcery::__private::Auto::None,
                    nullable: false,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <Uuid as ::resourcery::__private::FieldType>::SQL_TYPE,
                    values: <Uuid as ::resourcery::__private::FieldType>::VALUES,
                    schema: <Uuid as ::resourcery::__private::FieldType>::schema,
                    rules: &[],
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::__private::FieldMeta {
                    name: "name",
                    column: "name",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadWrite,
                    auto: ::resourcery::__private::Auto::None,
                    nullable: false,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <String as ::resourcery::__private::FieldType>::SQL_TYPE,
                    values: <String as ::resourcery::__private::FieldType>::VALUES,
                    schema: <String as ::resourcery::__private::FieldType>::schema,
                    rules: __RULES_NAME,
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::__private::FieldMeta {
                    name: "weight",
                    column: "weight",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadWrite,
                    auto: ::resourcery::__private::Auto::None,
                    nullable: true,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <f64 as ::resourcery::__private::FieldType>::SQL_TYPE,
                    values: <f64 as ::resourcery::__private::FieldType>::VALUES,
                    schema: <f64 as ::resourcery::__private::FieldType>::schema,
                    rules: __RULES_WEIGHT,
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::__private::FieldMeta {
                    name: "tags",
                    column: "tags",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadWrite,
                    auto: ::resourcery::__private::Auto::None,
                    nullable: false,
                    unique: false,
                    default: ::core::option::Option::Some(|| ::resourcery::__private::to_json_value::<
                        Vec<String>,
                    >(<Vec<String> as ::core::default::Default>::default())),
                    sql_type: <Vec<
                        String,
                    > as ::resourcery::__private::FieldType>::SQL_TYPE,
                    values: <Vec<String> as ::resourcery::__private::FieldType>::VALUES,
                    schema: <Vec<String> as ::resourcery::__private::FieldType>::schema,
                    rules: __RULES_TAGS,
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::__private::FieldMeta {
                    name: "parts",
                    column: "parts",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadWrite,
                    auto: ::resourcery::__private::Auto::None,
                    nullable: false,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <::std::vec::Vec<
                        <Part as ::resourcery::__private::Checked>::Type,
                    > as ::resourcery::__private::FieldType>::SQL_TYPE,
                    values: <::std::vec::Vec<
                        <Part as ::resourcery::__private::Checked>::Type,
                    > as ::resourcery::__private::FieldType>::VALUES,
                    schema: <::std::vec::Vec<
                        <Part as ::resourcery::__private::Checked>::Type,
                    > as ::resourcery::__private::FieldType>::schema,
                    rules: &[],
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
            ],
            list: ::resourcery::__private::ListOptions {
                default_limit: 20usize,
                max_limit: 100usize,
                default_sort: "",
                max_offset: ::core::option::Option::None,
                items: "items",
                page: "page",
            },
            row_rules: &["whole", "with_db"],
            history: false,
            access: ::resourcery::__private::AccessRules {
                create: ::resourcery::__private::Allow::Authenticated,
                get: ::resourcery::__private::Allow::Authenticated,
                list: ::resourcery::__private::Allow::Authenticated,
                update: ::resourcery::__private::Allow::Authenticated,
                delete: ::resourcery::__private::Allow::Authenticated,
                any_owner: &[],
            },
            owner: ::core::option::Option::None,
            tenant: ::core::option::Option::None,
        };
        #[allow(unused_variables)]
        fn from_create(
            __input: ProductCreate,
            __now: ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __out: &mut ::resourcery::__private::Violations,
        ) -> Self {
            let __root = ::resourcery::__private::Pointer::ROOT;
            let __value = &__input.name;
            {
                ::resourcery::__private::text(
                    __value,
                    __RULES_NAME,
                    &__root.key("name"),
                    __out,
                );
            }
            if let ::core::option::Option::Some(__value) = &__input.weight {
                ::resourcery::__private::float(
                    ::core::primitive::f64::from(*__value),
                    __RULES_WEIGHT,
                    &__root.key("weight"),
                    __out,
                );
            }
            if let ::resourcery::__private::Patch::Value(__value) = &__input.tags {
                ::resourcery::__private::items(
                    __value.len(),
                    __RULES_TAGS,
                    &__root.key("tags"),
                    __out,
                );
                ::resourcery::__private::unique_items(
                    __value,
                    &__root.key("tags"),
                    __out,
                );
                let __rule: fn(
                    &<Vec<String> as ::core::ops::Deref>::Target,
                ) -> ::core::result::Result<(), ::resourcery::__private::Invalid> = tags_ok;
                ::resourcery::__private::custom(
                    __rule(__value),
                    &__root.key("tags"),
                    __out,
                );
            }
            let __value = &__input.parts;
            {
                ::resourcery::__private::FieldType::check_nested(
                    __value,
                    &__root.key("parts"),
                    __out,
                );
            }
            let __id = ::resourcery::__private::uuid::Uuid::now_v7();
            let __name = __input.name;
            let __weight = __input.weight;
            let __tags = match __input.tags {
                ::resourcery::__private::Patch::Value(__v) => __v,
                ::resourcery::__private::Patch::Absent => {
                    <Vec<String> as ::core::default::Default>::default()
                }
                ::resourcery::__private::Patch::Null => {
                    __out
                        .push(
                            ::resourcery::__private::Violation::new(
                                "/tags",
                                "not_null",
                                "`tags` cannot be null; leave it out to use its default",
                            ),
                        );
                    <Vec<String> as ::core::default::Default>::default()
                }
            };
            let __parts = __input.parts;
            Self {
                id: __id,
                name: __name,
                weight: __weight,
                tags: __tags,
                parts: __parts,
            }
        }
        fn id(&self) -> ::resourcery::__private::Uuid {
            self.id
        }
        fn bind_insert<'q, A: ::resourcery::__private::Args<'q>>(
            &'q self,
            __args: &mut A,
        ) -> ::core::result::Result<
            (),
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            ::resourcery::__private::Args::push::<Uuid>(__args, &self.id)?;
            ::resourcery::__private::Args::push::<String>(__args, &self.name)?;
            ::resourcery::__private::Args::push_opt::<
                f64,
            >(__args, ::core::option::Option::as_ref(&self.weight))?;
            ::resourcery::__private::Args::push::<Vec<String>>(__args, &self.tags)?;
            ::resourcery::__private::Args::push::<
                ::std::vec::Vec<<Part as ::resourcery::__private::Checked>::Type>,
            >(__args, &self.parts)?;
            ::core::result::Result::Ok(())
        }
        #[allow(unused_variables)]
        fn bind_patch<'q, A: ::resourcery::__private::Args<'q>>(
            __patch: &'q ProductPatch,
            __now: &'q ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __args: &mut A,
        ) -> ::core::result::Result<
            (),
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            ::resourcery::__private::Args::push_opt(
                __args,
                ::resourcery::__private::Patch::value(&__patch.name),
            )?;
            ::resourcery::__private::Args::push_flag(
                __args,
                ::resourcery::__private::Patch::is_present(&__patch.weight),
            )?;
            ::resourcery::__private::Args::push_opt(
                __args,
                ::resourcery::__private::Patch::value(&__patch.weight),
            )?;
            ::resourcery::__private::Args::push_opt(
                __args,
                ::resourcery::__private::Patch::value(&__patch.tags),
            )?;
            ::resourcery::__private::Args::push_opt(
                __args,
                ::resourcery::__private::Patch::value(&__patch.parts),
            )?;
            ::core::result::Result::Ok(())
        }
        #[allow(unused_variables)]
        fn check_patch(
            __patch: &ProductPatch,
            __out: &mut ::resourcery::__private::Violations,
        ) {
            let __root = ::resourcery::__private::Pointer::ROOT;
            if let ::resourcery::__private::Patch::Null = __patch.name {
                __out
                    .push(
                        ::resourcery::__private::Violation::new(
                            "/name",
                            "not_null",
                            "`name` cannot be null",
                        ),
                    );
            }
            if let ::resourcery::__private::Patch::Null = __patch.tags {
                __out
                    .push(
                        ::resourcery::__private::Violation::new(
                            "/tags",
                            "not_null",
                            "`tags` cannot be null",
                        ),
                    );
            }
            if let ::resourcery::__private::Patch::Null = __patch.parts {
                __out
                    .push(
                        ::resourcery::__private::Violation::new(
                            "/parts",
                            "not_null",
                            "`parts` cannot be null",
                        ),
                    );
            }
            if let ::resourcery::__private::Patch::Value(__value) = &__patch.name {
                ::resourcery::__private::text(
                    __value,
                    __RULES_NAME,
                    &__root.key("name"),
                    __out,
                );
            }
            if let ::resourcery::__private::Patch::Value(__value) = &__patch.weight {
                ::resourcery::__private::float(
                    ::core::primitive::f64::from(*__value),
                    __RULES_WEIGHT,
                    &__root.key("weight"),
                    __out,
                );
            }
            if let ::resourcery::__private::Patch::Value(__value) = &__patch.tags {
                ::resourcery::__private::items(
                    __value.len(),
                    __RULES_TAGS,
                    &__root.key("tags"),
                    __out,
                );
                ::resourcery::__private::unique_items(
                    __value,
                    &__root.key("tags"),
                    __out,
                );
                let __rule: fn(
                    &<Vec<String> as ::core::ops::Deref>::Target,
                ) -> ::core::result::Result<(), ::resourcery::__private::Invalid> = tags_ok;
                ::resourcery::__private::custom(
                    __rule(__value),
                    &__root.key("tags"),
                    __out,
                );
            }
            if let ::resourcery::__private::Patch::Value(__value) = &__patch.parts {
                ::resourcery::__private::FieldType::check_nested(
                    __value,
                    &__root.key("parts"),
                    __out,
                );
            }
        }
        #[allow(unused_variables)]
        fn swap_patch(&mut self, __patch: &mut ProductPatch) {
            __patch.name.swap_with(&mut self.name);
            __patch.weight.swap_with_nullable(&mut self.weight);
            __patch.tags.swap_with(&mut self.tags);
            __patch.parts.swap_with(&mut self.parts);
        }
        fn bind_replace<'q, A: ::resourcery::__private::Args<'q>>(
            &'q self,
            __now: &'q ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __args: &mut A,
        ) -> ::core::result::Result<
            (),
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            ::resourcery::__private::Args::push::<String>(__args, &self.name)?;
            ::resourcery::__private::Args::push_opt::<
                f64,
            >(__args, ::core::option::Option::as_ref(&self.weight))?;
            ::resourcery::__private::Args::push::<Vec<String>>(__args, &self.tags)?;
            ::resourcery::__private::Args::push::<
                ::std::vec::Vec<<Part as ::resourcery::__private::Checked>::Type>,
            >(__args, &self.parts)?;
            ::resourcery::__private::Args::push(__args, &self.id)?;
            ::core::result::Result::Ok(())
        }
        fn check_row(&self, __out: &mut ::resourcery::__private::Violations) {
            let __rule: fn(&Self, &mut ::resourcery::__private::Violations) = whole;
            __rule(self, __out);
        }
        fn check_with_db<'__a>(
            &'__a self,
            __db: &'__a ::resourcery::__private::Db,
            __out: &'__a mut ::resourcery::__private::Violations,
        ) -> impl ::core::future::Future<
            Output = ::core::result::Result<(), ::resourcery::__private::Problem>,
        > + ::core::marker::Send + '__a {
            with_db(self, __db, __out)
        }
        #[allow(unused_variables)]
        fn diagnose_create(
            __body: &::resourcery::__private::serde_json::Value,
            __out: &mut ::resourcery::__private::Violations,
        ) {
            let ::core::option::Option::Some(__map) = __body.as_object() else {
                return;
            };
            let __root = ::resourcery::__private::Pointer::ROOT;
            for __key in __map.keys() {
                if !(::core::matches!(
                    __key.as_str(), "name" | "weight" | "tags" | "parts"
                )) {
                    ::resourcery::__private::unknown_member(
                        __key,
                        &<Self as ::resourcery::__private::Resource>::META,
                        __out,
                    );
                }
            }
            {
                let __at = __root.key("name");
                match __map.get("name") {
                    ::core::option::Option::None => {
                        ::resourcery::__private::missing_member(&__at, "name", __out);
                    }
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "name", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            String,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {
                            let __value = &__decoded;
                            ::resourcery::__private::text(
                                __value,
                                __RULES_NAME,
                                &__root.key("name"),
                                __out,
                            );
                        }
                    }
                }
            }
            {
                let __at = __root.key("weight");
                match __map.get("weight") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {}
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            f64,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {
                            let __value = &__decoded;
                            ::resourcery::__private::float(
                                ::core::primitive::f64::from(*__value),
                                __RULES_WEIGHT,
                                &__root.key("weight"),
                                __out,
                            );
                        }
                    }
                }
            }
            {
                let __at = __root.key("tags");
                match __map.get("tags") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "tags", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            Vec<String>,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {
                            let __value = &__decoded;
                            ::resourcery::__private::items(
                                __value.len(),
                                __RULES_TAGS,
                                &__root.key("tags"),
                                __out,
                            );
                            ::resourcery::__private::unique_items(
                                __value,
                                &__root.key("tags"),
                                __out,
                            );
                            let __rule: fn(
                                &<Vec<String> as ::core::ops::Deref>::Target,
                            ) -> ::core::result::Result<
                                (),
                                ::resourcery::__private::Invalid,
                            > = tags_ok;
                            ::resourcery::__private::custom(
                                __rule(__value),
                                &__root.key("tags"),
                                __out,
                            );
                        }
                    }
                }
            }
            {
                let __at = __root.key("parts");
                match __map.get("parts") {
                    ::core::option::Option::None => {
                        ::resourcery::__private::missing_member(&__at, "parts", __out);
                    }
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "parts", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            ::std::vec::Vec<
                                <Part as ::resourcery::__private::Checked>::Type,
                            >,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {
                            let __value = &__decoded;
                            ::resourcery::__private::FieldType::check_nested(
                                __value,
                                &__root.key("parts"),
                                __out,
                            );
                        }
                    }
                }
            }
        }
        #[allow(unused_variables)]
        fn diagnose_patch(
            __body: &::resourcery::__private::serde_json::Value,
            __out: &mut ::resourcery::__private::Violations,
        ) {
            let ::core::option::Option::Some(__map) = __body.as_object() else {
                return;
            };
            let __root = ::resourcery::__private::Pointer::ROOT;
            for __key in __map.keys() {
                if !(::core::matches!(
                    __key.as_str(), "name" | "weight" | "tags" | "parts"
                )) {
                    ::resourcery::__private::unknown_member(
                        __key,
                        &<Self as ::resourcery::__private::Resource>::META,
                        __out,
                    );
                }
            }
            {
                let __at = __root.key("name");
                match __map.get("name") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "name", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            String,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {
                            let __value = &__decoded;
                            ::resourcery::__private::text(
                                __value,
                                __RULES_NAME,
                                &__root.key("name"),
                                __out,
                            );
                        }
                    }
                }
            }
            {
                let __at = __root.key("weight");
                match __map.get("weight") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {}
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            f64,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {
                            let __value = &__decoded;
                            ::resourcery::__private::float(
                                ::core::primitive::f64::from(*__value),
                                __RULES_WEIGHT,
                                &__root.key("weight"),
                                __out,
                            );
                        }
                    }
                }
            }
            {
                let __at = __root.key("tags");
                match __map.get("tags") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "tags", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            Vec<String>,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {
                            let __value = &__decoded;
                            ::resourcery::__private::items(
                                __value.len(),
                                __RULES_TAGS,
                                &__root.key("tags"),
                                __out,
                            );
                            ::resourcery::__private::unique_items(
                                __value,
                                &__root.key("tags"),
                                __out,
                            );
                            let __rule: fn(
                                &<Vec<String> as ::core::ops::Deref>::Target,
                            ) -> ::core::result::Result<
                                (),
                                ::resourcery::__private::Invalid,
                            > = tags_ok;
                            ::resourcery::__private::custom(
                                __rule(__value),
                                &__root.key("tags"),
                                __out,
                            );
                        }
                    }
                }
            }
            {
                let __at = __root.key("parts");
                match __map.get("parts") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "parts", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            ::std::vec::Vec<
                                <Part as ::resourcery::__private::Checked>::Type,
                            >,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {
                            let __value = &__decoded;
                            ::resourcery::__private::FieldType::check_nested(
                                __value,
                                &__root.key("parts"),
                                __out,
                            );
                        }
                    }
                }
            }
        }
        fn statements() -> &'static ::resourcery::__private::Statements {
            static STATEMENTS: ::std::sync::OnceLock<
                ::resourcery::__private::Statements,
            > = ::std::sync::OnceLock::new();
            STATEMENTS
                .get_or_init(|| {
                    ::resourcery::__private::Statements::new(
                        &<Self as ::resourcery::__private::Resource>::META,
                    )
                })
        }
        fn sort_key(
            &self,
            __field: usize,
        ) -> ::core::option::Option<::resourcery::__private::SqlValue> {
            match __field {
                0usize => {
                    <Uuid as ::resourcery::__private::FieldType>::sort_key(&self.id)
                }
                _ => ::core::option::Option::None,
            }
        }
        fn from_row<R: ::resourcery::__private::RowAccess>(
            __row: &R,
        ) -> ::core::result::Result<Self, ::resourcery::__private::sqlx::Error> {
            ::core::result::Result::Ok(Self {
                id: ::resourcery::__private::RowAccess::column::<Uuid>(__row, 0usize)?,
                name: ::resourcery::__private::RowAccess::column::<
                    String,
                >(__row, 1usize)?,
                weight: ::resourcery::__private::RowAccess::column_opt::<
                    f64,
                >(__row, 2usize)?,
                tags: ::resourcery::__private::RowAccess::column::<
                    Vec<String>,
                >(__row, 3usize)?,
                parts: ::resourcery::__private::RowAccess::column::<
                    ::std::vec::Vec<<Part as ::resourcery::__private::Checked>::Type>,
                >(__row, 4usize)?,
            })
        }
        fn serialize_response<S: ::resourcery::__private::serde::Serializer>(
            &self,
            __serializer: S,
        ) -> ::core::result::Result<S::Ok, S::Error> {
            let mut __state = ::resourcery::__private::serde::Serializer::serialize_struct(
                __serializer,
                "Product",
                5usize,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "id",
                &self.id,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "name",
                &self.name,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "weight",
                &self.weight,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "tags",
                ::resourcery::__private::field_ref::<Vec<String>>(&self.tags),
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "parts",
                ::resourcery::__private::field_ref::<
                    ::std::vec::Vec<<Part as ::resourcery::__private::Checked>::Type>,
                >(&self.parts),
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::end(__state)
        }
    }
};
