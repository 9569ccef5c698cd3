namespace IrlExec.PostgreSql;

/// <summary>The statements the store runs, with its schema's name in place. Parameters are positional ($1, $2, ...).</summary>
internal sealed class Sql
{
    public Sql(string schema)
    {
        Schema = schema;
        Append = AppendForms(schema, core => core + "\nSELECT count(*) FROM appended");
        AppendWithStatus = AppendForms(schema, core => core + AppendStatusTail(schema) + "\nSELECT count(*) FROM appended");
        AppendWithSignals = AppendForms(schema, core => core + AppendSignalsTail(schema));
        AppendEnding = AppendCore(schema, LeaseUse.Release) + AppendStatusTail(schema) + AppendReleaseTail(schema);
        BeginExecution = BeginExecutionSql(schema);
        LeaseNow = $"SELECT epoch, owner, expires_at, expires_at > now() FROM {schema}.leases WHERE execution_id = $1";
        RecordRefusal = $"INSERT INTO {schema}.refused_appends (execution_id, epoch, owner, first_sequence, records) VALUES ($1, $2, $3, $4, $5)";
        Read = $"SELECT sequence, record FROM {schema}.history WHERE execution_id = $1 ORDER BY sequence";
        List = $"SELECT execution_id FROM {schema}.executions ORDER BY execution_id COLLATE \"C\"";
        ListExecutions = ListExecutionsSql(schema);
        ReserveRunNumber = ReserveRunNumberSql(schema);
        AcquireLease = AcquireLeaseSql(schema);
        RenewLeases = RenewLeasesSql(schema);
        // Gives the lease up ($1 id, $2 epoch, $3 owner), and wakes the idle workers when the execution waits in the queue (a signal or a resume
        // requested while it ran): they skipped it while it was held.
        ReleaseLease = $"""
            WITH released AS (DELETE FROM {schema}.leases WHERE execution_id = $1 AND epoch = $2 AND owner = $3 RETURNING execution_id)
            SELECT pg_notify('{QueueChannelOf(schema)}', r.execution_id) FROM released r
            WHERE EXISTS (
                SELECT 1 FROM {schema}.queue q WHERE q.execution_id = r.execution_id
                AND (q.reason <> 'start' OR NOT EXISTS (SELECT 1 FROM {schema}.executions e WHERE e.execution_id = q.execution_id)))
            """;
        RetentionCandidates = RetentionCandidatesSql(schema);
        QueueChannel = QueueChannelOf(schema);
        var channel = QueueChannelOf(schema);
        // A new execution to start: refused (no row) when one of that id is queued or exists already.
        // $1 id, $2 workflow, $3 variables (jsonb), $4 actor.
        EnqueueStart = $"""
            WITH queued AS (
                INSERT INTO {schema}.queue (execution_id, workflow, reason, variables, actor)
                SELECT $1, $2, 'start', $3::jsonb, $4
                WHERE NOT EXISTS (SELECT 1 FROM {schema}.executions e WHERE e.execution_id = $1)
                ON CONFLICT (execution_id) DO NOTHING
                RETURNING execution_id
            )
            SELECT pg_notify('{channel}', execution_id) FROM queued
            """;
        // An execution to resume. Queued already: the request is merged in (it runs once more after a run under way);
        // a start not begun yet is left as it is (there is nothing to resume), a start whose execution exists becomes the
        // resume (its start arguments are in the history already). $1 id, $2 workflow, $3 reason, $4 variables (jsonb),
        // $5 in how many seconds it may be claimed (0 but for a failed request queued again).
        EnqueueResume = $"""
            WITH queued AS (
                INSERT INTO {schema}.queue AS q (execution_id, workflow, reason, variables, available_at)
                VALUES ($1, $2, $3, $4::jsonb, now() + make_interval(secs => $5))
                ON CONFLICT (execution_id) DO UPDATE SET
                    reason = excluded.reason,
                    variables = CASE
                        WHEN q.reason = 'start' OR q.variables IS NULL THEN excluded.variables
                        WHEN excluded.variables IS NULL THEN q.variables
                        ELSE q.variables || excluded.variables END,
                    actor = NULL, enqueued_at = clock_timestamp(), available_at = now() + make_interval(secs => $5)
                WHERE q.reason <> 'start' OR EXISTS (SELECT 1 FROM {schema}.executions e WHERE e.execution_id = q.execution_id)
                RETURNING execution_id
            )
            SELECT pg_notify('{channel}', execution_id) FROM queued
            """;
        IsQueued = $"SELECT EXISTS (SELECT 1 FROM {schema}.queue WHERE execution_id = $1)";
        // A claimed run that failed before it could run (a missing secret, a damaged history, ...): its queue row, and the
        // execution if it is due (DueSql), not before $2 seconds. Only what is due is put off: wake_at makes a paused
        // execution due, so setting it on one that waits (for a person, a signal not posted, a timer not due) or on a
        // finished one would wake it; those are left as they are.
        Defer = $"""
            WITH queued AS (
                UPDATE {schema}.queue SET available_at = now() + make_interval(secs => $2) WHERE execution_id = $1 RETURNING 1
            )
            UPDATE {schema}.executions e SET wake_at = now() + make_interval(secs => $2)
            WHERE e.execution_id = $1 AND {DueSql(schema, "e")}
            """;
        EnqueueDue = EnqueueDueSql(schema);
        ClaimCandidates = $"""
            SELECT q.execution_id, q.workflow, q.reason, q.variables::text, q.actor, w.max_running, q.enqueued_at
            FROM {schema}.queue q
            LEFT JOIN {schema}.workflow_limits w ON w.workflow = q.workflow
            WHERE q.available_at <= now() AND q.workflow = ANY($2)
              AND (q.reason <> 'start' OR NOT EXISTS (SELECT 1 FROM {schema}.executions e WHERE e.execution_id = q.execution_id))
              AND NOT EXISTS (SELECT 1 FROM {schema}.leases l WHERE l.execution_id = q.execution_id AND l.expires_at > now())
            ORDER BY q.available_at, q.enqueued_at
            LIMIT $1
            FOR UPDATE OF q SKIP LOCKED
            """;
        LockWorkflow = "SELECT pg_advisory_xact_lock(hashtext($1))";
        RunningOfWorkflow = $"SELECT count(*) FROM {schema}.leases WHERE workflow = $1 AND expires_at > now()";
        ClaimLeases = $"""
            WITH taken AS (
                INSERT INTO {schema}.leases AS l (execution_id, epoch, owner, expires_at, workflow)
                SELECT c.execution_id, nextval('{schema}.lease_epochs'), $2, now() + make_interval(secs => $3), c.workflow
                FROM unnest($1::text[], $4::text[]) AS c(execution_id, workflow)
                ON CONFLICT (execution_id) DO UPDATE SET
                    epoch = excluded.epoch, owner = excluded.owner, acquired_at = now(), expires_at = excluded.expires_at, workflow = excluded.workflow
                WHERE l.expires_at <= now()
                RETURNING l.execution_id, l.epoch
            ), dequeued AS (
                DELETE FROM {schema}.queue q USING taken t WHERE q.execution_id = t.execution_id AND q.reason <> 'start'
                RETURNING 1
            )
            SELECT execution_id, epoch FROM taken
            """;
        ClaimCheck = ClaimCheckSql(schema);
        // A start's row goes once the execution exists; a start refused (its worker's lease ran out first) stays queued.
        Dequeue = $"DELETE FROM {schema}.queue q WHERE q.execution_id = $1 AND q.reason = 'start' AND EXISTS (SELECT 1 FROM {schema}.executions e WHERE e.execution_id = q.execution_id)";
        SetLimit = $"INSERT INTO {schema}.workflow_limits (workflow, max_running) VALUES ($1, $2) ON CONFLICT (workflow) DO UPDATE SET max_running = excluded.max_running";
        RemoveLimit = $"DELETE FROM {schema}.workflow_limits WHERE workflow = $1";
        DeleteFinished = DeleteFinishedSql(schema);
        PostSignal = PostSignalSql(schema);
        ReadSignals = $"SELECT signal_id, name, payload, sender, sent_at FROM {schema}.signals WHERE execution_id = $1 ORDER BY sent_at, signal_id COLLATE \"C\"";
        RemoveSignals = $"DELETE FROM {schema}.signals WHERE execution_id = $1 AND signal_id = ANY($2)";
    }

    public string PostSignal { get; }

    public string ReadSignals { get; }

    public string RemoveSignals { get; }

    public string Schema { get; }

    // What an append does with its lease, in the same statement as the insert (one round trip, one transaction). It
    // checks that the lease is still this worker's (epoch and owner) and unexpired, and locks its row while it inserts:
    // a takeover (which updates the row) waits for this append to commit, or this append, waiting for the takeover,
    // sees the new epoch and inserts nothing. Either way the records land before the takeover or not at all.
    // Check: FOR SHARE, the weakest lock that the takeover's and the heartbeat's updates wait for (FOR KEY SHARE is not:
    // they change no key); the heartbeat renews the lease. Renew: the same check by an UPDATE that renews it, for an
    // append made when the heartbeat has fallen behind. Release: an append that ends the execution gives the lease up.
    // The owner is checked with the epoch: an epoch drawn in a transaction that a server crash lost may be drawn again,
    // by another worker. $1 id, $2 epoch, $3 sequences, $4 records, $5 lease seconds (read by Renew only), $6 owner.
    internal enum LeaseUse
    {
        Check,
        Renew,
        Release,
    }

    private static string AppendCore(string schema, LeaseUse use) => $"""
        WITH lease AS (
            {use switch
            {
                LeaseUse.Check => $"SELECT execution_id FROM {schema}.leases WHERE execution_id = $1 AND epoch = $2 AND owner = $6 AND expires_at > now() FOR SHARE",
                LeaseUse.Renew => $"UPDATE {schema}.leases SET expires_at = now() + make_interval(secs => $5) WHERE execution_id = $1 AND epoch = $2 AND owner = $6 AND expires_at > now() RETURNING execution_id",
                _ => $"DELETE FROM {schema}.leases WHERE execution_id = $1 AND epoch = $2 AND owner = $6 AND expires_at > now() RETURNING execution_id",
            }}
        ), appended AS (
            INSERT INTO {schema}.history (execution_id, sequence, record)
            SELECT $1, r.sequence, r.record FROM lease, unnest($3::bigint[], $4::bytea[]) AS r(sequence, record)
            RETURNING 1
        )
        """;

    private static AppendForm AppendForms(string schema, Func<string, string> complete) =>
        new(complete(AppendCore(schema, LeaseUse.Check)), complete(AppendCore(schema, LeaseUse.Renew)));

    /// <summary>An append statement in its two forms: checking the lease, or checking and renewing it.</summary>
    internal sealed record AppendForm(string Check, string Renew)
    {
        public string For(bool renew) => renew ? Renew : Check;
    }

    public AppendForm Append { get; }

    public AppendForm AppendWithStatus { get; }

    // AppendWithStatus for a batch that ends the execution: the lease is given up in the same statement (see ReleaseLease).
    public string AppendEnding { get; }

    // A new execution: whether its id is new, and, when it is and this owner holds its lease, its run number (no row
    // from the label CTE otherwise). Run after the lease is taken, in the same transaction and round trip (a statement
    // of its own: its snapshot sees an execution created under the lease it took over). $1 id, $2 workflow, $3 day,
    // $4 owner.
    public string BeginExecution { get; }

    private static string BeginExecutionSql(string schema) => $"""
        WITH fresh AS (
            SELECT NOT EXISTS (SELECT 1 FROM {schema}.history WHERE execution_id = $1) AS is_new
        ), held AS (
            SELECT 1 FROM {schema}.leases WHERE execution_id = $1 AND owner = $4 AND expires_at > now()
        ), label AS (
            INSERT INTO {schema}.run_labels AS r (workflow, day, last_number)
            SELECT $2, $3, 1 FROM fresh, held WHERE fresh.is_new
            ON CONFLICT (workflow, day) DO UPDATE SET last_number = r.last_number + 1
            RETURNING last_number
        )
        SELECT (SELECT is_new FROM fresh), (SELECT last_number FROM label)
        """;

    // The end of AppendEnding: what ReleaseLease announces, announced. $1 id.
    private static string AppendReleaseTail(string schema) => $"""

        , notified AS (
            SELECT pg_notify('{QueueChannelOf(schema)}', r.execution_id) FROM lease r
            WHERE EXISTS (
                SELECT 1 FROM {schema}.queue q WHERE q.execution_id = r.execution_id
                AND (q.reason <> 'start' OR NOT EXISTS (SELECT 1 FROM {schema}.executions e WHERE e.execution_id = q.execution_id)))
        )
        SELECT (SELECT count(*) FROM appended), (SELECT count(*) FROM notified)
        """;

    public AppendForm AppendWithSignals { get; }

    // The same, for a batch that creates an execution or changes its status: the executions row follows, with when a
    // paused execution is to be woken. $7 workflow ('' when not known from this batch), $8 run label (likewise),
    // $9 status, $10 the awaited signal, $11 the timer, $12 due now (a run its host stopped).
    private static string AppendStatusTail(string schema) => $"""
        , execution AS (
            INSERT INTO {schema}.executions AS e (execution_id, workflow, run_label, status, waiting_signal, wake_at)
            SELECT $1, $7, $8, $9, $10, CASE WHEN $12 THEN now() ELSE $11 END FROM lease
            ON CONFLICT (execution_id) DO UPDATE SET
                workflow = CASE WHEN excluded.workflow <> '' THEN excluded.workflow ELSE e.workflow END,
                run_label = CASE WHEN excluded.run_label <> '' THEN excluded.run_label ELSE e.run_label END,
                status = excluded.status,
                waiting_signal = excluded.waiting_signal,
                wake_at = excluded.wake_at,
                updated_at = now()
            RETURNING 1
        )
        """;

    // The same, for a batch that records signals (no status change): a paused execution waiting for one of them is due
    // now. $7 the signals' names.
    private static string AppendSignalsTail(string schema) => $"""
        , woken AS (
            UPDATE {schema}.executions e SET wake_at = now() FROM lease
            WHERE e.execution_id = $1 AND e.status = 'PAUSED' AND e.waiting_signal = ANY($7)
            RETURNING 1
        )
        SELECT count(*) FROM appended
        """;

    // Keeps a signal; when the execution is paused waiting for it, makes it due now and queues it for the workers (and
    // wakes them). Updating the executions row waits for an append changing it, so a pause committed meanwhile is seen.
    // The row of the start that ran the execution to its pause may still be queued (its worker completes it once the run
    // has ended): the execution exists, so that start is over and the signal takes its row; otherwise completing the
    // start would delete the row, and with it the wake-up.
    // $1 id, $2 signal id, $3 name, $4 payload, $5 sender, $6 sent at.
    private static string PostSignalSql(string schema) => $"""
        WITH posted AS (
            INSERT INTO {schema}.signals (execution_id, signal_id, name, payload, sender, sent_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT DO NOTHING
            RETURNING execution_id
        ), woken AS (
            UPDATE {schema}.executions e SET wake_at = now()
            WHERE e.execution_id = $1 AND e.status = 'PAUSED' AND e.waiting_signal = $3 AND EXISTS (SELECT 1 FROM posted)
            RETURNING e.execution_id, e.workflow
        ), queued AS (
            INSERT INTO {schema}.queue AS q (execution_id, workflow, reason) SELECT execution_id, workflow, 'signal' FROM woken
            ON CONFLICT (execution_id) DO UPDATE SET
                reason = excluded.reason, variables = CASE WHEN q.reason = 'start' THEN NULL ELSE q.variables END,
                actor = NULL, enqueued_at = clock_timestamp(), available_at = now()
            RETURNING execution_id
        )
        SELECT pg_notify('{QueueChannelOf(schema)}', execution_id) FROM queued
        """;

    public const string AsynchronousCommit = "SELECT set_config('synchronous_commit', 'off', true)";

    public string LeaseNow { get; }

    public string RecordRefusal { get; }

    public string Read { get; }

    public string List { get; }

    public string ListExecutions { get; }

    public string ReserveRunNumber { get; }

    public string AcquireLease { get; }

    public string RenewLeases { get; }

    public string ReleaseLease { get; }

    public string RetentionCandidates { get; }

    public string QueueChannel { get; }

    public string EnqueueStart { get; }

    public string EnqueueResume { get; }

    public string IsQueued { get; }

    public string Defer { get; }

    public string EnqueueDue { get; }

    public string ClaimCandidates { get; }

    public string LockWorkflow { get; }

    public string RunningOfWorkflow { get; }

    // The leases of the claimed candidates in one statement (those nobody holds), and the resume requests they use up
    // (a start's row stays until the execution exists). $1 ids, $2 owner, $3 lease seconds, $4 workflows.
    public string ClaimLeases { get; }

    // Of the claimed rows, those still asked for once their leases are held; the others give their leases up. See ClaimCheckSql.
    public string ClaimCheck { get; }

    public string Dequeue { get; }

    public string SetLimit { get; }

    public string RemoveLimit { get; }

    public string DeleteFinished { get; }

    private static string ListExecutionsSql(string schema) => $"""
        SELECT e.execution_id, e.workflow, e.run_label, e.status, e.created_at, e.updated_at,
               l.owner, l.expires_at
        FROM {schema}.executions e
        LEFT JOIN {schema}.leases l ON l.execution_id = e.execution_id AND l.expires_at > now()
        ORDER BY e.created_at, e.execution_id COLLATE "C"
        """;

    // $1 workflow, $2 day.
    private static string ReserveRunNumberSql(string schema) => $"""
        INSERT INTO {schema}.run_labels AS r (workflow, day, last_number) VALUES ($1, $2, 1)
        ON CONFLICT (workflow, day) DO UPDATE SET last_number = r.last_number + 1
        RETURNING last_number
        """;

    // A new epoch when nobody holds the execution or its lease has expired; no row when it is held.
    // $1 id, $2 owner, $3 lease seconds.
    private static string AcquireLeaseSql(string schema) => $"""
        INSERT INTO {schema}.leases AS l (execution_id, epoch, owner, expires_at)
        VALUES ($1, nextval('{schema}.lease_epochs'), $2, now() + make_interval(secs => $3))
        ON CONFLICT (execution_id) DO UPDATE SET
            epoch = excluded.epoch, owner = excluded.owner, acquired_at = now(), expires_at = excluded.expires_at
        WHERE l.expires_at <= now()
        RETURNING epoch
        """;

    // Renews the given leases that are still valid; returns those renewed. $1 ids, $2 epochs, $3 lease seconds, $4 owner
    // (checked with the epoch, as an append does).
    private static string RenewLeasesSql(string schema) => $"""
        UPDATE {schema}.leases AS l SET expires_at = now() + make_interval(secs => $3)
        FROM unnest($1::text[], $2::bigint[]) AS h(execution_id, epoch)
        WHERE l.execution_id = h.execution_id AND l.epoch = h.epoch AND l.owner = $4 AND l.expires_at > now()
        RETURNING l.execution_id
        """;


    // Executions last changed more than $1 seconds ago: true for the finished ones nobody holds (deletable), false for
    // the others (not finished, or held), which are never touched.
    private static string RetentionCandidatesSql(string schema) => $"""
        SELECT e.execution_id,
               e.status IN ('COMPLETED_SUCCESS', 'COMPLETED_FAILURE')
               AND NOT EXISTS (SELECT 1 FROM {schema}.leases l WHERE l.execution_id = e.execution_id AND l.expires_at > now())
        FROM {schema}.executions e
        WHERE e.updated_at < now() - make_interval(secs => $1)
        ORDER BY e.updated_at, e.execution_id COLLATE "C"
        """;

    // Deletes those of $1 that are still finished and unheld, history and all, in one transaction; returns them.
    private static string DeleteFinishedSql(string schema) => $"""
        WITH gone AS (
            DELETE FROM {schema}.executions e
            WHERE e.execution_id = ANY($1)
              AND e.status IN ('COMPLETED_SUCCESS', 'COMPLETED_FAILURE')
              AND NOT EXISTS (SELECT 1 FROM {schema}.leases l WHERE l.execution_id = e.execution_id AND l.expires_at > now())
            RETURNING e.execution_id
        ), history AS (
            DELETE FROM {schema}.history h USING gone WHERE h.execution_id = gone.execution_id
            RETURNING 1
        ), signals AS (
            DELETE FROM {schema}.signals s USING gone WHERE s.execution_id = gone.execution_id
            RETURNING 1
        )
        SELECT execution_id FROM gone
        """;

    // What is due and nobody holds, queued for the workers (and announced): executions left running by a worker whose
    // lease ran out (it died, hung or was cut off), and paused executions whose timer is due, whose awaited signal
    // arrived, or that their host stopped. A finished execution, or one paused for a person, is not. A start queued for
    // an execution that exists (its worker died after creating it) becomes its recovery. Returns how many it queued, and
    // in how many seconds the next timer (or deferred queue row) is due, if any.
    private static string EnqueueDueSql(string schema) => $"""
        WITH queued AS (
            INSERT INTO {schema}.queue AS q (execution_id, workflow, reason)
            SELECT e.execution_id, e.workflow, CASE WHEN e.status = 'PAUSED' THEN 'wake' ELSE 'recover' END
            FROM {schema}.executions e
            WHERE {DueSql(schema, "e")}
              AND NOT EXISTS (SELECT 1 FROM {schema}.leases l WHERE l.execution_id = e.execution_id AND l.expires_at > now())
            ON CONFLICT (execution_id) DO UPDATE SET reason = excluded.reason, variables = NULL, actor = NULL, enqueued_at = clock_timestamp()
            WHERE q.reason = 'start'
            RETURNING execution_id
        ), notified AS (
            SELECT pg_notify('{QueueChannelOf(schema)}', execution_id) FROM queued
        )
        SELECT (SELECT count(*) FROM notified),
               (SELECT extract(epoch FROM min(x.at) - now())::float8 FROM (
                    SELECT min(wake_at) AS at FROM {schema}.executions WHERE wake_at > now()
                    UNION ALL SELECT min(available_at) FROM {schema}.queue WHERE available_at > now()) x)
        """;

    // Whether the execution of the executions row <alias> is due for a worker now, its lease aside: left running (and not
    // put off after a run that failed to start), or paused and woken (its timer is due, its host stopped it, or the signal
    // it waits for is in its inbox). What a scan queues, and what a claim of a scan's or a signal's row acts on.
    private static string DueSql(string schema, string alias) => $"""
        COALESCE(
            ({alias}.status IN ('PLANNING', 'IN_PROGRESS', 'RESUMED') AND ({alias}.wake_at IS NULL OR {alias}.wake_at <= now()))
            OR ({alias}.status = 'PAUSED' AND ({alias}.wake_at <= now() OR ({alias}.wake_at IS NULL AND {alias}.waiting_signal IS NOT NULL
                AND EXISTS (SELECT 1 FROM {schema}.signals s WHERE s.execution_id = {alias}.execution_id AND s.name = {alias}.waiting_signal)))),
            false)
        """;

    // What the claimed rows ask for, checked once their leases are held: a statement of its own, after the one that took
    // them, so that its snapshot sees every append committed before a takeover that waited for it (and under the lease no
    // status changes). A row can be late: a scan, a signal or a request that waited for another claim's lock on the
    // execution's row finds the row deleted and queues anew, for what that claim's run may since have handled. So a scan's
    // or a signal's row (wake, signal, drained, recover) acts only while its execution is due (DueSql), whatever it was
    // queued for; a start only while its execution does not exist (otherwise its row leaves the queue); a request (resume,
    // or a caller's own reason) while its execution is not finished. A claim that asks for nothing gives its lease up in
    // this statement, so nobody ever sees it. Returns the claims that stand, each with what it does: a scan's or a signal's
    // row recovers an execution left running and wakes a paused one. $1 ids, $2 epochs, $3 reasons.
    private static string ClaimCheckSql(string schema) => $"""
        WITH claimed AS (
            SELECT c.execution_id, c.epoch, c.reason, e.status,
                CASE
                    WHEN c.reason = 'start' THEN e.execution_id IS NULL
                    WHEN c.reason IN ('wake', 'signal', 'drained', 'recover') THEN e.execution_id IS NOT NULL AND {DueSql(schema, "e")}
                    ELSE e.execution_id IS NULL OR e.status NOT IN ('COMPLETED_SUCCESS', 'COMPLETED_FAILURE')
                END AS due
            FROM unnest($1::text[], $2::bigint[], $3::text[]) AS c(execution_id, epoch, reason)
            LEFT JOIN {schema}.executions e ON e.execution_id = c.execution_id
        ), released AS (
            DELETE FROM {schema}.leases l USING claimed c WHERE NOT c.due AND l.execution_id = c.execution_id AND l.epoch = c.epoch
            RETURNING 1
        ), started AS (
            DELETE FROM {schema}.queue q USING claimed c
            WHERE NOT c.due AND c.reason = 'start' AND q.execution_id = c.execution_id AND q.reason = 'start'
            RETURNING 1
        )
        SELECT c.execution_id,
            CASE
                WHEN c.reason NOT IN ('wake', 'signal', 'drained', 'recover') THEN c.reason
                WHEN c.status <> 'PAUSED' THEN 'recover'
                WHEN c.reason = 'recover' THEN 'wake'
                ELSE c.reason
            END
        FROM claimed c WHERE c.due
        """;

    private static string QueueChannelOf(string schema) => "irlexec_queue_" + schema;
}
