-- A migration for the documentation examples.
CREATE TABLE IF NOT EXISTS "notes" ("id" UUID NOT NULL PRIMARY KEY);
