namespace IrlExec;

/// <summary>
/// Marks a property of a <see cref="StepAttribute"/> class as a service the step needs: before each attempt, the
/// generated binding sets it from that attempt's services (<see cref="StepContext.Services"/>, a fresh dependency
/// injection scope per attempt when the run has <see cref="RunOptions.StepServices"/>; <c>AddIrlExec</c> in
/// IrlExec.Hosting gives every hosted run one). No reflection: the binding asks the provider for the property's type.
/// </summary>
/// <remarks>
/// <para>The property needs a setter or an <c>init</c> accessor the generated code can reach (public or internal), must
/// not be static, and its type must be a class or an interface (IRL0031 reports anything else).</para>
/// <para>A property of a non-nullable type is required: an attempt without services, or whose services do not have the
/// type, fails with an error naming the step, the property and the type (a <see cref="WorkflowException"/>: the step is not
/// retried; the execution pauses, and a resume after fixing the registration runs it again). A property of a nullable
/// type (<c>IClock?</c>) is optional: it stays null then.</para>
/// <para>Services are set only when the step runs: in SIMULATION mode a step that is neither an
/// <see cref="ISimulatedStep"/> nor declared free of side effects is not called, and resolves nothing.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ServiceAttribute : Attribute
{
}
