using System.CommandLine;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>irlexec export-training [--output FILE]</c>: one JSON Lines training example per EXECUTION-mode execution
/// (the SDK's <see cref="TrainingDataExporter"/>; secrets stay masked). To stdout, or atomically to a file.
/// </summary>
internal static class ExportTrainingCommand
{
    public static Command Create(HandlerFactory handlers)
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write the JSONL to this file (default: stdout)." };
        var command = new Command("export-training", "Export the training data of every EXECUTION-mode execution as JSON Lines.") { output };
        handlers.Set(command, (context, cancellationToken) =>
        {
            var layout = context.RequireExecutionFolder();
            var states = ExecutionStateFiles.ReadAll(layout);
            var file = context.Value(output);
            if (file is null)
            {
                TrainingDataExporter.Write(states, context.Console.Out);
                return Task.FromResult(ExitCodes.Ok);
            }
            var path = Path.GetFullPath(file);
            var count = TrainingDataExporter.WriteFile(states, path);
            if (context.Json) context.WriteJson(new ExportDocument(path, count), CliJson.Readable.ExportDocument);
            else context.Renderer.Success($"{count} training example(s) written to {path}");
            return Task.FromResult(ExitCodes.Ok);
        }, StoreUse.RenderedViews);
        return command;
    }
}
