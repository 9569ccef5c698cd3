using System.CommandLine;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>irlexec manifest refresh</c>: rebuilds the Active and Completed Workflows tables of <c>execution/README.md</c> from
/// the state files (the SDK's <see cref="ExecutionManifest.Refresh"/>); the rest of the README stays as written.
/// </summary>
internal static class ManifestCommand
{
    public static Command Create(HandlerFactory handlers)
    {
        var refresh = new Command("refresh", "Rebuild the Active/Completed Workflows tables of execution/README.md from the state files.");
        handlers.Set(refresh, (context, cancellationToken) =>
        {
            var layout = context.RequireExecutionFolder();
            var count = ExecutionManifest.Refresh(layout);
            if (context.Json) context.WriteJson(new ManifestDocumentSummary(layout.ManifestFile, count), CliJson.Readable.ManifestDocumentSummary);
            else context.Renderer.Success($"{count} execution(s) placed in {layout.ManifestFile}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return new Command("manifest", "Work with the execution/README.md manifest.") { refresh };
    }
}
