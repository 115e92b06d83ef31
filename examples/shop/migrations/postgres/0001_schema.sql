-- The schema (postgres), written by resourcery from the declarations; review it before it is applied.

CREATE TABLE IF NOT EXISTS "accounts" (
    "id" UUID NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL CONSTRAINT "accounts_email_key" UNIQUE,
    "roles" JSONB NOT NULL,
    "store" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS "customers" (
    "id" UUID NOT NULL PRIMARY KEY,
    "store" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "referral_code" TEXT,
    "suspended" BOOLEAN NOT NULL,
    "risk_score" INTEGER,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "customers_email_key" UNIQUE ("email", "store")
);

CREATE TABLE IF NOT EXISTS "products" (
    "id" UUID NOT NULL PRIMARY KEY,
    "sku" TEXT NOT NULL CONSTRAINT "products_sku_key" UNIQUE,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "price_cents" BIGINT NOT NULL,
    "weight_kg" DOUBLE PRECISION,
    "tags" JSONB NOT NULL,
    "website" TEXT,
    "active" BOOLEAN NOT NULL,
    "attributes" JSONB,
    "available_from" DATE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS "orders" (
    "id" UUID NOT NULL PRIMARY KEY,
    "customer_id" UUID NOT NULL CONSTRAINT "orders_customer_id_fkey" REFERENCES "customers" ("id"),
    "store" TEXT NOT NULL,
    "product_id" UUID NOT NULL CONSTRAINT "orders_product_id_fkey" REFERENCES "products" ("id"),
    "quantity" INTEGER NOT NULL,
    "lines" JSONB NOT NULL,
    "shipping_address" JSONB,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS "orders_transitions" (
    "id" UUID NOT NULL PRIMARY KEY,
    "subject_id" UUID NOT NULL CONSTRAINT "orders_transitions_subject_id_fkey" REFERENCES "orders" ("id") ON DELETE CASCADE,
    "seq" BIGINT NOT NULL,
    "action" TEXT NOT NULL,
    "from_state" TEXT NOT NULL,
    "to_state" TEXT NOT NULL,
    "body" JSONB,
    "actor" TEXT,
    "at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "orders_transitions_seq_key" UNIQUE ("subject_id", "seq")
);

CREATE TABLE IF NOT EXISTS "refunds" (
    "id" UUID NOT NULL PRIMARY KEY,
    "store" TEXT NOT NULL,
    "order_id" UUID NOT NULL CONSTRAINT "refunds_order_id_fkey" REFERENCES "orders" ("id"),
    "amount_cents" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS "resourcery_refresh_tokens" (
    "token_hash" TEXT NOT NULL PRIMARY KEY,
    "family" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "grant_json" TEXT NOT NULL,
    "parent_hash" TEXT,
    "issued_at" BIGINT NOT NULL,
    "expires_at" BIGINT NOT NULL,
    "used_at" BIGINT,
    "revoked_at" BIGINT
);

CREATE INDEX IF NOT EXISTS "accounts_email_sort_idx" ON "accounts" ("email" COLLATE "C", "id");

CREATE INDEX IF NOT EXISTS "accounts_store_idx" ON "accounts" ("store");

CREATE INDEX IF NOT EXISTS "customers_store_idx" ON "customers" ("store");

CREATE INDEX IF NOT EXISTS "customers_name_sort_idx" ON "customers" ("name" COLLATE "C", "id");

CREATE INDEX IF NOT EXISTS "customers_tier_idx" ON "customers" ("tier");

CREATE INDEX IF NOT EXISTS "customers_suspended_idx" ON "customers" ("suspended");

CREATE INDEX IF NOT EXISTS "customers_created_at_sort_idx" ON "customers" ("created_at", "id");

CREATE INDEX IF NOT EXISTS "products_name_sort_idx" ON "products" ("name" COLLATE "C", "id");

CREATE INDEX IF NOT EXISTS "products_description_idx" ON "products" ("description");

CREATE INDEX IF NOT EXISTS "products_price_cents_sort_idx" ON "products" ("price_cents", "id");

CREATE INDEX IF NOT EXISTS "products_active_idx" ON "products" ("active");

CREATE INDEX IF NOT EXISTS "orders_customer_id_idx" ON "orders" ("customer_id");

CREATE INDEX IF NOT EXISTS "orders_product_id_idx" ON "orders" ("product_id");

CREATE INDEX IF NOT EXISTS "orders_store_idx" ON "orders" ("store");

CREATE INDEX IF NOT EXISTS "orders_quantity_sort_idx" ON "orders" ("quantity", "id");

CREATE INDEX IF NOT EXISTS "orders_status_idx" ON "orders" ("status");

CREATE INDEX IF NOT EXISTS "orders_note_idx" ON "orders" ("note");

CREATE INDEX IF NOT EXISTS "orders_created_at_sort_idx" ON "orders" ("created_at", "id");

CREATE INDEX IF NOT EXISTS "refunds_order_id_idx" ON "refunds" ("order_id");

CREATE INDEX IF NOT EXISTS "refunds_store_idx" ON "refunds" ("store");

CREATE INDEX IF NOT EXISTS "refunds_created_at_sort_idx" ON "refunds" ("created_at", "id");

CREATE INDEX IF NOT EXISTS "resourcery_refresh_tokens_family_idx" ON "resourcery_refresh_tokens" ("family");

CREATE INDEX IF NOT EXISTS "resourcery_refresh_tokens_subject_idx" ON "resourcery_refresh_tokens" ("subject");

-- resourcery:schema {"tables":[{"name":"accounts","columns":[{"name":"id","type":"Uuid","not_null":true,"primary_key":true},{"name":"email","type":"Text","not_null":true,"unique":true},{"name":"roles","type":"Json","not_null":true},{"name":"store","type":"Text","not_null":true},{"name":"password_hash","type":"Text","not_null":true}]},{"name":"customers","columns":[{"name":"id","type":"Uuid","not_null":true,"primary_key":true},{"name":"store","type":"Text","not_null":true},{"name":"email","type":"Text","not_null":true},{"name":"name","type":"Text","not_null":true},{"name":"tier","type":"Text","not_null":true},{"name":"referral_code","type":"Text"},{"name":"suspended","type":"Bool","not_null":true},{"name":"risk_score","type":"Int"},{"name":"created_at","type":"Timestamp","not_null":true},{"name":"updated_at","type":"Timestamp","not_null":true}],"uniques":[["customers_email_key",["email","store"]]]},{"name":"products","columns":[{"name":"id","type":"Uuid","not_null":true,"primary_key":true},{"name":"sku","type":"Text","not_null":true,"unique":true},{"name":"name","type":"Text","not_null":true},{"name":"description","type":"Text"},{"name":"price_cents","type":"BigInt","not_null":true},{"name":"weight_kg","type":"Double"},{"name":"tags","type":"Json","not_null":true},{"name":"website","type":"Text"},{"name":"active","type":"Bool","not_null":true},{"name":"attributes","type":"Json"},{"name":"available_from","type":"Date"},{"name":"created_at","type":"Timestamp","not_null":true},{"name":"updated_at","type":"Timestamp","not_null":true}]},{"name":"orders","columns":[{"name":"id","type":"Uuid","not_null":true,"primary_key":true},{"name":"customer_id","type":"Uuid","not_null":true,"references":{"table":"customers","column":"id"}},{"name":"store","type":"Text","not_null":true},{"name":"product_id","type":"Uuid","not_null":true,"references":{"table":"products","column":"id"}},{"name":"quantity","type":"Int","not_null":true},{"name":"lines","type":"Json","not_null":true},{"name":"shipping_address","type":"Json"},{"name":"status","type":"Text","not_null":true},{"name":"note","type":"Text"},{"name":"created_at","type":"Timestamp","not_null":true},{"name":"updated_at","type":"Timestamp","not_null":true}]},{"name":"orders_transitions","columns":[{"name":"id","type":"Uuid","not_null":true,"primary_key":true},{"name":"subject_id","type":"Uuid","not_null":true,"references":{"table":"orders","column":"id","cascade":true}},{"name":"seq","type":"BigInt","not_null":true},{"name":"action","type":"Text","not_null":true},{"name":"from_state","type":"Text","not_null":true},{"name":"to_state","type":"Text","not_null":true},{"name":"body","type":"Json"},{"name":"actor","type":"Text"},{"name":"at","type":"Timestamp","not_null":true}],"uniques":[["orders_transitions_seq_key",["subject_id","seq"]]]},{"name":"refunds","columns":[{"name":"id","type":"Uuid","not_null":true,"primary_key":true},{"name":"store","type":"Text","not_null":true},{"name":"order_id","type":"Uuid","not_null":true,"references":{"table":"orders","column":"id"}},{"name":"amount_cents","type":"BigInt","not_null":true},{"name":"reason","type":"Text","not_null":true},{"name":"created_at","type":"Timestamp","not_null":true}]},{"name":"resourcery_refresh_tokens","columns":[{"name":"token_hash","type":"Text","not_null":true,"primary_key":true},{"name":"family","type":"Text","not_null":true},{"name":"subject","type":"Text","not_null":true},{"name":"grant_json","type":"Text","not_null":true},{"name":"parent_hash","type":"Text"},{"name":"issued_at","type":"BigInt","not_null":true},{"name":"expires_at","type":"BigInt","not_null":true},{"name":"used_at","type":"BigInt"},{"name":"revoked_at","type":"BigInt"}]}],"indexes":[{"name":"accounts_email_sort_idx","table":"accounts","columns":["email","id"],"bytewise":true},{"name":"accounts_store_idx","table":"accounts","columns":["store"]},{"name":"customers_store_idx","table":"customers","columns":["store"]},{"name":"customers_name_sort_idx","table":"customers","columns":["name","id"],"bytewise":true},{"name":"customers_tier_idx","table":"customers","columns":["tier"]},{"name":"customers_suspended_idx","table":"customers","columns":["suspended"]},{"name":"customers_created_at_sort_idx","table":"customers","columns":["created_at","id"]},{"name":"products_name_sort_idx","table":"products","columns":["name","id"],"bytewise":true},{"name":"products_description_idx","table":"products","columns":["description"]},{"name":"products_price_cents_sort_idx","table":"products","columns":["price_cents","id"]},{"name":"products_active_idx","table":"products","columns":["active"]},{"name":"orders_customer_id_idx","table":"orders","columns":["customer_id"]},{"name":"orders_product_id_idx","table":"orders","columns":["product_id"]},{"name":"orders_store_idx","table":"orders","columns":["store"]},{"name":"orders_quantity_sort_idx","table":"orders","columns":["quantity","id"]},{"name":"orders_status_idx","table":"orders","columns":["status"]},{"name":"orders_note_idx","table":"orders","columns":["note"]},{"name":"orders_created_at_sort_idx","table":"orders","columns":["created_at","id"]},{"name":"refunds_order_id_idx","table":"refunds","columns":["order_id"]},{"name":"refunds_store_idx","table":"refunds","columns":["store"]},{"name":"refunds_created_at_sort_idx","table":"refunds","columns":["created_at","id"]},{"name":"resourcery_refresh_tokens_family_idx","table":"resourcery_refresh_tokens","columns":["family"]},{"name":"resourcery_refresh_tokens_subject_idx","table":"resourcery_refresh_tokens","columns":["subject"]}]}
