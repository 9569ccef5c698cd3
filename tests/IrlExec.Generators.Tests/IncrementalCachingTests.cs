using System.Collections;
using System.Reflection;
using IrlExec.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IrlExec.Generators.Tests;

/// <summary>
/// The pipeline caches (the NetEscapades.EnumGenerators way: run the driver twice with step tracking and look at each
/// tracked step's run reasons): edits that do not change a workflow's shape re-emit nothing, an edit to one workflow
/// re-emits only that workflow, and no pipeline stage holds a symbol, a syntax node, a location or the compilation.
/// </summary>
public sealed class IncrementalCachingTests
{
    /// <summary>Every constant of <see cref="TrackingNames"/>: a step added to the generator is checked without editing this file.</summary>
    private static readonly string[] AllTrackingNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    // GeneratorHarness.Compile names the sources Source0.cs, Source1.cs, ... in the order given.
    private const string IncidentApprovalFile = "Source1.cs";
    private const string SecondFile = "Source2.cs";

    [Fact]
    public void Every_tracking_name_is_a_step_the_generator_runs()
    {
        var (first, _) = RunTwice(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal, edit: c => c);

        Assert.NotEmpty(AllTrackingNames);
        foreach (var name in AllTrackingNames)
        {
            Assert.True(first.TrackedSteps.ContainsKey(name), $"tracked step '{name}' did not run");
        }
    }

    [Fact]
    public void Running_again_on_a_clone_of_the_compilation_gives_equal_tracked_outputs_and_only_cached_sources()
    {
        var (first, second) = RunTwice(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal, edit: c => c.Clone());

        foreach (var name in AllTrackingNames)
        {
            var before = first.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
            var after = second.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
            Assert.Equal(before, after);
        }
        // ForAttributeWithMetadataName re-runs the parser on a new compilation (Unchanged); nothing after it re-runs.
        AssertEveryTrackedStepCachedOrUnchanged(second);
        Assert.All(second.TrackedOutputSteps.Values.SelectMany(steps => steps).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_an_unrelated_file_leaves_every_tracked_step_cached_or_unchanged_and_emits_nothing()
    {
        var (_, second) = RunTwice(Sources.IncidentJson, Sources.IncidentApproval, Sources.Unrelated,
            edit: c => Replace(c, SecondFile, Sources.Unrelated.Replace("x * 2", "x + x")));

        AssertEveryTrackedStepCachedOrUnchanged(second);
        AssertNoSourceReEmitted(second);
    }

    [Fact]
    public void Editing_a_step_method_body_leaves_every_tracked_step_cached_or_unchanged_and_emits_nothing()
    {
        var (_, second) = RunTwice(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal,
            edit: c => Replace(c, IncidentApprovalFile, Sources.IncidentApproval.Replace("Receipt = \"r-\" + Token.Length;", "Receipt = \"receipt:\" + Token.Length;")));

        AssertEveryTrackedStepCachedOrUnchanged(second);
        AssertNoSourceReEmitted(second);
    }

    [Fact]
    public void Editing_a_step_method_body_does_not_run_the_parser_again()
    {
        var (_, second) = RunTwice(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal,
            edit: c => Replace(c, IncidentApprovalFile, Sources.IncidentApproval.Replace("Receipt = \"r-\" + Token.Length;", "Receipt = \"receipt:\" + Token.Length;")));

        // Cached, not Unchanged: the declarations did not change, so the step that binds attributes did not run at all.
        Assert.All(second.TrackedSteps[TrackingNames.WorkflowParsed].SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_a_constant_in_another_file_that_a_step_attribute_reads_re_emits_the_workflow()
    {
        const string names = "public static class Names { public const string Component = \"rows.count\"; }";
        var workflow = Sources.Minimal.Replace("[Step(1, Name = \"count-rows\")]", "[Step(1, Name = \"count-rows\", Component = Names.Component)]");
        var (_, second) = RunTwice(names, workflow, Sources.Unrelated,
            edit: c => Replace(c, "Source0.cs", names.Replace("rows.count", "rows.total")));

        Assert.Equal(["NightlyReport.g.cs"], ReEmittedHintNames(second));
        Assert.Contains("\"rows.total\"", second.GeneratedSources.Single(s => s.HintName == "NightlyReport.g.cs").SourceText.ToString());
    }

    [Fact]
    public void A_new_metadata_reference_runs_the_parser_again_even_when_no_source_changed()
    {
        var (_, second) = RunTwice(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal, edit: c =>
        {
            var irlExec = c.References.Single(r => r.Display!.EndsWith("IrlExec.dll", StringComparison.Ordinal));
            return c.ReplaceReference(irlExec, MetadataReference.CreateFromFile(irlExec.Display!));
        });

        // A referenced assembly can change what a declaration means (an input type's members, a constant), so the
        // models are built again; they come out equal here, so nothing is emitted again.
        Assert.All(second.TrackedSteps[TrackingNames.WorkflowParsed].SelectMany(s => s.Outputs),
            o => Assert.NotEqual(IncrementalStepRunReason.Cached, o.Reason));
        AssertNoSourceReEmitted(second);
    }

    [Fact]
    public void A_cached_declarations_version_does_not_keep_the_previous_compilation_alive()
    {
        var (driver, firstCompilation) = RunOnceAndEditABody();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(firstCompilation.TryGetTarget(out _), "the first compilation is still alive after the second run");
        GC.KeepAlive(driver);
    }

    // Not inlined, so no local of this frame keeps the first compilation reachable while the test collects.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (GeneratorDriver Driver, WeakReference<Compilation> First) RunOnceAndEditABody()
    {
        var first = GeneratorHarness.Compile(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(first);
        var second = Replace(first, IncidentApprovalFile, Sources.IncidentApproval.Replace("Receipt = \"r-\" + Token.Length;", "Receipt = \"receipt:\" + Token.Length;"));
        driver = driver.RunGenerators(second);
        Assert.All(driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Declarations].SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason)); // the version of the first run is the one kept
        return (driver, new WeakReference<Compilation>(first));
    }

    [Fact]
    public void Editing_a_step_attribute_re_emits_only_that_workflow()
    {
        var (_, second) = RunTwice(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal,
            edit: c => Replace(c, SecondFile, Sources.Minimal.Replace("[Step(1, Name = \"count-rows\")]", "[Step(1, Name = \"count-all-rows\")]")));

        var modifiedModels = second.TrackedSteps[TrackingNames.WorkflowModels].SelectMany(s => s.Outputs)
            .Where(o => o.Reason != IncrementalStepRunReason.Cached && o.Reason != IncrementalStepRunReason.Unchanged)
            .Select(o => o.Value).ToList();
        Assert.Equal("global::NightlyReport", Assert.IsAssignableFrom<Model.WorkflowModel>(Assert.Single(modifiedModels)).FullName);

        // The catalog lists names only: a renamed step does not touch it.
        Assert.All(second.TrackedSteps[TrackingNames.Catalog].SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        Assert.Equal(["NightlyReport.g.cs"], ReEmittedHintNames(second));
        Assert.Contains("\"count-all-rows\"", second.GeneratedSources.Single(s => s.HintName == "NightlyReport.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Adding_a_workflow_emits_it_and_the_catalog_but_not_the_other_workflows()
    {
        var (_, second) = RunTwice(Sources.IncidentJson, Sources.IncidentApproval, Sources.Unrelated,
            edit: c => Replace(c, SecondFile, Sources.Minimal));

        Assert.Equal(["IrlExec.WorkflowCatalog.g.cs", "NightlyReport.g.cs"], ReEmittedHintNames(second).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_tracked_step_output_holds_a_symbol_syntax_node_location_or_compilation()
    {
        var (first, second) = RunTwice(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal,
            edit: c => Replace(c, SecondFile, Sources.Minimal.Replace("count-rows", "count-all-rows")));

        foreach (var run in new[] { first, second })
        {
            foreach (var name in AllTrackingNames)
            {
                foreach (var step in run.TrackedSteps[name])
                {
                    foreach (var (value, _) in step.Outputs) AssertNoRoslynObjects(value, name, depth: 0);
                }
            }
        }
    }

    private static (GeneratorRunResult First, GeneratorRunResult Second) RunTwice(string a, string b, string c, Func<Compilation, Compilation> edit)
    {
        var compilation = GeneratorHarness.Compile(a, b, c);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        driver = driver.RunGenerators(edit(compilation));
        return (first, driver.GetRunResult().Results.Single());
    }

    private static Compilation Replace(Compilation compilation, string path, string newText)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        Assert.NotEqual(old.ToString(), newText); // the edit really changed something
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(newText, GeneratorHarness.ParseOptions, path));
    }

    private static void AssertEveryTrackedStepCachedOrUnchanged(GeneratorRunResult run)
    {
        foreach (var name in AllTrackingNames)
        {
            var outputs = run.TrackedSteps[name].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step '{name}' reported {o.Reason} for {o.Value}"));
        }
    }

    private static void AssertNoSourceReEmitted(GeneratorRunResult run)
    {
        var sourceOutputs = run.TrackedOutputSteps.Values.SelectMany(steps => steps).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(sourceOutputs);
        Assert.Empty(ReEmittedHintNames(run));
    }

    /// <summary>
    /// The hint names of the sources a run emitted again (New or Modified source-output steps). A source-output step's
    /// value is the pair (generated sources, diagnostics); the generated source type is internal to Roslyn, so its
    /// <c>HintName</c> is read by reflection (test code only).
    /// </summary>
    private static List<string> ReEmittedHintNames(GeneratorRunResult run) =>
        run.TrackedOutputSteps.Values.SelectMany(steps => steps).SelectMany(s => s.Outputs)
            .Where(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified)
            .SelectMany(o => ((IEnumerable)o.Value.GetType().GetField("Item1")!.GetValue(o.Value)!).Cast<object>())
            .Select(source => (string)source.GetType().GetProperty("HintName")!.GetValue(source)!)
            .ToList();

    private static void AssertNoRoslynObjects(object? value, string step, int depth)
    {
        if (value is null || depth > 10) return;
        Assert.False(value is ISymbol or SyntaxNode or SyntaxTree or Location or Compilation or SemanticModel or SyntaxToken,
            $"step '{step}' holds a {value.GetType().Name}");
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is string) return;
        if (value is IEnumerable items)
        {
            foreach (var item in items) AssertNoRoslynObjects(item, step, depth + 1);
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), step, depth + 1);
        }
    }
}
