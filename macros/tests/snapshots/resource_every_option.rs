/// An order.
pub struct Order {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub quantity: i32,
    pub note: Option<String>,
    pub secret: String,
    pub internal: Option<String>,
    pub code: String,
    pub created_at: DateTime<Utc>,
    pub changed: DateTime<Utc>,
}
/// Body of `POST /orders`: the fields a client may set on a new [`Order`].
#[derive(::resourcery::__private::serde::Deserialize)]
#[serde(crate = "::resourcery::__private::serde", deny_unknown_fields)]
pub struct OrderCreate {
    /// See [`Order::customer_id`].
    #[serde(rename = "customer_id")]
    pub customer_id: Uuid,
    /// See [`Order::quantity`].
    #[serde(default, rename = "quantity")]
    pub quantity: ::resourcery::__private::Patch<i32>,
    /// See [`Order::note`].
    #[serde(default, rename = "noteText")]
    pub note: ::core::option::Option<String>,
    /// See [`Order::secret`].
    #[serde(rename = "secret")]
    pub secret: String,
    /// See [`Order::code`].
    #[serde(rename = "code")]
    pub code: String,
}
/// Body of `PATCH /orders/{id}`: the fields of a [`Order`] to change; absent fields keep their value.
#[derive(::resourcery::__private::serde::Deserialize)]
#[serde(crate = "::resourcery::__private::serde", deny_unknown_fields)]
pub struct OrderPatch {
    /// See [`Order::customer_id`].
    #[serde(default, rename = "customer_id")]
    pub customer_id: ::resourcery::__private::Patch<Uuid>,
    /// See [`Order::quantity`].
    #[serde(default, rename = "quantity")]
    pub quantity: ::resourcery::__private::Patch<i32>,
    /// See [`Order::note`].
    #[serde(default, rename = "noteText")]
    pub note: ::resourcery::__private::Patch<String>,
    /// See [`Order::secret`].
    #[serde(default, rename = "secret")]
    pub secret: ::resourcery::__private::Patch<String>,
    /// See [`Order::code`].
    #[serde(default, rename = "code")]
    pub code: ::resourcery::__private::Patch<String>,
}
#[doc(hidden)]
#[allow(non_upper_case_globals, dead_code)]
const __resourcery_path_sorders_is_declared_twice: () = ();
#[doc(hidden)]
const _: () = {
    #[automatically_derived]
    impl ::resourcery::__private::ReplyBody for Order {
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
    impl ::resourcery::__private::Resource for Order {
        type Create = OrderCreate;
        type Patch = OrderPatch;
        const META: ::resourcery::__private::ResourceMeta = ::resourcery::__private::ResourceMeta {
            name: "Order",
            path: "/orders",
            table: "orders",
            tag: "shop",
            plural: "Orders",
            operation_ids: [
                "createOrder",
                "getOrder",
                "listOrders",
                "updateOrder",
                "deleteOrder",
            ],
            doc: "An order.",
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
                    name: "customer_id",
                    column: "customer_id",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadWrite,
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
                    references: ::core::option::Option::Some(|| {
                        &<Customer as ::resourcery::__private::Resource>::META
                    }),
                    state: ::core::option::Option::None,
                },
                ::resourcery::__private::FieldMeta {
                    name: "quantity",
                    column: "quantity",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadWrite,
                    auto: ::resourcery::__private::Auto::None,
                    nullable: false,
                    unique: false,
                    default: ::core::option::Option::Some(|| ::resourcery::__private::to_json_value::<
                        i32,
                    >({
                        let __value: i32 = 1;
                        __value
                    })),
                    sql_type: <i32 as ::resourcery::__private::FieldType>::SQL_TYPE,
                    values: <i32 as ::resourcery::__private::FieldType>::VALUES,
                    schema: <i32 as ::resourcery::__private::FieldType>::schema,
                    rules: &[],
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::__private::FieldMeta {
                    name: "noteText",
                    column: "note_text",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadWrite,
                    auto: ::resourcery::__private::Auto::None,
                    nullable: true,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <String as ::resourcery::__private::FieldType>::SQL_TYPE,
                    values: <String as ::resourcery::__private::FieldType>::VALUES,
                    schema: <String as ::resourcery::__private::FieldType>::schema,
                    rules: &[],
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::__private::FieldMeta {
                    name: "secret",
                    column: "secret",
                    doc: "",
                    access: ::resourcery::__private::Access::WriteOnly,
                    auto: ::resourcery::__private::Auto::None,
                    nullable: false,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <String as ::resourcery::__private::FieldType>::SQL_TYPE,
                    values: <String as ::resourcery::__private::FieldType>::VALUES,
                    schema: <String as ::resourcery::__private::FieldType>::schema,
                    rules: &[],
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::__private::FieldMeta {
                    name: "internal",
                    column: "internal",
                    doc: "",
                    access: ::resourcery::__private::Access::Hidden,
                    auto: ::resourcery::__private::Auto::None,
                    nullable: true,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <String as ::resourcery::__private::FieldType>::SQL_TYPE,
                    values: <String as ::resourcery::__private::FieldType>::VALUES,
                    schema: <String as ::resourcery::__private::FieldType>::schema,
                    rules: &[],
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::__private::FieldMeta {
                    name: "code",
                    column: "code",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadWrite,
                    auto: ::resourcery::__private::Auto::None,
                    nullable: false,
                    unique: true,
                    default: ::core::option::Option::None,
                    sql_type: <String as ::resourcery::__private::FieldType>::SQL_TYPE,
                    values: <String as ::resourcery::__private::FieldType>::VALUES,
                    schema: <String as ::resourcery::__private::FieldType>::schema,
                    rules: &[],
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::__private::FieldMeta {
                    name: "created_at",
                    column: "created_at",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadOnly,
                    auto: ::resourcery::__private::Auto::CreatedAt,
                    nullable: false,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <DateTime<
                        Utc,
                    > as ::resourcery::__private::FieldType>::SQL_TYPE,
                    values: <DateTime<
                        Utc,
                    > as ::resourcery::__private::FieldType>::VALUES,
                    schema: <DateTime<
                        Utc,
                    > as ::resourcery::__private::FieldType>::schema,
                    rules: &[],
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::__private::FieldMeta {
                    name: "changed",
                    column: "changed",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadOnly,
                    auto: ::resourcery::__private::Auto::UpdatedAt,
                    nullable: false,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <DateTime<
                        Utc,
                    > as ::resourcery::__private::FieldType>::SQL_TYPE,
                    values: <DateTime<
                        Utc,
                    > as ::resourcery::__private::FieldType>::VALUES,
                    schema: <DateTime<
                        Utc,
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
            row_rules: &[],
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
        fn reference_ids(
            &self,
        ) -> ::std::vec::Vec<(&'static str, ::resourcery::__private::Uuid)> {
            let mut __out = ::std::vec::Vec::new();
            __out.push(("customer_id", self.customer_id));
            __out
        }
        fn patch_reference_ids(
            __patch: &Self::Patch,
        ) -> ::std::vec::Vec<(&'static str, ::resourcery::__private::Uuid)> {
            let mut __out = ::std::vec::Vec::new();
            if let ::resourcery::__private::Patch::Value(__v) = &__patch.customer_id {
                __out.push(("customer_id", *__v));
            }
            __out
        }
        #[allow(unused_variables)]
        fn from_create(
            __input: OrderCreate,
            __now: ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __out: &mut ::resourcery::__private::Violations,
        ) -> Self {
            let __root = ::resourcery::__private::Pointer::ROOT;
            let __id = ::resourcery::__private::uuid::Uuid::now_v7();
            let __customer_id = __input.customer_id;
            let __quantity = match __input.quantity {
                ::resourcery::__private::Patch::Value(__v) => __v,
                ::resourcery::__private::Patch::Absent => {
                    let __value: i32 = 1;
                    __value
                }
                ::resourcery::__private::Patch::Null => {
                    __out
                        .push(
                            ::resourcery::__private::Violation::new(
                                "/quantity",
                                "not_null",
                                "`quantity` cannot be null; leave it out to use its default",
                            ),
                        );
                    {
                        let __value: i32 = 1;
                        __value
                    }
                }
            };
            let __note = __input.note;
            let __secret = __input.secret;
            let __internal = ::core::option::Option::None;
            let __code = __input.code;
            let __created_at = __now;
            let __changed = __now;
            Self {
                id: __id,
                customer_id: __customer_id,
                quantity: __quantity,
                note: __note,
                secret: __secret,
                internal: __internal,
                code: __code,
                created_at: __created_at,
                changed: __changed,
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
            ::resourcery::__private::Args::push::<Uuid>(__args, &self.customer_id)?;
            ::resourcery::__private::Args::push::<i32>(__args, &self.quantity)?;
            ::resourcery::__private::Args::push_opt::<
                String,
            >(__args, ::core::option::Option::as_ref(&self.note))?;
            ::resourcery::__private::Args::push::<String>(__args, &self.secret)?;
            ::resourcery::__private::Args::push_opt::<
                String,
            >(__args, ::core::option::Option::as_ref(&self.internal))?;
            ::resourcery::__private::Args::push::<String>(__args, &self.code)?;
            ::resourcery::__private::Args::push::<
                DateTime<Utc>,
            >(__args, &self.created_at)?;
            ::resourcery::__private::Args::push::<DateTime<Utc>>(__args, &self.changed)?;
            ::core::result::Result::Ok(())
        }
        #[allow(unused_variables)]
        fn bind_patch<'q, A: ::resourcery::__private::Args<'q>>(
            __patch: &'q OrderPatch,
            __now: &'q ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __args: &mut A,
        ) -> ::core::result::Result<
            (),
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            ::resourcery::__private::Args::push_opt(
                __args,
                ::resourcery::__private::Patch::value(&__patch.customer_id),
            )?;
            ::resourcery::__private::Args::push_opt(
                __args,
                ::resourcery::__private::Patch::value(&__patch.quantity),
            )?;
            ::resourcery::__private::Args::push_flag(
                __args,
                ::resourcery::__private::Patch::is_present(&__patch.note),
            )?;
            ::resourcery::__private::Args::push_opt(
                __args,
                ::resourcery::__private::Patch::value(&__patch.note),
            )?;
            ::resourcery::__private::Args::push_opt(
                __args,
                ::resourcery::__private::Patch::value(&__patch.secret),
            )?;
            ::resourcery::__private::Args::push_opt(
                __args,
                ::resourcery::__private::Patch::value(&__patch.code),
            )?;
            ::resourcery::__private::Args::push(__args, __now)?;
            ::core::result::Result::Ok(())
        }
        #[allow(unused_variables)]
        fn check_patch(
            __patch: &OrderPatch,
            __out: &mut ::resourcery::__private::Violations,
        ) {
            let __root = ::resourcery::__private::Pointer::ROOT;
            if let ::resourcery::__private::Patch::Null = __patch.customer_id {
                __out
                    .push(
                        ::resourcery::__private::Violation::new(
                            "/customer_id",
                            "not_null",
                            "`customer_id` cannot be null",
                        ),
                    );
            }
            if let ::resourcery::__private::Patch::Null = __patch.quantity {
                __out
                    .push(
                        ::resourcery::__private::Violation::new(
                            "/quantity",
                            "not_null",
                            "`quantity` cannot be null",
                        ),
                    );
            }
            if let ::resourcery::__private::Patch::Null = __patch.secret {
                __out
                    .push(
                        ::resourcery::__private::Violation::new(
                            "/secret",
                            "not_null",
                            "`secret` cannot be null",
                        ),
                    );
            }
            if let ::resourcery::__private::Patch::Null = __patch.code {
                __out
                    .push(
                        ::resourcery::__private::Violation::new(
                            "/code",
                            "not_null",
                            "`code` cannot be null",
                        ),
                    );
            }
        }
        #[allow(unused_variables)]
        fn swap_patch(&mut self, __patch: &mut OrderPatch) {
            __patch.customer_id.swap_with(&mut self.customer_id);
            __patch.quantity.swap_with(&mut self.quantity);
            __patch.note.swap_with_nullable(&mut self.note);
            __patch.secret.swap_with(&mut self.secret);
            __patch.code.swap_with(&mut self.code);
        }
        fn bind_replace<'q, A: ::resourcery::__private::Args<'q>>(
            &'q self,
            __now: &'q ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __args: &mut A,
        ) -> ::core::result::Result<
            (),
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            ::resourcery::__private::Args::push::<Uuid>(__args, &self.customer_id)?;
            ::resourcery::__private::Args::push::<i32>(__args, &self.quantity)?;
            ::resourcery::__private::Args::push_opt::<
                String,
            >(__args, ::core::option::Option::as_ref(&self.note))?;
            ::resourcery::__private::Args::push::<String>(__args, &self.secret)?;
            ::resourcery::__private::Args::push::<String>(__args, &self.code)?;
            ::resourcery::__private::Args::push(__args, __now)?;
            ::resourcery::__private::Args::push(__args, &self.id)?;
            ::core::result::Result::Ok(())
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
                    __key.as_str(), "customer_id" | "quantity" | "noteText" | "secret" |
                    "code"
                )) {
                    ::resourcery::__private::unknown_member(
                        __key,
                        &<Self as ::resourcery::__private::Resource>::META,
                        __out,
                    );
                }
            }
            {
                let __at = __root.key("customer_id");
                match __map.get("customer_id") {
                    ::core::option::Option::None => {
                        ::resourcery::__private::missing_member(
                            &__at,
                            "customer_id",
                            __out,
                        );
                    }
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(
                            &__at,
                            "customer_id",
                            __out,
                        );
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            Uuid,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {}
                    }
                }
            }
            {
                let __at = __root.key("quantity");
                match __map.get("quantity") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "quantity", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            i32,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {}
                    }
                }
            }
            {
                let __at = __root.key("noteText");
                match __map.get("noteText") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {}
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            String,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {}
                    }
                }
            }
            {
                let __at = __root.key("secret");
                match __map.get("secret") {
                    ::core::option::Option::None => {
                        ::resourcery::__private::missing_member(&__at, "secret", __out);
                    }
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "secret", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            String,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {}
                    }
                }
            }
            {
                let __at = __root.key("code");
                match __map.get("code") {
                    ::core::option::Option::None => {
                        ::resourcery::__private::missing_member(&__at, "code", __out);
                    }
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "code", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            String,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {}
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
                    __key.as_str(), "customer_id" | "quantity" | "noteText" | "secret" |
                    "code"
                )) {
                    ::resourcery::__private::unknown_member(
                        __key,
                        &<Self as ::resourcery::__private::Resource>::META,
                        __out,
                    );
                }
            }
            {
                let __at = __root.key("customer_id");
                match __map.get("customer_id") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(
                            &__at,
                            "customer_id",
                            __out,
                        );
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            Uuid,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {}
                    }
                }
            }
            {
                let __at = __root.key("quantity");
                match __map.get("quantity") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "quantity", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            i32,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {}
                    }
                }
            }
            {
                let __at = __root.key("noteText");
                match __map.get("noteText") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {}
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            String,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {}
                    }
                }
            }
            {
                let __at = __root.key("secret");
                match __map.get("secret") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "secret", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            String,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {}
                    }
                }
            }
            {
                let __at = __root.key("code");
                match __map.get("code") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "code", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            String,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::__private::Resource>::META,
                            __out,
                        ) {}
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
                customer_id: ::resourcery::__private::RowAccess::column::<
                    Uuid,
                >(__row, 1usize)?,
                quantity: ::resourcery::__private::RowAccess::column::<
                    i32,
                >(__row, 2usize)?,
                note: ::resourcery::__private::RowAccess::column_opt::<
                    String,
                >(__row, 3usize)?,
                secret: ::resourcery::__private::RowAccess::column::<
                    String,
                >(__row, 4usize)?,
                internal: ::resourcery::__private::RowAccess::column_opt::<
                    String,
                >(__row, 5usize)?,
                code: ::resourcery::__private::RowAccess::column::<
                    String,
                >(__row, 6usize)?,
                created_at: ::resourcery::__private::RowAccess::column::<
                    DateTime<Utc>,
                >(__row, 7usize)?,
                changed: ::resourcery::__private::RowAccess::column::<
                    DateTime<Utc>,
                >(__row, 8usize)?,
            })
        }
        fn serialize_response<S: ::resourcery::__private::serde::Serializer>(
            &self,
            __serializer: S,
        ) -> ::core::result::Result<S::Ok, S::Error> {
            let mut __state = ::resourcery::__private::serde::Serializer::serialize_struct(
                __serializer,
                "Order",
                7usize,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "id",
                &self.id,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "customer_id",
                &self.customer_id,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "quantity",
                &self.quantity,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "noteText",
                &self.note,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "code",
                &self.code,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "created_at",
                &::resourcery::__private::Rfc3339(&self.created_at),
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "changed",
                &::resourcery::__private::Rfc3339(&self.changed),
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::end(__state)
        }
    }
};
