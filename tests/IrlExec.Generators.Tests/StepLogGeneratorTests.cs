using IrlExec.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Tests;

/// <summary>The generated bodies of <c>[StepLog]</c> methods.</summary>
public sealed class StepLogGeneratorTests
{
    [Fact]
    public void Log_methods_source_matches_snapshot_and_compiles_cleanly()
    {
        var (result, output) = GeneratorHarness.Run(StepLogSources.Incidents);

        var source = result.GeneratedSources.Single(s => s.HintName == "Demo.Logging.IncidentTriage.Analyze.StepLog.g.cs");
        Snapshot.Verify(nameof(Log_methods_source_matches_snapshot_and_compiles_cleanly), source.HintName, source.SourceText.ToString());
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void Log_method_in_a_generic_type_matches_snapshot_and_compiles_cleanly()
    {
        var (result, output) = GeneratorHarness.Run(StepLogSources.Incidents);

        var source = result.GeneratedSources.Single(s => s.HintName == "Demo.Logging.Holder_T_.Inner.StepLog.g.cs");
        Snapshot.Verify(nameof(Log_method_in_a_generic_type_matches_snapshot_and_compiles_cleanly), source.HintName, source.SourceText.ToString());
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void Generated_bodies_check_the_level_before_formatting_and_use_no_object_array()
    {
        var (result, _) = GeneratorHarness.Run(StepLogSources.Incidents);
        var text = result.GeneratedSources.Single(s => s.HintName.EndsWith("Analyze.StepLog.g.cs", StringComparison.Ordinal)).SourceText.ToString();

        foreach (var body in text.Split("partial void ").Skip(1))
        {
            var check = body.IndexOf(".IsEnabled(", StringComparison.Ordinal);
            var firstFormat = body.IndexOf("Append", StringComparison.Ordinal);
            Assert.True(check > 0, "no level check in:\n" + body);
            Assert.True(firstFormat < 0 || check < firstFormat, "formats before the level check:\n" + body);
        }
        Assert.DoesNotContain("object", text, StringComparison.Ordinal);
        Assert.DoesNotContain("string.Format", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ToString()", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("partial void Log(StepContext context, int missing);", "{Count}")] // a placeholder without a parameter
    [InlineData("void Log(StepContext context, int count) { }", "{Count}")] // not partial
    [InlineData("partial void Log(int count);", "{Count}")] // no StepContext
    [InlineData("partial void Log(StepContext context, int count);", "{Count")] // malformed template
    [InlineData("partial void Log(StepContext context, int step);", "{Step}")] // a reserved name
    public void A_method_the_analyzer_reports_gets_no_generated_body(string declaration, string template)
    {
        var source = $$"""
            using IrlExec;
            public partial class Holder
            {
                [StepLog(ExecutionLogLevel.Info, "{{template}}")]
                {{declaration}}
            }
            """;

        var (result, _) = GeneratorHarness.Run(source);

        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.EndsWith(".StepLog.g.cs", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("#nullable disable", "string name, object detail")]
    [InlineData("#nullable enable", "string? name, object? detail")]
    [InlineData("#nullable enable", "System.Collections.Generic.List<string?> name, System.ReadOnlySpan<char> detail")]
    public void Parameters_keep_their_nullability_so_both_declarations_agree(string context, string parameters)
    {
        var source = $$"""
            {{context}}
            using IrlExec;
            public partial class Holder
            {
                [StepLog(ExecutionLogLevel.Info, "{Name}: {Detail}")]
                partial void Log(StepContext context, {{parameters}});
            }
            """;

        var (result, output) = GeneratorHarness.Run(source);

        Assert.Contains(result.GeneratedSources, s => s.HintName == "Holder.StepLog.g.cs");
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void A_parameter_without_a_placeholder_still_gets_a_body()
    {
        var source = """
            using IrlExec;
            public partial class Holder
            {
                [StepLog(ExecutionLogLevel.Info, "Count {Count}")]
                partial void Log(StepContext context, int count, string unused);
            }
            """;

        var (result, output) = GeneratorHarness.Run(source);

        Assert.Contains(result.GeneratedSources, s => s.HintName == "Holder.StepLog.g.cs");
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void Editing_a_log_method_template_re_emits_only_its_type()
    {
        var compilation = GeneratorHarness.Compile(StepLogSources.Incidents);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            StepLogSources.Incidents.Replace("Nothing to say", "Nothing more to say"))));

        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var types = second.TrackedSteps[TrackingNames.StepLogTypes].SelectMany(s => s.Outputs).ToList();
        var changed = types.Where(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified)
            .Select(o => ((IrlExec.Generators.StepLogs.StepLogTypeModel)o.Value).HintName).ToList();
        Assert.Equal(["Demo.Logging.IncidentTriage.Analyze.StepLog.g.cs"], changed);
        Assert.Contains(types, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged &&
            ((IrlExec.Generators.StepLogs.StepLogTypeModel)o.Value).HintName == "Demo.Logging.Holder_T_.Inner.StepLog.g.cs");
        Assert.Contains("Nothing more to say", second.GeneratedSources.Single(s => s.HintName.EndsWith("Analyze.StepLog.g.cs", StringComparison.Ordinal)).SourceText.ToString());
    }
}
