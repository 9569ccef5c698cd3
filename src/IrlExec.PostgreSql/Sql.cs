namespace IrlExec.PostgreSql;

/// <summary>The statements the store runs, with its schema's name in place. Parameters are positional ($1, $2, ...).</summary>
internal sealed class Sql
{
    public Sql(string schema)
    {
        Schema = schema;
        var appendCore = AppendCore(schema);
        Append = appendCore + "\nSELECT count(*) FROM appended";
        AppendWithStatus = appendCore + AppendStatusTail(schema);
        LeaseNow = $"SELECT epoch, owner, expires_at, expires_at > now() FROM {schema}.leases WHERE execution_id = $1";
        RecordRefusal = $"INSERT INTO {schema}.refused_appends (execution_id, epoch, owner, first_sequence, records) VALUES ($1, $2, $3, $4, $5)";
        Read = $"SELECT sequence, record FROM {schema}.history WHERE execution_id = $1 ORDER BY sequence";
        List = $"SELECT execution_id FROM {schema}.executions ORDER BY execution_id COLLATE \"C\"";
        ListExecutions = ListExecutionsSql(schema);
        ReserveRunNumber = ReserveRunNumberSql(schema);
        AcquireLease = AcquireLeaseSql(schema);
        RenewLeases = RenewLeasesSql(schema);
        ReleaseLease = $"DELETE FROM {schema}.leases WHERE execution_id = $1 AND epoch = $2";
        RetentionCandidates = RetentionCandidatesSql(schema);
        QueueChannel = QueueChannelOf(schema);
        // A start already queued stays as it is. Any other request for an execution already queued (a signal while its
        // start row waits) replaces the row's reason: the execution is resumed once more after its current run.
        Enqueue = $"""
            WITH queued AS (
                INSERT INTO {schema}.queue AS q (execution_id, workflow, reason, start_variables, actor) VALUES ($1, $2, $3, $4::jsonb, $5)
                ON CONFLICT (execution_id) DO UPDATE SET enqueued_at = clock_timestamp(), reason = excluded.reason
                WHERE excluded.reason <> 'start'
                RETURNING execution_id
            )
            SELECT pg_notify('{QueueChannelOf(schema)}', execution_id) FROM queued
            """;
        EnqueueInterrupted = EnqueueInterruptedSql(schema);
        ClaimCandidates = $"""
            SELECT q.execution_id, q.workflow, q.reason, q.start_variables::text, q.actor, w.max_running, q.enqueued_at
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
        ClaimLease = $"""
            INSERT INTO {schema}.leases AS l (execution_id, epoch, owner, expires_at, workflow)
            VALUES ($1, nextval('{schema}.lease_epochs'), $2, now() + make_interval(secs => $3), $4)
            ON CONFLICT (execution_id) DO UPDATE SET
                epoch = excluded.epoch, owner = excluded.owner, acquired_at = now(), expires_at = excluded.expires_at, workflow = excluded.workflow
            WHERE l.expires_at <= now()
            RETURNING epoch
            """;
        // A start's row goes once the execution exists; a start refused (its worker's lease ran out first) stays queued.
        Dequeue = $"DELETE FROM {schema}.queue q WHERE q.execution_id = $1 AND q.reason = 'start' AND EXISTS (SELECT 1 FROM {schema}.executions e WHERE e.execution_id = q.execution_id)";
        DequeueClaimed = $"DELETE FROM {schema}.queue WHERE execution_id = $1";
        SetLimit = $"INSERT INTO {schema}.workflow_limits (workflow, max_running) VALUES ($1, $2) ON CONFLICT (workflow) DO UPDATE SET max_running = excluded.max_running";
        RemoveLimit = $"DELETE FROM {schema}.workflow_limits WHERE workflow = $1";
        DeleteFinished = DeleteFinishedSql(schema);
        PostSignal = $"INSERT INTO {schema}.signals (execution_id, signal_id, name, payload, sender, sent_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";
        ReadSignals = $"SELECT signal_id, name, payload, sender, sent_at FROM {schema}.signals WHERE execution_id = $1 ORDER BY sent_at, signal_id COLLATE \"C\"";
        RemoveSignals = $"DELETE FROM {schema}.signals WHERE execution_id = $1 AND signal_id = ANY($2)";
    }

    public string PostSignal { get; }

    public string ReadSignals { get; }

    public string RemoveSignals { get; }

    public string Schema { get; }

    // The lease is renewed and the records inserted in one statement (one round trip, one transaction): the UPDATE
    // locks the lease row, so a takeover waits for this append or this append sees the takeover and inserts nothing.
    // $1 id, $2 epoch, $3 sequences, $4 records, $5 lease seconds.
    private static string AppendCore(string schema) => $"""
        WITH lease AS (
            UPDATE {schema}.leases SET expires_at = now() + make_interval(secs => $5)
            WHERE execution_id = $1 AND epoch = $2 AND expires_at > now()
            RETURNING execution_id
        ), appended AS (
            INSERT INTO {schema}.history (execution_id, sequence, record)
            SELECT $1, r.sequence, r.record FROM lease, unnest($3::bigint[], $4::bytea[]) AS r(sequence, record)
            RETURNING 1
        )
        """;

    public string Append { get; }

    public string AppendWithStatus { get; }

    // The same, for a batch that creates an execution or changes its status: the executions row follows.
    // $6 workflow ('' when not known from this batch), $7 run label (likewise), $8 status.
    private static string AppendStatusTail(string schema) => $"""
        , execution AS (
            INSERT INTO {schema}.executions AS e (execution_id, workflow, run_label, status)
            SELECT $1, $6, $7, $8 FROM lease
            ON CONFLICT (execution_id) DO UPDATE SET
                workflow = CASE WHEN excluded.workflow <> '' THEN excluded.workflow ELSE e.workflow END,
                run_label = CASE WHEN excluded.run_label <> '' THEN excluded.run_label ELSE e.run_label END,
                status = excluded.status,
                updated_at = now()
            RETURNING 1
        )
        SELECT count(*) FROM appended
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

    public string Enqueue { get; }

    public string EnqueueInterrupted { get; }

    public string ClaimCandidates { get; }

    public string LockWorkflow { get; }

    public string RunningOfWorkflow { get; }

    public string ClaimLease { get; }

    public string Dequeue { get; }

    public string DequeueClaimed { get; }

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

    // Renews the given leases that are still valid; returns those renewed. $1 ids, $2 epochs, $3 lease seconds.
    private static string RenewLeasesSql(string schema) => $"""
        UPDATE {schema}.leases AS l SET expires_at = now() + make_interval(secs => $3)
        FROM unnest($1::text[], $2::bigint[]) AS h(execution_id, epoch)
        WHERE l.execution_id = h.execution_id AND l.epoch = h.epoch AND l.expires_at > now()
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

    // Executions left running by a worker whose lease ran out (it died, hung or was cut off) and not queued yet: queued
    // to be resumed. A paused or finished execution is not: it waits for a signal, a timer or a person. Returns them.
    private static string EnqueueInterruptedSql(string schema) => $"""
        WITH queued AS (
            INSERT INTO {schema}.queue (execution_id, workflow, reason)
            SELECT e.execution_id, e.workflow, 'recover'
            FROM {schema}.executions e
            WHERE e.status IN ('PLANNING', 'IN_PROGRESS', 'RESUMED')
              AND NOT EXISTS (SELECT 1 FROM {schema}.leases l WHERE l.execution_id = e.execution_id AND l.expires_at > now())
            ON CONFLICT (execution_id) DO UPDATE SET reason = 'recover', enqueued_at = clock_timestamp()
            WHERE {schema}.queue.reason = 'start'
            RETURNING execution_id
        )
        SELECT pg_notify('{QueueChannelOf(schema)}', execution_id) FROM queued
        """;

    private static string QueueChannelOf(string schema) => "irlexec_queue_" + schema;
}
