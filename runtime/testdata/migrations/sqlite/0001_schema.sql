-- A migration for the documentation examples.
CREATE TABLE IF NOT EXISTS "notes" ("id" BLOB NOT NULL PRIMARY KEY);
