-- IrlExec PostgreSQL schema, version 4: when a paused execution is to be woken, for the workers' queue.
-- Kept by the appends that change an execution's status: a step that waits for a signal sets waiting_signal, a durable
-- timer sets wake_at, a run stopped by its host (reason "cancelled...") is due at once; any other status clears both.
-- Posting the awaited signal (or recording it in the history) makes the execution due now. Workers queue what is due
-- and nobody holds; a run that failed to start pushes wake_at back (and the queue row's available_at) so that a
-- broken execution is not retried in a tight loop.
ALTER TABLE {schema}.executions ADD COLUMN waiting_signal text;
ALTER TABLE {schema}.executions ADD COLUMN wake_at timestamptz;
CREATE INDEX executions_wake ON {schema}.executions (wake_at) WHERE wake_at IS NOT NULL;

-- A queued start's arguments, or a queued resume's variables (set before it resumes).
ALTER TABLE {schema}.queue RENAME COLUMN start_variables TO variables;
