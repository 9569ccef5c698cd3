namespace IrlExec.Generators.Tests.Infrastructure;

/// <summary>Sources with <c>[StepLog]</c> methods.</summary>
internal static class StepLogSources
{
    /// <summary>
    /// A step with log methods of every kind: a string and an int placeholder, a format and an alignment, one parameter
    /// in two placeholders, braces written as <c>{{</c> <c>}}</c>, no placeholder at all, a static public one, a keyword
    /// parameter name, a nullable value, a generic containing type in a file-scoped namespace.
    /// </summary>
    public const string Incidents = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using IrlExec;

        namespace Demo.Logging;

        [Workflow("incident-triage")]
        public partial class IncidentTriage
        {
            [Variable] public string Integration { get; set; } = "";

            [Step(1)]
            public partial class Analyze : IStep
            {
                [Input] public string Integration { get; set; } = "";

                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                {
                    LogAnalyzing(context, "INC-7", 3);
                    LogAmount(context, 12.5m, Integration);
                    LogBraces(context, 1);
                    LogDone(context);
                    LogKeyword(context, "e", null);
                    return ValueTask.CompletedTask;
                }

                [StepLog(ExecutionLogLevel.Info, "Analyzing incident {IncidentId} ({Count} files)")]
                private static partial void LogAnalyzing(StepContext context, string incidentId, int count);

                [StepLog(ExecutionLogLevel.Warn, "Cost {Amount:F2} for {Integration,-8}|, again {amount}")]
                public partial void LogAmount(StepContext context, decimal amount, string integration);

                [StepLog(ExecutionLogLevel.Debug, "{{literal}} and {Value}")]
                partial void LogBraces(StepContext ctx, int value);

                [StepLog(ExecutionLogLevel.Error, "Nothing to say")]
                partial void LogDone(StepContext context);

                [StepLog(ExecutionLogLevel.Info, "{Event}: {Retries}")]
                internal partial void LogKeyword(StepContext context, string @event, int? retries);
            }
        }

        public partial class Holder<T>
        {
            public partial struct Inner
            {
                [StepLog(ExecutionLogLevel.Info, "{Value}")]
                public static partial void Log(StepContext context, T value);
            }
        }
        """;
}
