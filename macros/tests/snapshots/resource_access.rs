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
    pub text: ::resourcery::__private::Patch<String>,
}
#[doc(hidden)]
#[allow(non_upper_case_globals, dead_code)]
const __resourcery_path_snotes_is_declared_twice: () = ();
#[doc(hidden)]
const _: () = {
    #[automatically_derived]
    impl ::resourcery::__private::ReplyBody for Note {
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
    impl ::resourcery::__private::Resource for Note {
        type Create = NoteCreate;
        type Patch = NotePatch;
        const META: ::resourcery::__private::ResourceMeta = ::resourcery::__private::ResourceMeta {
            name: "Note",
            path: "/notes",
            table: "notes",
            tag: "notes",
            plural: "Notes",
            operation_ids: [
                "createNote",
                "getNote",
                "listNotes",
                "updateNote",
                "deleteNote",
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
                    name: "author",
                    column: "author",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadOnly,
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
                    name: "workspace",
                    column: "workspace",
                    doc: "",
                    access: ::resourcery::__private::Access::ReadOnly,
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
                    name: "text",
                    column: "text",
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
                create: ::resourcery::__private::Allow::Roles(&["writer"]),
                get: ::resourcery::__private::Allow::Authenticated,
                list: ::resourcery::__private::Allow::Authenticated,
                update: ::resourcery::__private::Allow::Authenticated,
                delete: ::resourcery::__private::Allow::Roles(&["admin"]),
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
            __now: ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __out: &mut ::resourcery::__private::Violations,
        ) -> Self {
            let __root = ::resourcery::__private::Pointer::ROOT;
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
            ::resourcery::__private::Args::push::<String>(__args, &self.author)?;
            ::resourcery::__private::Args::push::<Uuid>(__args, &self.workspace)?;
            ::resourcery::__private::Args::push::<String>(__args, &self.text)?;
            ::core::result::Result::Ok(())
        }
        #[allow(unused_variables)]
        fn bind_patch<'q, A: ::resourcery::__private::Args<'q>>(
            __patch: &'q NotePatch,
            __now: &'q ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __args: &mut A,
        ) -> ::core::result::Result<
            (),
            ::resourcery::__private::sqlx::error::BoxDynError,
        > {
            ::resourcery::__private::Args::push_opt(
                __args,
                ::resourcery::__private::Patch::value(&__patch.text),
            )?;
            ::core::result::Result::Ok(())
        }
        #[allow(unused_variables)]
        fn check_patch(
            __patch: &NotePatch,
            __out: &mut ::resourcery::__private::Violations,
        ) {
            let __root = ::resourcery::__private::Pointer::ROOT;
            if let ::resourcery::__private::Patch::Null = __patch.text {
                __out
                    .push(
                        ::resourcery::__private::Violation::new(
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
            __now: &'q ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
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
            __out: &mut ::resourcery::__private::Violations,
        ) {
            let ::core::option::Option::Some(__map) = __body.as_object() else {
                return;
            };
            let __root = ::resourcery::__private::Pointer::ROOT;
            for __key in __map.keys() {
                if !(::core::matches!(__key.as_str(), "text")) {
                    ::resourcery::__private::unknown_member(
                        __key,
                        &<Self as ::resourcery::__private::Resource>::META,
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
                if !(::core::matches!(__key.as_str(), "text")) {
                    ::resourcery::__private::unknown_member(
                        __key,
                        &<Self as ::resourcery::__private::Resource>::META,
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
