// The execution and step status machines of IrlExec, defined once.
// This file is compiled into the runtime (public) and linked into the generator/analyzer (internal),
// so the analyzer reports exactly the transitions the runtime refuses.
#nullable enable
using System;
using System.Collections.Generic;

namespace IrlExec
{
    /// <summary>The status of a workflow execution, as written in <c>execution_state.md</c> (e.g. <c>IN_PROGRESS</c>).</summary>
#if IRLEXEC_GENERATORS
    internal
#else
    public
#endif
    enum ExecutionStatus
    {
        /// <summary>The plan is being prepared; no step has run. Written <c>PLANNING</c>.</summary>
        Planning = 0,
        /// <summary>Steps are running. Written <c>IN_PROGRESS</c>.</summary>
        InProgress = 1,
        /// <summary>Stopped by a step, a failure policy, a cancellation or a crash; can be resumed. Written <c>PAUSED</c>.</summary>
        Paused = 2,
        /// <summary>Running again after a pause. Written <c>RESUMED</c>.</summary>
        Resumed = 3,
        /// <summary>Every step completed. Terminal. Written <c>COMPLETED_SUCCESS</c>.</summary>
        CompletedSuccess = 4,
        /// <summary>The execution failed for good. Terminal. Written <c>COMPLETED_FAILURE</c> (the seed's <c>FAILED</c> reads as this).</summary>
        CompletedFailure = 5,
    }

    /// <summary>The status of one step of an execution, as written in <c>execution_state.md</c> (e.g. <c>RUNNING</c>).</summary>
#if IRLEXEC_GENERATORS
    internal
#else
    public
#endif
    enum StepStatus
    {
        /// <summary>Not started. Written <c>PENDING</c>.</summary>
        Pending = 0,
        /// <summary>An attempt is under way. Written <c>RUNNING</c>.</summary>
        Running = 1,
        /// <summary>Finished; its outputs are published. Terminal. Written <c>COMPLETED</c>.</summary>
        Completed = 2,
        /// <summary>The last attempt did not complete (an error, or the process stopped while it ran). Written <c>FAILED</c>.</summary>
        Failed = 3,
        /// <summary>
        /// The last attempt asked to pause (a deliberate pause, a wait for a signal or a timer) or was cancelled: not a
        /// failure; the step runs again when the execution resumes. Written <c>PAUSED</c>.
        /// </summary>
        Paused = 4,
    }

    /// <summary>
    /// The transition tables of <see cref="ExecutionStatus"/> and <see cref="StepStatus"/>: the single source of truth
    /// used by the runtime (which refuses anything else) and by the analyzer (which reports it at compile time).
    /// </summary>
#if IRLEXEC_GENERATORS
    internal
#else
    public
#endif
    static class StatusTransitions
    {
        // One array per source status, built once: the lists are handed out read-only and never copied per call.
        private static readonly IReadOnlyList<ExecutionStatus>[] ExecutionTargets =
        {
            Targets(ExecutionStatus.InProgress, ExecutionStatus.CompletedFailure), // Planning
            Targets(ExecutionStatus.Paused, ExecutionStatus.CompletedSuccess, ExecutionStatus.CompletedFailure), // InProgress
            Targets(ExecutionStatus.Resumed, ExecutionStatus.CompletedFailure), // Paused
            Targets(ExecutionStatus.Paused, ExecutionStatus.CompletedSuccess, ExecutionStatus.CompletedFailure), // Resumed
            Targets<ExecutionStatus>(), // CompletedSuccess: terminal, history is immutable.
            Targets<ExecutionStatus>(), // CompletedFailure: terminal.
        };

        private static readonly IReadOnlyList<StepStatus>[] StepTargets =
        {
            Targets(StepStatus.Running), // Pending
            Targets(StepStatus.Completed, StepStatus.Failed, StepStatus.Paused), // Running
            Targets<StepStatus>(), // Completed: terminal.
            Targets(StepStatus.Running), // Failed: a retry or a resume.
            Targets(StepStatus.Running), // Paused: a resume.
        };

        // Bit t of mask f is set when f -> t is allowed: the checks on the hot path are a shift and a mask.
        private static readonly uint[] ExecutionMasks = Masks(ExecutionTargets);
        private static readonly uint[] StepMasks = Masks(StepTargets);

        /// <summary>The execution statuses that <paramref name="from"/> may move to.</summary>
        public static IReadOnlyList<ExecutionStatus> AllowedTargets(ExecutionStatus from) =>
            (uint)from < (uint)ExecutionTargets.Length ? ExecutionTargets[(int)from] : ExecutionTargets[(int)ExecutionStatus.CompletedSuccess];

        /// <summary>The step statuses that <paramref name="from"/> may move to. <c>Failed → Running</c> is a retry or a resume, <c>Paused → Running</c> a resume.</summary>
        public static IReadOnlyList<StepStatus> AllowedTargets(StepStatus from) =>
            (uint)from < (uint)StepTargets.Length ? StepTargets[(int)from] : StepTargets[(int)StepStatus.Completed];

        /// <summary>Whether an execution may move from <paramref name="from"/> to <paramref name="to"/>. Allocates nothing.</summary>
        public static bool CanTransition(ExecutionStatus from, ExecutionStatus to) =>
            (uint)from < (uint)ExecutionMasks.Length && (uint)to < 32u && (ExecutionMasks[(int)from] & (1u << (int)to)) != 0;

        /// <summary>Whether a step may move from <paramref name="from"/> to <paramref name="to"/>. Allocates nothing.</summary>
        public static bool CanTransition(StepStatus from, StepStatus to) =>
            (uint)from < (uint)StepMasks.Length && (uint)to < 32u && (StepMasks[(int)from] & (1u << (int)to)) != 0;

        private static System.Collections.ObjectModel.ReadOnlyCollection<T> Targets<T>(params T[] targets) => new System.Collections.ObjectModel.ReadOnlyCollection<T>(targets);

        private static uint[] Masks<T>(IReadOnlyList<T>[] targets) where T : struct, Enum
        {
            var masks = new uint[targets.Length];
            for (var from = 0; from < targets.Length; from++)
            {
                foreach (var to in targets[from]) masks[from] |= 1u << Convert.ToInt32(to, System.Globalization.CultureInfo.InvariantCulture);
            }
            return masks;
        }

        /// <summary>Whether <paramref name="status"/> is terminal (no transition leaves it).</summary>
        public static bool IsTerminal(ExecutionStatus status) =>
            status == ExecutionStatus.CompletedSuccess || status == ExecutionStatus.CompletedFailure;

        /// <summary>The spelling used in files: <c>PLANNING</c>, <c>IN_PROGRESS</c>, ...</summary>
        public static string ToWireName(ExecutionStatus status) => status switch
        {
            ExecutionStatus.Planning => "PLANNING",
            ExecutionStatus.InProgress => "IN_PROGRESS",
            ExecutionStatus.Paused => "PAUSED",
            ExecutionStatus.Resumed => "RESUMED",
            ExecutionStatus.CompletedSuccess => "COMPLETED_SUCCESS",
            ExecutionStatus.CompletedFailure => "COMPLETED_FAILURE",
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown execution status."),
        };

        /// <summary>The spelling used in files: <c>PENDING</c>, <c>RUNNING</c>, <c>COMPLETED</c>, <c>FAILED</c>, <c>PAUSED</c>.</summary>
        public static string ToWireName(StepStatus status) => status switch
        {
            StepStatus.Pending => "PENDING",
            StepStatus.Running => "RUNNING",
            StepStatus.Completed => "COMPLETED",
            StepStatus.Failed => "FAILED",
            StepStatus.Paused => "PAUSED",
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown step status."),
        };

        /// <summary>Reads an execution status as written in a file; accepts the seed's <c>FAILED</c> as <see cref="ExecutionStatus.CompletedFailure"/>.</summary>
        public static bool TryParseExecutionStatus(string? text, out ExecutionStatus status)
        {
            switch (text?.Trim().ToUpperInvariant())
            {
                case "PLANNING": status = ExecutionStatus.Planning; return true;
                case "IN_PROGRESS": status = ExecutionStatus.InProgress; return true;
                case "PAUSED": status = ExecutionStatus.Paused; return true;
                case "RESUMED": status = ExecutionStatus.Resumed; return true;
                case "COMPLETED_SUCCESS": status = ExecutionStatus.CompletedSuccess; return true;
                case "COMPLETED_FAILURE":
                case "FAILED": status = ExecutionStatus.CompletedFailure; return true;
                default: status = default; return false;
            }
        }

        /// <summary>Reads a step status as written in a file (<c>PENDING</c>, <c>RUNNING</c>, <c>COMPLETED</c>, <c>FAILED</c>, <c>PAUSED</c>).</summary>
        public static bool TryParseStepStatus(string? text, out StepStatus status)
        {
            switch (text?.Trim().ToUpperInvariant())
            {
                case "PENDING": status = StepStatus.Pending; return true;
                case "RUNNING": status = StepStatus.Running; return true;
                case "COMPLETED": status = StepStatus.Completed; return true;
                case "FAILED": status = StepStatus.Failed; return true;
                case "PAUSED": status = StepStatus.Paused; return true;
                default: status = default; return false;
            }
        }
    }
}
