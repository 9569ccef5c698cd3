using System.Text.Json.Serialization;

namespace IrlExec.Generators.Tests.Binding;

/// <summary>A record passed between steps.</summary>
public sealed record Reading(string Sensor, double Value, DateTime TakenAt);

/// <summary>What step 2 received, published as one output so the test can read it back from the history.</summary>
public sealed record Echo(string Site, int Count, DateTime Since, Reading Latest, List<Reading> Readings, int? Missing, int? Present, string? Note);

/// <summary>The JSON metadata of the types IrlExec does not know (the System.Text.Json source generator fills it in).</summary>
[JsonSerializable(typeof(Reading))]
[JsonSerializable(typeof(List<Reading>))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(Echo))]
internal sealed partial class BindingJson : JsonSerializerContext;

/// <summary>
/// Compiled by the real generator (this test project references it as an analyzer): step 1 publishes typed values of
/// several kinds, step 2 binds them as inputs and echoes what it received.
/// </summary>
[Workflow("typed-values", Goal = "Round-trip typed values for {{site}}", JsonContext = typeof(BindingJson))]
public partial class TypedValues
{
    [Variable] public required string Site { get; init; }
    [Variable] public int Count { get; init; }
    [Variable] public DateTime Since { get; init; }
    [Variable("pause_before_echo")] public bool PauseBeforeEcho { get; init; }

    [Step(1, Component = "readings.produce")]
    public sealed partial class Produce : IStep
    {
        [Input] public string Site { get; set; } = "";
        [Input] public int Count { get; set; }
        [Input] public DateTime Since { get; set; }
        [Output] public Reading? Latest { get; set; }
        [Output] public List<Reading> Readings { get; set; } = [];
        [Output] public int? Missing { get; set; }
        [Output] public int? Present { get; set; }
        [Output] public string? Note { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Readings = Enumerable.Range(1, Count).Select(i => new Reading($"{Site}-{i}", i * 1.5, Since.AddMinutes(i))).ToList();
            Latest = Readings[^1];
            Missing = null;
            Present = Count * 10;
            Note = null;
            return ValueTask.CompletedTask;
        }
    }

    [Step(2, Component = "readings.echo")]
    public sealed partial class EchoBack : IStep
    {
        [Input] public string Site { get; set; } = "";
        [Input] public int Count { get; set; }
        [Input] public DateTime Since { get; set; }
        [Input] public Reading? Latest { get; set; }
        [Input] public List<Reading> Readings { get; set; } = [];
        [Input] public int? Missing { get; set; }
        [Input] public int? Present { get; set; }
        [Input] public string? Note { get; set; }
        [Input("pause_before_echo")] public bool PauseFirst { get; set; }
        [Output] public Echo? Echo { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (PauseFirst && !context.IsResumed)
            {
                context.Pause("waiting so the values are read back from the history on resume");
                return ValueTask.CompletedTask;
            }
            Echo = new Echo(Site, Count, Since, Latest!, Readings, Missing, Present, Note);
            return ValueTask.CompletedTask;
        }
    }
}
