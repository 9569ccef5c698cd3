namespace IrlExec.Generators.Model
{
    /// <summary>
    /// A <c>[Service]</c> property of a step: set, before each call of the step, from the attempt's services
    /// (<c>StepContext.Services</c>). <paramref name="TypeName"/>: fully qualified, without a top-level <c>?</c>;
    /// <paramref name="IsOptional"/>: a nullable property, left null when the service is not there (else an error).
    /// </summary>
    internal sealed record ServiceModel(string PropertyName, string TypeName, bool IsOptional);
}
