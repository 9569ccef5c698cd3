namespace IrlExec.Generators.Tests.Parsing;

/// <summary>
/// Workflow declarations for the reader equivalence tests: the shapes the syntax reader reads itself, and the ones it
/// must leave to the symbols. Each is a complete file; a case may declare an invalid workflow on purpose (then both
/// readers must agree on the declarations, and the model is null either way).
/// </summary>
internal static class ReaderCases
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using IrlExec;

        """;

    private static string Workflow(string members, string before = "", string usings = Usings) => usings + before + $$"""

        namespace Cases;

        [Workflow("case-flow")]
        public partial class CaseFlow
        {
        {{members}}
        }
        """;

    private static string Step(string attribute, string body, string declaration = "public sealed class Work : IStep") => $$"""
            {{attribute}}
            {{declaration}}
            {
        {{body}}
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => default;
            }
        """;

    /// <summary>Read from syntax: every one of these must be read without the symbols, and read the same.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReadFromSyntax = new Dictionary<string, string>
    {
        ["keyword types, nullable and not"] = Workflow(
            "    [Variable] public required string Customer { get; init; }\n    [Variable(\"max\")] public int? Limit { get; set; }\n" +
            Step("[Step(1)]", """
                    [Input] public string? Note { get; set; }
                    [Input("max")] public int? Limit { get; set; }
                    [Input] public string Customer { get; set; } = "";
                    [Output] public double Score { get; set; }
                    [Output] public decimal Cost { get; set; }
                    [Output] public bool Done { get; set; }
                    [Output] public long Count { get; set; }
                    [Output] public object? Anything { get; set; }
            """)),
        ["a file with nullable annotations off"] = Workflow(
            Step("[Step(1)]", """
                    [Input] public string Name { get; set; } = "";
                    [Output] public string? Maybe { get; set; }
                    [Output] public int? Number { get; set; }
            """), before: "#nullable disable\n"),
        ["named types read from the property's symbol"] = Workflow(
            "    [Variable] public DateTime Day { get; set; }\n" +
            Step("[Step(1)]", """
                    [Input] public DateTime Day { get; set; }
                    [Input] public List<string> Tags { get; set; } = new();
                    [Output] public Guid Id { get; set; }
                    [Output] public global::System.DateTimeOffset? At { get; set; }
            """)),
        ["every step argument as a literal"] = Workflow(
            Step("""[Step(1, Name = "do-work", Component = "ops.work", Tool = "Bash", EstimatedCost = 1, EstimatedSeconds = 2.5e1, SideEffects = @"writes c:\tmp", MaxAttempts = 3, MaxRecoveryAttempts = 5)]""", """
                    [Input("customer", Template = "hello {{customer}}")] public string Greeting { get; set; } = "";
                    [Output("total", Description = "the total")] public int Total { get; set; }
            """ + "        [Output(Description = \"\"\"raw \"text\" here\"\"\")] public string Raw { get; set; } = \"\";\n")),
        ["accessors, modifiers and secrets"] = Workflow(
            "    [Variable, Secret] public string Token { get; set; } = \"\";\n    [Variable] public string Computed => \"x\";\n" +
            Step("[Step(1)]", """
                    [Input] public string A { get; private set; } = "";
                    [Input] internal string B { get; init; } = "";
                    [Input, Secret] public virtual string Token { protected internal get; set; } = "";
                    [Output] public string C => "c";
                    [Output] public string D { private get; set; } = "";
                    [Input] string E { get; set; } = "";
                    [Input][Output] public int Both { get; set; }
                    [Input] public static int Shared { get; set; }
                    [Input] public int ReadOnly { get; }
            """)),
        ["constructors"] = Workflow(
            Step("[Step(1)]", "        private Work() { }\n        public Work(int x) { }\n        [Input] public int X { get; set; }\n") +
            Step("[Step(2)]", "        internal Second() { }\n        static Second() { }\n", "public sealed class Second : IStep") +
            Step("[Step(3)]", "        protected internal Third() { }\n", "public sealed class Third : IStep") +
            Step("[Step(4)]", "        private protected Fourth() { }\n", "public class Fourth : IStep") +
            Step("[Step(5)]", "", "public abstract class Fifth : IStep") +
            Step("[Step(6)]", "", "public static class Sixth")),
        ["step classes of every accessibility and contract"] = Workflow(
            Step("[Step(1)]", "", "private sealed class First : IStep") +
            Step("[Step(2)]", "", "internal sealed partial class Second : IStep, ISimulatedStep") +
            Step("[Step(3)]", "", "public sealed class Third") +
            Step("[Step(4)]", "", "protected internal class Fourth : ISimulatedStep")),
        ["attribute names through an alias and with their suffix"] = Workflow(
            Step("[StepAttribute(1)]", """
                    [In("x")] public string X { get; set; } = "";
                    [OutputAttribute] public string Y { get; set; } = "";
            """), before: "using In = IrlExec.InputAttribute;\n"),
        ["other attributes next to IrlExec ones"] = Workflow(
            "    [Obsolete(\"old\")]\n    public int NotAVariable { get; set; }\n" +
            Step("[Step(1)][Obsolete]", """
                    [Obsolete, Input] public string X { get; set; } = "";
                    [System.ComponentModel.Description("d")] public string Y { get; set; } = "";
                    [Output][field: NonSerialized] public string Z { get; set; } = "";
            """)),
        ["a user attribute named like an IrlExec one shadows it"] = Workflow(
            "    public sealed class InputAttribute : Attribute { }\n" +
            Step("[Step(1)]", """
                    [Input] public string X { get; set; } = "";
                    [Output] public string Y { get; set; } = "";
            """)),
        ["an inaccessible attribute of the same name in a base class"] = Workflow(
            Step("[Step(1)]", """
                    [Input] public string X { get; set; } = "";
            """)).Replace("public partial class CaseFlow", "public partial class CaseFlow : WorkflowBase") +
            "\npublic class WorkflowBase { private sealed class InputAttribute : Attribute { } }\n",
        ["IrlExec imported by a global using in another part of the file"] = Workflow(
            Step("[Step(1)]", """
                    [Input] public string X { get; set; } = "";
            """), usings: "global using IrlExec;\nusing System;\nusing System.Threading;\nusing System.Threading.Tasks;\n"),
        ["invalid names and templates"] = Workflow(
            Step("""[Step(1, Name = "Not Valid")]""", """
                    [Input("Bad-Name")] public string X { get; set; } = "";
                    [Input(Template = "{{unclosed")] public string Y { get; set; } = "";
            """)),
        ["step contracts through an alias, in any order"] = Workflow(
            Step("[Step(1)]", "        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken) => default;\n",
                "public sealed class Work : ISimulatedStep, Contract"),
            before: "using Contract = IrlExec.IStep;\n"),
        ["a generic type of the same name next to a step"] = Workflow(
            Step("[Step(1)]", "        [Input] public string X { get; set; } = \"\";\n") + "    public sealed class Work<T> { }\n"),
        ["orders that are not 1..N and a nested class that is no step"] = Workflow(
            Step("[Step(2)]", "", "public sealed class Second : IStep") +
            Step("[Step(2)]", "", "public sealed class Again : IStep") +
            "    public sealed class Helper { [Input] public string X { get; set; } = \"\"; }\n"),
        ["service properties, required, optional and init-only"] = Workflow(
            Step("[Step(1)]", """
                    [Service] public IServiceProvider Provider { get; set; } = null!;
                    [Service] public IComparer<string>? Comparer { get; init; }
                    [Input] public string Name { get; set; } = "";
                    [Service] internal Func<int> Next { get; set; } = null!;
            """)),
        ["service properties the generated code cannot set"] = Workflow(
            Step("[Step(1)]", """
                    [Service] public static IServiceProvider Shared { get; set; } = null!;
                    [Service] public IServiceProvider Provider { get; private set; } = null!;
                    [Service] public int Number { get; set; }
                    [Service, Input] public string Name { get; set; } = "";
            """)),
    };

    /// <summary>Left to the symbols: the syntax reader must decline each of these (and the model must not change).</summary>
    public static readonly IReadOnlyDictionary<string, string> LeftToSymbols = new Dictionary<string, string>
    {
        ["a constant argument"] = Workflow(
            "    private const int First = 1;\n" + Step("[Step(First)]", "")),
        ["a negative number"] = Workflow(Step("[Step(1, MaxAttempts = -1)]", "")),
        ["a float literal for a double"] = Workflow(Step("[Step(1, EstimatedCost = 0.1f)]", "")),
        ["an argument by name"] = Workflow(Step("[Step(order: 1)]", "")),
        ["nameof"] = Workflow(Step("[Step(1)]", "        [Input(nameof(X))] public string X { get; set; } = \"\";\n")),
        ["an interpolated string"] = Workflow(Step("[Step(1, Name = $\"do\")]", "")),
        ["a qualified attribute name"] = Workflow(Step("[IrlExec.Step(1)]", "")),
        ["a verbatim attribute name"] = Workflow(Step("[@Step(1)]", "")),
        ["a name that also finds a type that is not an attribute"] = Workflow(
            "    public sealed class Input { }\n" + Step("[Step(1)]", "        [Input] public string X { get; set; } = \"\";\n")),
        ["an attribute with a target"] = Workflow(Step("[Step(1)]", "        [property: Input] public string X { get; set; } = \"\";\n")),
        ["an attribute given twice"] = Workflow(Step("[Step(1)]", "        [Input, Input] public string X { get; set; } = \"\";\n")),
        ["a step with a base class"] = Workflow(
            "    public class Base { }\n" + Step("[Step(1)]", "", "public sealed class Work : Base, IStep")),
        ["a step with a nested type"] = Workflow(Step("[Step(1)]", "        public sealed class Inner { }\n")),
        ["a generic step"] = Workflow(Step("[Step(1)]", "", "public sealed class Work<T> : IStep")),
        ["a step with a primary constructor"] = Workflow(Step("[Step(1)]", "", "public sealed class Work() : IStep")),
        ["a step that is a record"] = Workflow(Step("[Step(1)]", "", "public sealed record Work : IStep")),
        ["a step split over two declarations"] = Workflow(
            Step("[Step(1)]", "        [Input] public string X { get; set; } = \"\";\n", "public sealed partial class Work : IStep") +
            "    public sealed partial class Work { [Output] public string Y { get; set; } = \"\"; }\n"),
        ["a step that implements another interface too"] = Workflow(
            Step("[Step(1)]", "        public void Dispose() { }\n", "public sealed class Work : IStep, IDisposable")),
        ["a step contract named by a qualified name"] = Workflow(Step("[Step(1)]", "", "public sealed class Work : IrlExec.IStep")),
        ["a user interface named IStep shadows the contract"] = Workflow(
            "    public interface IStep { ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken); }\n" +
            Step("[Step(1)]", "")),
        ["a step named with a contextual keyword"] = Workflow(Step("[Step(1)]", "", "public sealed class async : IStep")),
        ["a step and another type of the same name"] = Workflow(
            Step("[Step(1)]", "") + "    public enum Work { One }\n"),
        ["a migration hook"] = Workflow(
            Step("[Step(1)]", "") + "    [WorkflowMigration] public static void Migrate(PlanMigrationContext context) { }\n"),
        ["an IrlExec attribute on a field"] = Workflow(Step("[Step(1)]", "        [Input] public string X = \"\";\n")),
        ["an indexer"] = Workflow(Step("[Step(1)]", "        [Input] public string this[int i] { get => \"\"; set { } }\n")),
        ["a new modifier"] = Workflow(Step("[Step(1)]", "        [Input] public new string X { get; set; } = \"\";\n")),
        ["a service attribute with a target"] = Workflow(Step("[Step(1)]", "        [property: Service] public IServiceProvider P { get; set; } = null!;\n")),
        ["a syntax error in the workflow"] = Workflow(Step("[Step(1)]", "        [Input] public string X { get; set; } = \n")),
    };
}
