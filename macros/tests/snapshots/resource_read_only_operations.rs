pub struct Tag {
    pub id: Uuid,
    pub label: String,
}
/// Body of `POST /tags`: the fields a client may set on a new [`Tag`].
#[derive(::resourcery::__private::serde::Deserialize)]
#[serde(crate = "::resourcery::__private::serde", deny_unknown_fields)]
pub struct TagCreate {
    /// See [`Tag::label`].
    #[serde(rename = "label")]
    pub label: String,
}
/// Body of `PATCH /tags/{id}`: the fields of a [`Tag`] to change; absent fields keep their value.
#[derive(::resourcery::__private::serde::Deserialize)]
#[serde(crate = "::resourcery::__private::serde", deny_unknown_fields)]
pub struct TagPatch {
    /// See [`Tag::label`].
    #[serde(default, rename = "label")]
    pub label: ::resourcery::__private::Patch<String>,
}
#[doc(hidden)]
#[allow(non_upper_case_globals, dead_code)]
const __resourcery_path_stags_is_declared_twice: () = ();
#[doc(hidden)]
const _: () = {
    #[automatically_derived]
    impl ::resourcery::__private::ReplyBody for Tag {
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
    impl ::resourcery::__private::Resource for Tag {
        type Create = TagCreate;
        type Patch = TagPatch;
        const META: ::resourcery::__private::ResourceMeta = ::resourcery::__private::ResourceMeta {
            name: "Tag",
            path: "/tags",
            table: "tags",
            tag: "tags",
            plural: "Tags",
            operation_ids: ["createTag", "getTag", "listTags", "updateTag", "deleteTag"],
            doc: "",
            declared: ::core::concat!(::core::file!(), ":", ::core::line!()),
            operations: ::resourcery::__private::Operations::none()
                .with(::resourcery::__private::Operations::GET)
                .with(::resourcery::__private::Operations::LIST),
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
                    name: "label",
                    column: "label",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadWrite,
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
        fn from_create(
            _: TagCreate,
            _: ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            _: &mut ::resourcery::__private::Violations,
        ) -> Self {
            ::core::unreachable!("`create` is not an operation of this resource")
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
            ::resourcery::__private::Args::push::<String>(__args, &self.label)?;
            ::core::result::Result::Ok(())
        }
        #[allow(unused_variables)]
        fn bind_patch<'q, A: ::resourcery::__private::Args<'q>>(
            __patch: &'q TagPatch,
            __now: &'q ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __args: &mut A,
        ) -> ::core::result::Result<
            (),
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            ::resourcery::__private::Args::push_opt(
                __args,
                ::resourcery::__private::Patch::value(&__patch.label),
            )?;
            ::core::result::Result::Ok(())
        }
        #[allow(unused_variables)]
        fn check_patch(
            __patch: &TagPatch,
            __out: &mut ::resourcery::__private::Violations,
        ) {
            let __root = ::resourcery::__private::Pointer::ROOT;
            if let ::resourcery::__private::Patch::Null = __patch.label {
                __out
                    .push(
                        ::resourcery::__private::Violation::new(
                            "/label",
                            "not_null",
                            "`label` cannot be null",
                        ),
                    );
            }
        }
        #[allow(unused_variables)]
        fn swap_patch(&mut self, __patch: &mut TagPatch) {
            __patch.label.swap_with(&mut self.label);
        }
        fn bind_replace<'q, A: ::resourcery::__private::Args<'q>>(
            &'q self,
            __now: &'q ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __args: &mut A,
        ) -> ::core::result::Result<
            (),
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            ::resourcery::__private::Args::push::<String>(__args, &self.label)?;
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
                if !(::core::matches!(__key.as_str(), "label")) {
                    ::resourcery::__private::unknown_member(
                        __key,
                        &<Self as ::resourcery::__private::Resource>::META,
                        __out,
                    );
                }
            }
            {
                let __at = __root.key("label");
                match __map.get("label") {
                    ::core::option::Option::None => {
                        ::resourcery::__private::missing_member(&__at, "label", __out);
                    }
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "label", __out);
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
                if !(::core::matches!(__key.as_str(), "label")) {
                    ::resourcery::__private::unknown_member(
                        __key,
                        &<Self as ::resourcery::__private::Resource>::META,
                        __out,
                    );
                }
            }
            {
                let __at = __root.key("label");
                match __map.get("label") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "label", __out);
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
                label: ::resourcery::__private::RowAccess::column::<
                    String,
                >(__row, 1usize)?,
            })
        }
        fn serialize_response<S: ::resourcery::__private::serde::Serializer>(
            &self,
            __serializer: S,
        ) -> ::core::result::Result<S::Ok, S::Error> {
            let mut __state = ::resourcery::__private::serde::Serializer::serialize_struct(
                __serializer,
                "Tag",
                2usize,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "id",
                &self.id,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "label",
                &self.label,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::end(__state)
        }
    }
};
