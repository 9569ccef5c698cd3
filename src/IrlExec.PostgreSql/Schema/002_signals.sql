-- IrlExec PostgreSQL schema, version 2: signals posted to executions and not yet recorded in their histories.
-- Anyone may insert one at any time (also while a worker runs the execution); the lease holder records it in the
-- history (a SignalReceived record carrying its id, so it is recorded once) and then deletes the row.
CREATE TABLE {schema}.signals (
    execution_id  text        NOT NULL,
    signal_id     text        NOT NULL,
    name          text        NOT NULL,
    payload       text        NOT NULL,
    sender        text,
    sent_at       timestamptz NOT NULL,
    PRIMARY KEY (execution_id, signal_id)
);
