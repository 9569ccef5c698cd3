using System.CommandLine;
using System.Text.Json;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>irlexec validate</c>: parses every history, snapshot, result, active-list, manifest, markdown and log file under the
/// root, then compares every view with its history (<see cref="ViewRepair.Check(CancellationToken)"/>), and reports each
/// problem as <c>file:line: message</c>. Exit 5 when any file is damaged or any view lags its history; a torn last line
/// (of a history or a log: a process stopped while writing it) is a warning.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(HandlerFactory handlers)
    {
        var command = new Command("validate", "Parse every state, result, log and markdown file under the root; report errors by file and line.");
        handlers.Set(command, RunAsync, StoreUse.RenderedViews);
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var layout = context.RequireExecutionFolder();
        var problems = new List<ValidationProblem>();
        var warnings = new List<ValidationProblem>();
        var checkedFiles = 0;
        foreach (var (file, check) in FilesToCheck(layout, warnings))
        {
            cancellationToken.ThrowIfCancellationRequested();
            checkedFiles++;
            try
            {
                await check(file, cancellationToken).ConfigureAwait(false);
            }
            catch (ExecutionDataException e)
            {
                problems.Add(new ValidationProblem(e.FilePath, e.Line, e.Problem));
            }
            catch (CliException e)
            {
                problems.Add(new ValidationProblem(file, 0, e.Message));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new ValidationProblem(file, 0, "cannot be read: " + e.Message));
            }
        }

        // The pages older completed rows were rolled into, and the README's link to them.
        checkedFiles += ExecutionManifest.CompletedPageFiles(layout).Count;
        foreach (var page in ExecutionManifest.CheckCompletedPages(layout)) problems.Add(new ValidationProblem(page.FilePath, page.Line, page.Problem));

        // Then every view against its history: views that lag, a history that lost records its views show, or is missing.
        var views = new ViewRepair(layout).Check(cancellationToken);
        foreach (var finding in views.Findings)
        {
            if (finding.IsWarning)
            {
                warnings.Add(new ValidationProblem(finding.File, finding.Line, finding.Message));
                continue;
            }
            // A file that cannot be read was reported above, by its own reader.
            if (finding.Condition is ViewCondition.Damaged or ViewCondition.HistoryDamaged && problems.Any(p => p.File == finding.File)) continue;
            var message = finding.Condition switch
            {
                ViewCondition.Lagging => $"lags the history of {finding.ExecutionId}: {finding.Message} 'irlexec repair' rebuilds it.",
                ViewCondition.Damaged => finding.Message + " 'irlexec repair' sets it aside and rebuilds it.",
                _ => finding.Message,
            };
            problems.Add(new ValidationProblem(finding.File, finding.Line, message));
        }

        if (context.Json)
        {
            context.WriteJson(new ValidateDocument(layout.Root, checkedFiles, problems.Count == 0, problems, warnings), CliJson.Readable.ValidateDocument);
        }
        else
        {
            foreach (var warning in warnings) context.Renderer.Warning($"warning: {warning.File}:{warning.Line}: {warning.Message}");
            foreach (var problem in problems) context.Renderer.Problem($"{problem.File}:{problem.Line}: {problem.Message}");
            var warned = warnings.Count == 0 ? "" : $" ({warnings.Count} warning(s))";
            if (problems.Count == 0) context.Renderer.Success($"{checkedFiles} files checked under {layout.Root}: no problems{warned}.");
            else context.Renderer.Line($"{checkedFiles} files checked under {layout.Root}: {problems.Count} damaged{warned}.");
        }
        return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.DamagedFile;
    }

    /// <summary>Every file validate reads, with the reader that checks it (the SDK's own readers: they raise file and line).</summary>
    private static IEnumerable<(string File, Func<string, CancellationToken, Task> Check)> FilesToCheck(ExecutionLayout layout, List<ValidationProblem> warnings)
    {
        const string historySuffix = ".history.jsonl";
        var histories = Files(layout.StateDirectory, "*" + historySuffix).ToList();
        var ids = histories.Select(f => Path.GetFileName(f)[..^historySuffix.Length]).ToHashSet(StringComparer.Ordinal);
        foreach (var history in histories)
        {
            var id = Path.GetFileName(history)[..^historySuffix.Length];
            yield return (history, (_, ct) => ExecutionFolder.LoadAsync(layout, id, ct));
        }
        foreach (var link in Directory.Exists(layout.StateDirectory) ? Directory.EnumerateFileSystemEntries(layout.StateDirectory, "*" + historySuffix).Where(f => !File.Exists(f) && new FileInfo(f).LinkTarget is not null) : [])
        {
            yield return (link, (_, _) => throw new ExecutionDataException(link, 0, $"is a symbolic link (to '{new FileInfo(link).LinkTarget}') that leads nowhere: IrlExec does not follow links inside execution/."));
        }
        foreach (var json in Files(layout.StateDirectory, "*.json"))
        {
            // <id>.json next to a history is a snapshot; anything else (a workflow's own state file) must be valid JSON.
            var snapshot = ids.Contains(Path.GetFileNameWithoutExtension(json));
            yield return (json, snapshot ? (f, _) => Run(() => SnapshotWriter.Read(f)) : CheckJson);
        }
        foreach (var json in Files(layout.ResultsDirectory, "*.json"))
        {
            var ownResult = Path.GetFileName(json).Contains("-results-", StringComparison.Ordinal);
            yield return (json, ownResult ? (f, _) => Run(() => ResultWriter.Read(f)) : CheckJson);
        }
        if (File.Exists(layout.ActiveWorkflowsFile)) yield return (layout.ActiveWorkflowsFile, (f, _) => Run(() => ActiveWorkflowsWriter.Read(f)));
        if (File.Exists(layout.ManifestFile)) yield return (layout.ManifestFile, (f, _) => Run(() => MarkdownAndLogChecks.ReadManifest(f)));
        foreach (var extra in MarkdownAndLogChecks.For(layout, warnings)) yield return extra;
    }

    private static IEnumerable<string> Files(string directory, string pattern) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, pattern).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal) : [];

    private static Task Run(Action read)
    {
        read();
        return Task.CompletedTask;
    }

    private static Task CheckJson(string file, CancellationToken cancellationToken)
    {
        try
        {
            using var _ = JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw new ExecutionDataException(file, (int)(e.LineNumber ?? 0) + 1, "not valid JSON: " + e.Message, e);
        }
        return Task.CompletedTask;
    }
}
