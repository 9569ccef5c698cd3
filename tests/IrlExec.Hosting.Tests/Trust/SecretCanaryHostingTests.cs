using System.Collections;
using System.Diagnostics;
using IrlExec.Tests.Trust;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace IrlExec.Hosting.Tests.Trust;

/// <summary>
/// The secret canary (<see cref="SecretCanary"/>) run by a real host on a real root: no canary in any file under the root,
/// in anything a real logger provider captured (formatted message, structured state, scopes, exceptions: the forwarded
/// execution lines and the worker's own), or in any span the OpenTelemetry SDK exported (names, tags, status, events).
/// </summary>
public sealed class SecretCanaryHostingTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task No_canary_reaches_a_file_a_log_entry_or_a_span()
    {
        var collector = new FakeLogCollector();
        var spans = new List<Activity>();
        ExecutionState end;
        using (Sdk.CreateTracerProviderBuilder().AddSource(IrlExecDiagnostics.Name).AddInMemoryExporter(spans).Build())
        {
            using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(SecretCanary.Create()), logging: l =>
            {
                l.SetMinimumLevel(LogLevel.Trace);
                l.AddProvider(new FakeLoggerProvider(collector));
            });
            var client = host.Client();
            var id = await client.StartAsync(SecretCanary.Name, SecretCanary.Variables());
            var paused = await client.WaitAsync(id, s => s.Status == ExecutionStatus.Paused && s.WaitingForSignal == "go");
            Assert.Equal(2, paused.CurrentStep);
            await client.SignalAsync(id, "go", SecretCanary.SignalPayload, sender: "trust-audit");
            await client.ResumeAsync(id, SecretCanary.Variables(resume: true));
            end = await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status));
            await host.StopAsync();
        }

        Assert.Equal(ExecutionStatus.CompletedFailure, end.Status);
        var records = collector.GetSnapshot();
        // Not vacuous: the step's lines were forwarded, masked, and the spans were exported.
        Assert.Contains(records, r => r.Message == "using key ***");
        Assert.Contains(records, r => r.Message == "issued token ***");
        Assert.Contains(spans, s => s.OperationName == "irlexec.step" && (string?)s.GetTagItem("irlexec.outcome") == "failed");

        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(_root.Path, "*", SearchOption.AllDirectories))
        {
            found.AddRange(SecretCanary.Find(Path.GetRelativePath(_root.Path, file), File.ReadAllText(file)));
        }
        found.AddRange(SecretCanary.Find("end state reason", end.StatusReason));
        found.AddRange(SecretCanary.Find("end state", TrainingDataExporter.ToJsonLine(end)));
        foreach (var record in records)
        {
            var where = $"ILogger {record.Category} {record.Id}";
            found.AddRange(SecretCanary.Find(where + " message", record.Message));
            found.AddRange(SecretCanary.Find(where + " exception", record.Exception?.ToString()));
            foreach (var (key, value) in record.StructuredState ?? []) found.AddRange(SecretCanary.Find($"{where} state {key}", key + "=" + value));
            foreach (var scope in record.Scopes) found.AddRange(SecretCanary.Find(where + " scope", Describe(scope)));
        }
        foreach (var span in spans)
        {
            var where = $"span {span.DisplayName}";
            found.AddRange(SecretCanary.Find(where + " name", span.OperationName + " " + span.DisplayName));
            found.AddRange(SecretCanary.Find(where + " status", span.StatusDescription));
            foreach (var (key, value) in span.TagObjects) found.AddRange(SecretCanary.Find($"{where} tag {key}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)));
            foreach (var e in span.Events)
            {
                found.AddRange(SecretCanary.Find($"{where} event", e.Name));
                foreach (var (key, value) in e.Tags) found.AddRange(SecretCanary.Find($"{where} event {e.Name} {key}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)));
            }
            foreach (var (key, value) in span.Baggage) found.AddRange(SecretCanary.Find($"{where} baggage {key}", value));
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    private static string? Describe(object? scope) => scope switch
    {
        null => null,
        IEnumerable<KeyValuePair<string, object?>> pairs => string.Join(", ", pairs.Select(p => p.Key + "=" + p.Value)) + " | " + scope,
        IEnumerable items and not string => string.Join(", ", items.Cast<object?>()) + " | " + scope,
        _ => scope.ToString(),
    };
}
