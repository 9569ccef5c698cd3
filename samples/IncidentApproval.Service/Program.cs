using IncidentApproval;
using IncidentApproval.Service;
using IrlExec.Hosting;
using Microsoft.Extensions.Options;

// incident-approval as an HTTP service (see README.md): start a run for an integration, read its status, approve a run
// that waits at the daily cap. The hosted worker runs the executions, wakes them (the approval signal, the next day's
// timer) and recovers them after a crash. `dotnet run` needs no configuration: executions and the example quarantine
// are kept under irlexec/ next to the app (set IrlExec:Root to choose another folder).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddIrlExec(options =>
    {
        if (builder.Configuration["IrlExec:Root"] is { Length: > 0 } root) options.Root = Path.GetFullPath(root);
        options.Actor = IncidentEndpoints.Actor;
    })
    .AddWorkflows(typeof(IncidentApprovalWorkflow).Assembly);
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServiceJson.Default));

var app = builder.Build();
var folder = app.Services.GetRequiredService<IOptions<IrlExecOptions>>().Value.Root;
if (ExampleIncidents.SeedQuarantine(folder))
{
    app.Logger.LogInformation("Copied the example incidents to {Quarantine}", Path.Combine(folder, "quarantine"));
}
app.MapIncidentApproval();
app.Run();
