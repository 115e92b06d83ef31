pub struct Note {
    pub id: Uuid,
    pub author: String,
    pub workspace: Uuid,
    pub text: String,
}
/// Body of `POST /notes`: the fields a client may set on a new [`Note`].
#[derive(::resourcery::__private::serde::Deserialize)]
#[serde(crate = "::resourcery::__private::serde", deny_unknown_fields)]
pub struct NoteCreate {
    /// See [`Note::text`].
    #[serde(rename = "text")]
    pub text: String,
}
/// Body of `PATCH /notes/{id}`: the fields of a [`Note`] to change; absent fields keep their value.
#[derive(::resourcery::__private::serde::Deserialize)]
#[serde(crate = "::resourcery::__private::serde", deny_unknown_fields)]
pub struct NotePatch {
    /// See [`Note::text`].
    #[serde(default, rename = "text")]
    pub text: ::resourcery::Patch<String>,
}
#[doc(hidden)]
#[allow(non_upper_case_globals, dead_code)]
const __resourcery_path_snotes_is_declared_twice: () = ();
#[doc(hidden)]
const _: () = {
    #[automatically_derived]
    impl ::resourcery::ReplyBody for Note {
        fn reply_schema() -> ::resourcery::__private::utoipa::openapi::RefOr<
            ::resourcery::__private::utoipa::openapi::schema::Schema,
        > {
            ::resourcery::__private::resource_schema::<Self>()
        }
        fn serialize_reply<S: ::resourcery::__private::serde::Serializer>(
            &self,
            __serializer: S,
        ) -> ::core::result::Result<S::Ok, S::Error> {
            <Self as ::resourcery::Resource>::serialize_response(self, __serializer)
        }
        fn location(&self) -> ::core::option::Option<::std::string::String> {
            ::core::option::Option::Some(
                ::resourcery::__private::resource_location(self),
            )
        }
    }
    #[automatically_derived]
    impl ::resourcery::Resource for Note {
        type Create = NoteCreate;
        type Patch = NotePatch;
        const META: ::resourcery::ResourceMeta = ::resourcery::ResourceMeta {
            name: "Note",
            path: "/notes",
            table: "notes",
            tag: "notes",
            plural: "Notes",
            doc: "",
            operations: ::resourcery::Operations::none()
                .with(::resourcery::Operations::CREATE)
                .with(::resourcery::Operations::GET)
                .with(::resourcery::Operations::LIST)
                .with(::resourcery::Operations::UPDATE)
                .with(::resourcery::Operations::DELETE),
            fields: &[
                ::resourcery::FieldMeta {
                    name: "id",
                    column: "id",
                    doc: "",
                    access: ::resourcery::Access::Id,
                    auto: ::resourcery::Auto::None,
                    nullable: false,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <Uuid as ::resourcery::FieldType>::SQL_TYPE,
                    values: <Uuid as ::resourcery::FieldType>::VALUES,
                    schema: <Uuid as ::resourcery::FieldType>::schema,
                    rules: &[],
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::FieldMeta {
                    name: "author",
                    column: "author",
                    doc: "",
                    access: ::resourcery::Access::ReadOnly,
                    auto: ::resourcery::Auto::None,
                    nullable: false,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <String as ::resourcery::FieldType>::SQL_TYPE,
                    values: <String as ::resourcery::FieldType>::VALUES,
                    schema: <String as ::resourcery::FieldType>::schema,
                    rules: &[],
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::FieldMeta {
                    name: "workspace",
                    column: "workspace",
                    doc: "",
                    access: ::resourcery::Access::ReadOnly,
                    auto: ::resourcery::Auto::None,
                    nullable: false,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <Uuid as ::resourcery::FieldType>::SQL_TYPE,
                    values: <Uuid as ::resourcery::FieldType>::VALUES,
                    schema: <Uuid as ::resourcery::FieldType>::schema,
                    rules: &[],
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
                ::resourcery::FieldMeta {
                    name: "text",
                    column: "text",
                    doc: "",
                    access: ::resourcery::Access::ReadWrite,
                    auto: ::resourcery::Auto::None,
                    nullable: false,
                    unique: false,
                    default: ::core::option::Option::None,
                    sql_type: <String as ::resourcery::FieldType>::SQL_TYPE,
                    values: <String as ::resourcery::FieldType>::VALUES,
                    schema: <String as ::resourcery::FieldType>::schema,
                    rules: &[],
                    filterable: false,
                    sortable: false,
                    references: ::core::option::Option::None,
                    state: ::core::option::Option::None,
                },
            ],
            list: ::resourcery::ListOptions {
                default_limit: 20usize,
                max_limit: 100usize,
                default_sort: "",
                max_offset: ::core::option::Option::None,
            },
            row_rules: &[],
            history: false,
            access: ::resourcery::AccessRules {
                create: ::resourcery::Allow::Roles(&["writer"]),
                get: ::resourcery::Allow::Authenticated,
                list: ::resourcery::Allow::Authenticated,
                update: ::resourcery::Allow::Authenticated,
                delete: ::resourcery::Allow::Roles(&["admin"]),
                any_owner: &["editor"],
            },
            owner: ::core::option::Option::Some("author"),
            tenant: ::core::option::Option::Some("workspace"),
        };
        fn assign_scope(
            &mut self,
            __owner: ::core::option::Option<&::resourcery::__private::ScopeValue>,
            __tenant: ::core::option::Option<&::resourcery::__private::ScopeValue>,
        ) {
            let _ = (&__owner, &__tenant);
            if let ::core::option::Option::Some(__v) = __owner {
                self.author = <String as ::resourcery::__private::ScopeKey>::from_scope(
                    __v,
                );
            }
            if let ::core::option::Option::Some(__v) = __tenant {
                self.workspace = <Uuid as ::resourcery::__private::ScopeKey>::from_scope(
                    __v,
                );
            }
        }
        #[allow(unused_variables)]
        fn from_create(
            __input: NoteCreate,
            __now: ::resourcery::DateTime<::resourcery::Utc>,
            __out: &mut ::resourcery::Violations,
        ) -> Self {
            let __root = ::resourcery::Pointer::ROOT;
            let __id = ::resourcery::__private::uuid::Uuid::now_v7();
            let __author = <String as ::core::default::Default>::default();
            let __workspace = <Uuid as ::core::default::Default>::default();
            let __text = __input.text;
            Self {
                id: __id,
                author: __author,
                workspace: __workspace,
                text: __text,
            }
        }
        fn id(&self) -> ::resourcery::Uuid {
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
            ::resourcery::__private::Args::push::<String>(__args, &self.author)?;
            ::resourcery::__private::Args::push::<Uuid>(__args, &self.workspace)?;
            ::resourcery::__private::Args::push::<String>(__args, &self.text)?;
            ::core::result::Result::Ok(())
        }
        #[allow(unused_variables)]
        fn bind_patch<'q, A: ::resourcery::__private::Args<'q>>(
            __patch: &'q NotePatch,
            __now: &'q ::resourcery::DateTime<::resourcery::Utc>,
            __args: &mut A,
        ) -> ::core::result::Result<
            (),
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            ::resourcery::__private::Args::push_opt(
                __args,
                ::resourcery::Patch::value(&__patch.text),
            )?;
            ::core::result::Result::Ok(())
        }
        #[allow(unused_variables)]
        fn check_patch(__patch: &NotePatch, __out: &mut ::resourcery::Violations) {
            let __root = ::resourcery::Pointer::ROOT;
            if let ::resourcery::Patch::Null = __patch.text {
                __out
                    .push(
                        ::resourcery::Violation::new(
                            "/text",
                            "not_null",
                            "`text` cannot be null",
                        ),
                    );
            }
        }
        #[allow(unused_variables)]
        fn swap_patch(&mut self, __patch: &mut NotePatch) {
            __patch.text.swap_with(&mut self.text);
        }
        fn bind_replace<'q, A: ::resourcery::__private::Args<'q>>(
            &'q self,
            __now: &'q ::resourcery::DateTime<::resourcery::Utc>,
            __args: &mut A,
        ) -> ::core::result::Result<
            (),
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            ::resourcery::__private::Args::push::<String>(__args, &self.text)?;
            ::resourcery::__private::Args::push(__args, &self.id)?;
            ::core::result::Result::Ok(())
        }
        #[allow(unused_variables)]
        fn diagnose_create(
            __body: &::resourcery::__private::serde_json::Value,
            __out: &mut ::resourcery::Violations,
        ) {
            let ::core::option::Option::Some(__map) = __body.as_object() else {
                return;
            };
            let __root = ::resourcery::Pointer::ROOT;
            for __key in __map.keys() {
                if !(::core::matches!(__key.as_str(), "text")) {
                    ::resourcery::__private::unknown_member(
                        __key,
                        &<Self as ::resourcery::Resource>::META,
                        __out,
                    );
                }
            }
            {
                let __at = __root.key("text");
                match __map.get("text") {
                    ::core::option::Option::None => {
                        ::resourcery::__private::missing_member(&__at, "text", __out);
                    }
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "text", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            String,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::Resource>::META,
                            __out,
                        ) {}
                    }
                }
            }
        }
        #[allow(unused_variables)]
        fn diagnose_patch(
            __body: &::resourcery::__private::serde_json::Value,
            __out: &mut ::resourcery::Violations,
        ) {
            let ::core::option::Option::Some(__map) = __body.as_object() else {
                return;
            };
            let __root = ::resourcery::Pointer::ROOT;
            for __key in __map.keys() {
                if !(::core::matches!(__key.as_str(), "text")) {
                    ::resourcery::__private::unknown_member(
                        __key,
                        &<Self as ::resourcery::Resource>::META,
                        __out,
                    );
                }
            }
            {
                let __at = __root.key("text");
                match __map.get("text") {
                    ::core::option::Option::None => {}
                    ::core::option::Option::Some(
                        ::resourcery::__private::serde_json::Value::Null,
                    ) => {
                        ::resourcery::__private::null_member(&__at, "text", __out);
                    }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) = ::resourcery::__private::decode_member::<
                            String,
                        >(
                            __member,
                            &__at,
                            &<Self as ::resourcery::Resource>::META,
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
                        &<Self as ::resourcery::Resource>::META,
                    )
                })
        }
        fn sort_key(
            &self,
            __field: usize,
        ) -> ::core::option::Option<::resourcery::__private::SqlValue> {
            match __field {
                0usize => <Uuid as ::resourcery::FieldType>::sort_key(&self.id),
                _ => ::core::option::Option::None,
            }
        }
        fn from_row<R: ::resourcery::__private::RowAccess>(
            __row: &R,
        ) -> ::core::result::Result<Self, ::resourcery::__private::sqlx::Error> {
            ::core::result::Result::Ok(Self {
                id: ::resourcery::__private::RowAccess::column::<Uuid>(__row, 0usize)?,
                author: ::resourcery::__private::RowAccess::column::<
                    String,
                >(__row, 1usize)?,
                workspace: ::resourcery::__private::RowAccess::column::<
                    Uuid,
                >(__row, 2usize)?,
                text: ::resourcery::__private::RowAccess::column::<
                    String,
                >(__row, 3usize)?,
            })
        }
        fn serialize_response<S: ::resourcery::__private::serde::Serializer>(
            &self,
            __serializer: S,
        ) -> ::core::result::Result<S::Ok, S::Error> {
            let mut __state = ::resourcery::__private::serde::Serializer::serialize_struct(
                __serializer,
                "Note",
                4usize,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "id",
                &self.id,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "author",
                &self.author,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "workspace",
                &self.workspace,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::serialize_field(
                &mut __state,
                "text",
                &self.text,
            )?;
            ::resourcery::__private::serde::ser::SerializeStruct::end(__state)
        }
    }
};
