using System;
using System.Collections.Generic;
using System.Text;
using IrlExec.Generators.Model;

namespace IrlExec.Generators.Emitting
{
    /// <summary>
    /// Writes the typed members of a workflow class that hosts use: its <c>IWorkflow&lt;T&gt;</c> implementation, the
    /// nested <c>State</c> (a typed view of an execution: each variable as a property, null until produced, secrets
    /// left out) and <c>Changes</c> (the same variables, all optional, to set on resume, secrets included).
    /// </summary>
    internal static class TypedStateEmitter
    {
        // Members of WorkflowStateView / WorkflowChanges / object and of the generated classes themselves: a variable
        // whose property name would be one of them gets the suffix "Value" (status → StatusValue), in both classes.
        private static readonly HashSet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
        {
            "ExecutionId", "Workflow", "Status", "StatusReason", "CurrentStep", "CurrentStepName", "Mode", "WaitingForSignal",
            "WakeAt", "StartTime", "LastUpdated", "IsFinished", "Execution", "From", "WorkflowName", "RequireWorkflow", "IsUnset",
            "Read", "ToVariables", "State", "Changes", "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone",
            "ReferenceEquals", "Finalize",
        };

        /// <summary>One variable of the workflow as the typed classes show it.</summary>
        private sealed class TypedVariable
        {
            public TypedVariable(string name, TypeModel type, string description)
            {
                Name = name;
                Type = type;
                Description = description;
            }

            public string Name { get; }
            public TypeModel Type { get; }
            public string Description { get; }
            public bool IsSecret { get; set; }
            public string Property { get; set; } = "";
            public string Local { get; set; } = "";
        }

        /// <summary>The explicit <c>IWorkflow&lt;T&gt;</c> members of the workflow class.</summary>
        public static void EmitWorkflowInterface(IndentedWriter w, WorkflowModel workflow, string generatedCode)
        {
            var names = workflow.Names;
            var contract = $"global::IrlExec.IWorkflow<{workflow.FullName}>";
            w.Line(generatedCode);
            w.Line($"static global::IrlExec.WorkflowDefinition {contract}.Definition => {names.DefinitionMember};");
            w.Line();
            w.Line(generatedCode);
            w.Line($"global::IrlExec.VariableStore {contract}.ToVariables() => this.{names.ToVariablesMember}();");
        }

        /// <summary>The nested <c>State</c> class (when <see cref="GeneratedNames.State"/> is emitted).</summary>
        public static void EmitState(IndentedWriter w, WorkflowModel workflow, Func<TypeModel, string> json, string generatedCode)
        {
            var names = workflow.Names;
            var readable = new List<TypedVariable>();
            foreach (var variable in VariablesOf(workflow))
            {
                if (!variable.IsSecret) readable.Add(variable);
            }
            w.Lines($$"""
                /// <summary>
                /// A typed view of an execution of workflow <c>{{Xml(workflow.Name)}}</c>: its status and current step, and each
                /// variable (<c>[Variable]</c>s and step <c>[Output]</c>s) as a typed property, null until it is produced. Secret
                /// variables are not shown. Read one with <c>runner.GetStateAsync&lt;State&gt;(id)</c>, a host's
                /// <c>client.GetStateAsync&lt;State&gt;(id)</c>, or <see cref="From"/>.
                /// </summary>
                {{generatedCode}}
                public {{names.NewModifier(GeneratedNames.State)}}sealed class State : global::IrlExec.WorkflowStateView, global::IrlExec.IWorkflowState<State>
                """);
            w.Open();
            w.Line("private State(global::IrlExec.ExecutionState state) : base(state) { }");
            w.Line();
            w.Line($"static string global::IrlExec.IWorkflowState<State>.WorkflowName => {new CSharpLiteral(workflow.Name)};");
            foreach (var variable in readable)
            {
                w.Line();
                w.Line($"/// <summary>{variable.Description}; null until it is produced.</summary>");
                w.Line($"public {Nullable(variable.Type)} {variable.Property} {{ get; private set; }}");
            }
            w.Line();
            w.Lines($$"""
                /// <summary>The view of <paramref name="state"/>, an execution of workflow <c>{{Xml(workflow.Name)}}</c>.</summary>
                /// <exception cref="global::IrlExec.WorkflowException">The execution runs another workflow, or a value cannot be read as its declared type.</exception>
                public static State From(global::IrlExec.ExecutionState state)
                """);
            w.Open();
            w.Line($"RequireWorkflow(state, {new CSharpLiteral(workflow.Name)});");
            w.Line("var view = new State(state);");
            if (readable.Count > 0)
            {
                w.Line("foreach (var variable in state.Variables)").Open();
                w.Line("if (IsUnset(variable)) continue;");
                w.Line("switch (variable.Name)").Open();
                foreach (var variable in readable)
                {
                    w.Line($"case {new CSharpLiteral(variable.Name)}: view.{variable.Property} = Read<{variable.Type.JsonTypeName}>(variable, {json(variable.Type)}); break;");
                }
                w.Close();
                w.Close();
            }
            w.Line("return view;");
            w.Close();
            w.Close();
        }

        /// <summary>The nested <c>Changes</c> class (when <see cref="GeneratedNames.Changes"/> is emitted).</summary>
        public static void EmitChanges(IndentedWriter w, WorkflowModel workflow, Func<TypeModel, string> json, string generatedCode)
        {
            var names = workflow.Names;
            var variables = VariablesOf(workflow);
            w.Lines($$"""
                /// <summary>
                /// Variables to set on an execution of workflow <c>{{Xml(workflow.Name)}}</c> before it resumes (a human's decision, a
                /// secret given back): every property is optional, and one left null is left as it is. Pass it to
                /// <c>ResumeAsync(runner, id, changes)</c> or a host's <c>client.ResumeAsync(id, changes)</c>.
                /// </summary>
                {{generatedCode}}
                public {{names.NewModifier(GeneratedNames.Changes)}}sealed class Changes : global::IrlExec.WorkflowChanges
                """);
            w.Open();
            w.Line("/// <inheritdoc />");
            w.Line($"public override string Workflow => {new CSharpLiteral(workflow.Name)};");
            foreach (var variable in variables)
            {
                w.Line();
                w.Line($"/// <summary>{variable.Description}{(variable.IsSecret ? " (secret: kept secret)" : "")}; null leaves it as it is.</summary>");
                w.Line($"public {Nullable(variable.Type)} {variable.Property} {{ get; set; }}");
            }
            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line("public override global::IrlExec.VariableStore ToVariables()").Open();
            w.Line("var variables = new global::IrlExec.VariableStore();");
            foreach (var variable in variables)
            {
                w.Line($"if (this.{variable.Property} is {{ }} {variable.Local}) variables.Set<{variable.Type.JsonTypeName}>({new CSharpLiteral(variable.Name)}, {variable.Local}, {json(variable.Type)}, isSecret: {(variable.IsSecret ? "true" : "false")});");
            }
            w.Line("return variables;");
            w.Close();
            w.Close();
        }

        /// <summary>The typed <c>ResumeAsync(runner, id, Changes)</c> overload.</summary>
        public static void EmitResumeWithChanges(IndentedWriter w, WorkflowModel workflow, string generatedCode)
        {
            var names = workflow.Names;
            w.Lines($$"""
                /// <summary>Continues execution <paramref name="executionId"/> from its first step not completed, with the variables <paramref name="changes"/> sets first (the others are left as they are).</summary>
                {{generatedCode}}
                public static {{names.NewModifier(GeneratedNames.ResumeAsync)}}global::System.Threading.Tasks.Task<global::IrlExec.ExecutionResult> ResumeAsync(global::IrlExec.WorkflowRunner runner, string executionId, Changes changes, global::IrlExec.RunOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)
                {
                    if (runner is null) throw new global::System.ArgumentNullException(nameof(runner));
                    if (changes is null) throw new global::System.ArgumentNullException(nameof(changes));
                    return runner.ResumeAsync({{names.DefinitionMember}}, executionId, changes.ToVariables(), options, cancellationToken);
                }
                """);
        }

        // Every variable once, by name: the [Variable]s, then each step's outputs in step order. The first declaration
        // gives the type; the variable is secret when any declaration is.
        private static List<TypedVariable> VariablesOf(WorkflowModel workflow)
        {
            var list = new List<TypedVariable>();
            var byName = new Dictionary<string, TypedVariable>(StringComparer.Ordinal);
            foreach (var variable in workflow.Variables)
            {
                Add(list, byName, variable.Name, variable.Type, $"Variable <c>{variable.Name}</c> (<c>[Variable] {variable.PropertyName}</c>)", variable.IsSecret);
            }
            foreach (var step in workflow.Steps)
            {
                foreach (var output in step.Outputs)
                {
                    var described = output.Description.Length > 0 ? ": " + Xml(output.Description) : "";
                    Add(list, byName, output.Name, output.Type, $"Variable <c>{output.Name}</c>, output of step {step.Order} (<c>{Xml(step.Name)}</c>){described}", output.IsSecret);
                }
            }
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var variable in list)
            {
                var property = PropertyName(variable.Name);
                while (Reserved.Contains(property) || !used.Add(property)) property += "Value";
                variable.Property = property;
                variable.Local = "value" + used.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return list;
        }

        private static void Add(List<TypedVariable> list, Dictionary<string, TypedVariable> byName, string name, TypeModel type, string description, bool isSecret)
        {
            if (!byName.TryGetValue(name, out var variable))
            {
                variable = new TypedVariable(name, type, description);
                byName.Add(name, variable);
                list.Add(variable);
            }
            variable.IsSecret |= isSecret;
        }

        /// <summary>
        /// The property name of variable <paramref name="name"/>: PascalCase (<c>approved_by</c> → <c>ApprovedBy</c>); an
        /// underscore stays before a part that starts with a digit (<c>step_2</c> → <c>Step_2</c>), so names stay distinct.
        /// </summary>
        internal static string PropertyName(string name)
        {
            var builder = new StringBuilder(name.Length);
            var upper = true;
            foreach (var c in name)
            {
                if (c == '_')
                {
                    upper = true;
                    continue;
                }
                if (upper)
                {
                    if (c >= '0' && c <= '9' && builder.Length > 0) builder.Append('_');
                    builder.Append(c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
                    upper = false;
                }
                else
                {
                    builder.Append(c);
                }
            }
            return builder.ToString();
        }

        // T? for the view and the changes: a value type becomes Nullable<T>, a reference type is annotated.
        private static string Nullable(TypeModel type) =>
            type.FullName.EndsWith("?", StringComparison.Ordinal) ? type.FullName : type.FullName + "?";

        private static string Xml(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
