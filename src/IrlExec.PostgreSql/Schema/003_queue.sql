-- IrlExec PostgreSQL schema, version 3: the work queue.
-- An execution waits here to be run by a worker: a new one (its start arguments in start_variables), or one to resume
-- (interrupted: its worker's lease ran out; signalled; resumed by a person). Workers claim rows with
-- FOR UPDATE SKIP LOCKED and take the execution's lease in the same transaction, then delete the row. Claims and new
-- rows are announced on the channel irlexec_queue_<schema> (LISTEN/NOTIFY) so idle workers wake without polling.
CREATE TABLE {schema}.queue (
    execution_id     text        PRIMARY KEY,
    workflow         text        NOT NULL,
    reason           text        NOT NULL,
    start_variables  jsonb,
    actor            text,
    available_at     timestamptz NOT NULL DEFAULT now(),
    enqueued_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX queue_available ON {schema}.queue (available_at, enqueued_at);

-- The workflow of an execution a worker claimed from the queue: the per-workflow concurrency limit counts these.
ALTER TABLE {schema}.leases ADD COLUMN workflow text;
CREATE INDEX leases_workflow ON {schema}.leases (workflow) WHERE workflow IS NOT NULL;

-- At most max_running executions of a workflow run at once across all workers (no row: no limit).
CREATE TABLE {schema}.workflow_limits (
    workflow     text    PRIMARY KEY,
    max_running  integer NOT NULL CHECK (max_running > 0)
);
