using System.Collections.Generic;
using IrlExec.Generators.Model;

namespace IrlExec.Generators.Parsing
{
    /// <summary>The <c>[Service]</c> properties of a step, checked; null when one cannot be set by the generated code (IRL0031).</summary>
    internal static class ServiceProperties
    {
        public static EquatableArray<ServiceModel>? Build(StepDeclaration step)
        {
            if (step.Services.Count == 0) return EquatableArray<ServiceModel>.Empty;
            var services = new List<ServiceModel>(step.Services.Count);
            foreach (var service in step.Services)
            {
                if (service.IsStatic || service.IsIndexer || !service.IsServiceType) return null;
                if (service.Setter is not { } setter || !Parser.IsReachable(setter)) return null;
                // A property is either bound from variables or resolved as a service, not both.
                foreach (var property in step.Properties)
                {
                    if (property.Name == service.Name) return null;
                }
                services.Add(new ServiceModel(service.Name, service.TypeName, service.IsOptional));
            }
            return services.ToEquatableArray();
        }
    }
}
