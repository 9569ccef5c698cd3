using System;
using IrlExec.Generators.Model;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Parsing
{
    // What a reader found in a workflow class, before the parser checks it and builds the model. Two readers produce
    // them: SymbolReader (any declaration; binds every attribute it reads) and SyntaxReader (the common shapes, read
    // from syntax without binding an attribute; it declines anything else). Both must produce equal declarations for
    // the same class; DeclarationReaderEquivalenceTests holds them to it. Never part of a model, never cached.

    /// <summary>One attribute as written: its constructor arguments and its named arguments, as constants.</summary>
    internal sealed record AttributeValues(EquatableArray<ConstantValue> Arguments, EquatableArray<NamedValue> Named)
    {
        /// <summary>The single constructor argument when it is a string (<c>[Input("x")]</c>), otherwise null.</summary>
        public string? SingleString => Arguments.Count == 1 ? Arguments[0].Value as string : null;

        /// <summary>
        /// The value of named argument <paramref name="name"/> as <typeparamref name="T"/>, or default when absent or
        /// null. Numeric constants convert (<c>Named&lt;double?&gt;</c> of an int constant).
        /// </summary>
        public T? Get<T>(string name)
        {
            foreach (var argument in Named)
            {
                if (argument.Name == name && argument.Value.Value is { } value)
                {
                    if (value is T typed) return typed;
                    var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
                    if (value is IConvertible && target.IsPrimitive)
                    {
                        return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
            }
            return default;
        }
    }

    /// <summary>A constant argument; compared by value (boxed numbers and strings compare equal by value).</summary>
    internal readonly struct ConstantValue : IEquatable<ConstantValue>
    {
        public ConstantValue(object? value) => Value = value;

        public object? Value { get; }

        public bool Equals(ConstantValue other) => Equals(Value, other.Value);

        public override bool Equals(object? obj) => obj is ConstantValue other && Equals(other);

        public override int GetHashCode() => Value?.GetHashCode() ?? 0;

        public override string ToString() => Value?.ToString() ?? "null";
    }

    /// <summary>A named argument of an attribute (<c>Component = "x"</c>).</summary>
    internal sealed record NamedValue(string Name, ConstantValue Value);

    /// <summary>
    /// A property that carries an IrlExec attribute: <c>[Variable]</c> on the workflow, <c>[Input]</c>/<c>[Output]</c> on
    /// a step. <paramref name="First"/> is the <c>[Variable]</c> or <c>[Input]</c>, <paramref name="Second"/> the
    /// <c>[Output]</c>; <paramref name="Type"/> is null when the type has no JSON metadata source.
    /// </summary>
    internal sealed record PropertyDeclaration(
        string Name,
        bool IsStatic,
        bool IsIndexer,
        Accessibility? Getter,
        Accessibility? Setter,
        bool IsRequired,
        TypeModel? Type,
        AttributeValues? First,
        AttributeValues? Second,
        bool IsSecret);

    /// <summary>
    /// A <c>[Step]</c> class nested in the workflow class. <c>HasStepShape</c>: a class, not abstract, static or
    /// generic, and not private or protected. <c>HasParameterlessConstructor</c>: a reachable one. <c>Services</c>: its
    /// <c>[Service]</c> properties.
    /// </summary>
    internal sealed record StepDeclaration(
        string ClassName,
        string FullName,
        bool IsPartial,
        bool HasStepShape,
        bool IsStep,
        bool IsSimulated,
        bool HasParameterlessConstructor,
        AttributeValues Attribute,
        EquatableArray<PropertyDeclaration> Properties,
        EquatableArray<ServiceDeclaration> Services);

    /// <summary>A method marked <c>[WorkflowMigration]</c>, and whether it has the hook's shape.</summary>
    internal sealed record MigrationDeclaration(string Name, bool HasHookShape);

    /// <summary>
    /// The members of a workflow class the plan is made of: its <c>[Variable]</c> properties, its <c>[Step]</c>
    /// classes and its <c>[WorkflowMigration]</c> methods, each in declaration order.
    /// </summary>
    internal sealed record WorkflowMembers(
        EquatableArray<PropertyDeclaration> Variables,
        EquatableArray<StepDeclaration> Steps,
        EquatableArray<MigrationDeclaration> Migrations);
}
