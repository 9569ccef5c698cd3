-- IrlExec PostgreSQL schema, version 1: histories, executions, run labels, leases.
-- {schema} is replaced by the configured schema name (default irlexec). Applied once, in one transaction, by
-- SchemaMigrator; the row it adds to schema_version records that.

-- Every execution the store knows: who it is and where it stands. Kept current by the appends that create an
-- execution or change its status (step records do not touch it); the history stays the record.
CREATE TABLE {schema}.executions (
    execution_id  text        PRIMARY KEY,
    workflow      text        NOT NULL,
    run_label     text        NOT NULL DEFAULT '',
    status        text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX executions_status ON {schema}.executions (status, updated_at);

-- The history: one row per record, in the file history's line format (HistoryCodec: the JSON object ending with its
-- CRC-32 member, and the newline), numbered from 1 without gaps. Rows are only ever inserted.
CREATE TABLE {schema}.history (
    execution_id  text   NOT NULL,
    sequence      bigint NOT NULL,
    record        bytea  NOT NULL,
    PRIMARY KEY (execution_id, sequence)
);

-- Run labels <workflow>-<yyyy-MM-dd>-<NNN>: the last number handed out per workflow and day.
CREATE TABLE {schema}.run_labels (
    workflow      text    NOT NULL,
    day           date    NOT NULL,
    last_number   integer NOT NULL,
    PRIMARY KEY (workflow, day)
);

-- Leases: who runs an execution now. A lease is valid while expires_at (the database's clock) is in the future; its
-- holder renews it by heartbeat. Every taking of a lease draws a new epoch from lease_epochs, and every append names
-- the epoch it runs under: an append whose epoch is not the execution's current, unexpired lease is refused.
CREATE SEQUENCE {schema}.lease_epochs;
CREATE TABLE {schema}.leases (
    execution_id  text        PRIMARY KEY,
    epoch         bigint      NOT NULL,
    owner         text        NOT NULL,
    acquired_at   timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);

-- Appends refused because the lease they ran under had expired or been taken over (a zombie's late commit).
CREATE TABLE {schema}.refused_appends (
    execution_id  text        NOT NULL,
    epoch         bigint      NOT NULL,
    owner         text        NOT NULL,
    first_sequence bigint     NOT NULL,
    records       integer     NOT NULL,
    refused_at    timestamptz NOT NULL DEFAULT now()
);
