using IrlExec.Generators.Diagnostics;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace IrlExec.Analyzers.Tests.Infrastructure;

/// <summary>
/// How a test checks the analyzers and code fixes (Microsoft.CodeAnalysis.Testing underneath, see <see cref="IrlExecTest"/>).
/// Sources use the framework's markup: <c>{|IRL0005:text|}</c> expects IRL0005 exactly on <c>text</c>;
/// <c>{|#0:text|}</c> marks location 0 for an expected <see cref="Diagnostic(string)"/> that also checks the message.
/// The IrlExec diagnostics must be exactly the expected ones, and the source must have no compiler error (a compiler
/// error is a failure unless expected). Every check runs against both target frameworks of the package.
/// </summary>
internal static class Verify
{
    /// <summary>The frameworks every check runs against: those of the IrlExec package.</summary>
    public static IReadOnlyList<TargetFramework> Frameworks { get; } = [TargetFramework.Net80, TargetFramework.Net100];

    /// <summary>An expected IrlExec diagnostic (its severity comes from its descriptor); add <c>.WithLocation(0)</c>, <c>.WithMessage(...)</c>.</summary>
    public static DiagnosticResult Diagnostic(string id) => new(DiagnosticDescriptors.All.Single(d => d.Id == id));

    /// <summary>The generator and every analyzer on <paramref name="source"/>: exactly the marked and <paramref name="expected"/> diagnostics.</summary>
    public static Task Analyzer(string source, params DiagnosticResult[] expected) =>
        Run(framework =>
        {
            var test = new IrlExecTest(framework) { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test;
        });

    /// <summary>
    /// <typeparamref name="TCodeFix"/> on <paramref name="source"/>: its diagnostics are the marked ones, fixing them one
    /// by one gives <paramref name="fixedSource"/>, and so does fixing them all at once (fix all in document, project and
    /// solution, through the provider's fix-all provider). Markup in <paramref name="fixedSource"/> marks the diagnostics
    /// that remain; without markup it must have none.
    /// </summary>
    public static Task CodeFix<TCodeFix>(string source, string fixedSource)
        where TCodeFix : CodeFixProvider, new() =>
        Run(framework => new IrlExecTest(framework) { TestCode = source, FixedCode = fixedSource, CodeFixes = { new TCodeFix() } });

    /// <summary>
    /// <typeparamref name="TCodeFix"/> fixes only the <paramref name="occurrence"/>-th (0-based, in source order) of the
    /// fixable diagnostics of <paramref name="source"/>, in one step, and gives <paramref name="fixedSource"/>, whose markup
    /// marks the diagnostics that remain.
    /// </summary>
    public static Task CodeFixOne<TCodeFix>(string source, int occurrence, string fixedSource)
        where TCodeFix : CodeFixProvider, new() =>
        Run(framework => new IrlExecTest(framework)
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeFixes = { new TCodeFix() },
            CodeFixTestBehaviors = CodeFixTestBehaviors.FixOne | CodeFixTestBehaviors.SkipFixAllCheck,
            DiagnosticToFix = occurrence,
            NumberOfIncrementalIterations = 1,
            // The markup of the fixed source marks the diagnostics left, fixable ones included.
            FixedState = { MarkupHandling = MarkupMode.Allow },
        });

    /// <summary><typeparamref name="TCodeFix"/> offers no fix for the marked diagnostics of <paramref name="source"/>.</summary>
    public static Task NoCodeFix<TCodeFix>(string source)
        where TCodeFix : CodeFixProvider, new() =>
        Run(framework => new IrlExecTest(framework) { TestCode = source, FixedCode = source, CodeFixes = { new TCodeFix() } });

    /// <summary>Runs the test that <paramref name="create"/> makes for each of <paramref name="frameworks"/> (default: <see cref="Frameworks"/>).</summary>
    public static async Task Run(Func<TargetFramework, IrlExecTest> create, IEnumerable<TargetFramework>? frameworks = null)
    {
        foreach (var framework in frameworks ?? Frameworks)
        {
            try
            {
                await create(framework).RunAsync();
            }
            catch (Exception e)
            {
                // Say which framework failed; the framework's own message (with its diff) follows.
                throw new InvalidOperationException($"Against the {framework} reference assemblies: {e.Message}", e);
            }
        }
    }
}
