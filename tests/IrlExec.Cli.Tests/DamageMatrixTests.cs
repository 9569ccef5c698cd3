using System.Text;
using System.Text.Json;
using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>
/// Every kind of file under a root, damaged in every way a crash, a full disk or a careless edit damages a file, or
/// deleted, and what validate, list, status and resume then say: the exit code, the file named, and that no other
/// execution disappears from the listing. The root holds a paused deploy (A, whose files are damaged) and a completed one (B,
/// whose result is the one damaged for the result file).
/// </summary>
public sealed class DamageMatrixTests(DamageMatrixTests.Template template) : IClassFixture<DamageMatrixTests.Template>
{
    public enum Artifact
    {
        History,
        Snapshot,
        Markdown,
        Workspace,
        Log,
        Result,
        ActiveList,
        Manifest,
    }

    public enum Damage
    {
        Empty,
        TruncatedMidFile,
        TornTail,
        FlippedByte,
        DuplicatedLine,
        DeletedLine,
        InvalidUtf8,
        Deleted,
    }

    /// <summary>
    /// What the four commands do with one damaged file; <paramref name="ListedAs"/> is the status list shows for the
    /// execution when it exits 5 (DAMAGED unless the history is missing and a view still shows the execution).
    /// </summary>
    private sealed record Expected(int Validate, int List, int Status, int Resume, string ValidateSays, string ListedAs = "DAMAGED");

    public static TheoryData<Artifact, Damage> Cases()
    {
        var cases = new TheoryData<Artifact, Damage>();
        foreach (var artifact in Enum.GetValues<Artifact>())
        {
            foreach (var damage in Enum.GetValues<Damage>()) cases.Add(artifact, damage);
        }
        return cases;
    }

    // The product's rules, cell by cell (docs/cli.md and docs/storage.md say them in words):
    // - a history that cannot be read, is empty, or has lost records its views show: 5 everywhere (the execution is
    //   listed as DAMAGED, the others stay listed); a torn last history line is a warning only.
    // - a view (snapshot, markdown, log, result, active list, manifest row) that is damaged or lags: validate 5 (it
    //   compares every view with the history); list, status and resume go by the history (exit 0), and a resume
    //   rebuilds the view first (the damaged copy kept beside it).
    // - a deleted history whose markdown still shows the execution: listed from the markdown with its status, 5 from
    //   validate, list and status; resume starts a new history from the markdown, as the SDK does.
    private static Expected ExpectedFor(Artifact artifact, Damage damage) => (artifact, damage) switch
    {
        (Artifact.History, Damage.Deleted) => new(5, 5, 5, 0, "the history (the execution's record) is missing", ListedAs: "PAUSED"),
        // The result of a finished execution its views show as finished is what 'clean' deletes after its retention:
        // not a problem, and the resume of that execution is refused as for any finished one.
        (Artifact.Result, Damage.Deleted) => new(0, 0, 0, 1, ""),
        (Artifact.ActiveList, Damage.Deleted) => new(5, 0, 0, 0, "does not list the execution, which has not finished"),
        (_, Damage.Deleted) => new(5, 0, 0, 0, "is missing"),
        (Artifact.History, Damage.Empty) => new(5, 5, 5, 5, "the history is empty (0 bytes)"),
        (Artifact.History, Damage.TruncatedMidFile) => new(5, 5, 5, 5, "records are missing from the history"),
        (Artifact.History, Damage.TornTail) => new(0, 0, 0, 0, ""),
        (Artifact.History, Damage.FlippedByte or Damage.InvalidUtf8) => new(5, 5, 5, 5, "is damaged: checksum"),
        (Artifact.History, Damage.DuplicatedLine or Damage.DeletedLine) => new(5, 5, 5, 5, "has sequence number"),
        (Artifact.Log, Damage.TornTail) => new(0, 0, 0, 0, ""),
        (Artifact.Manifest, Damage.TornTail) => new(0, 0, 0, 0, ""), // text the user's README may end with
        _ => new(5, 0, 0, 0, ""),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_damaged_file_is_reported_by_file_and_no_other_execution_disappears(Artifact artifact, Damage damage)
    {
        using var root = template.CopyRoot();
        var layout = root.Layout;
        var victim = artifact == Artifact.Result ? template.Completed : template.Paused;
        var file = PathOf(layout, artifact, victim);
        Corrupt(file, damage, TargetLine(artifact, file));
        var expected = ExpectedFor(artifact, damage);

        var validate = await Irlexec.RunAsync("validate", "--root", root.Path, "--json");
        var list = await Irlexec.RunAsync("list", "--root", root.Path, "--json", "--limit", "0");
        var status = await Irlexec.RunAsync("status", victim, "--root", root.Path, "--json");
        var resume = await Irlexec.RunAsync("resume", victim, "--root", root.Path, "--assembly", Samples.Deploy, "--var", "approved_by=samson", "--json");

        // validate: the exit code, and the damaged file named with the reason.
        Assert.True(expected.Validate == validate.ExitCode, $"validate: {validate}");
        var problems = validate.Json().GetProperty("problems").EnumerateArray().ToList();
        if (expected.Validate == ExitCodes.DamagedFile)
        {
            var named = problems.Where(p => p.GetProperty("file").GetString() == file).ToList();
            Assert.True(named.Count > 0, $"validate does not name {file}: {validate}");
            Assert.Contains(named, p => p.GetProperty("message").GetString()!.Contains(expected.ValidateSays, StringComparison.Ordinal));
        }
        else
        {
            Assert.Empty(problems);
        }

        // list: both executions stay listed, whatever happened to one of them.
        Assert.True(expected.List == list.ExitCode, $"list: {list}");
        var rows = list.Json().GetProperty("executions").EnumerateArray().ToDictionary(e => e.GetProperty("execution_id").GetString()!);
        Assert.Contains(template.Paused, rows.Keys);
        Assert.Contains(template.Completed, rows.Keys);
        var otherStatus = rows[victim == template.Paused ? template.Completed : template.Paused].GetProperty("status").GetString();
        Assert.Equal(victim == template.Paused ? "COMPLETED_SUCCESS" : "PAUSED", otherStatus);
        if (expected.List == ExitCodes.DamagedFile)
        {
            Assert.Equal(expected.ListedAs, rows[victim].GetProperty("status").GetString());
            Assert.Contains(file, rows[victim].GetProperty("error").GetString());
        }
        else
        {
            Assert.Equal(victim == template.Paused ? "PAUSED" : "COMPLETED_SUCCESS", rows[victim].GetProperty("status").GetString());
        }

        // status: from the history; a history that cannot be trusted is an error naming it.
        Assert.True(expected.Status == status.ExitCode, $"status: {status}");
        if (expected.Status == ExitCodes.DamagedFile) Assert.Contains(file, status.Error);

        // resume: refused for a history that cannot be trusted; otherwise the views are rebuilt first and it completes.
        Assert.True(expected.Resume == resume.ExitCode, $"resume: {resume}");
        if (expected.Resume == ExitCodes.DamagedFile)
        {
            Assert.Contains(file, resume.Error);
        }
        else if (expected.Resume == ExitCodes.Failed)
        {
            Assert.Contains("a finished execution's history is immutable", resume.Error);
        }
        else
        {
            Assert.Equal("COMPLETED_SUCCESS", resume.Json().GetProperty("status").GetString());
            var after = await Irlexec.RunAsync("validate", "--root", root.Path, "--json");
            Assert.True(after.ExitCode == ExitCodes.Ok, $"validate after the resume: {after}");
        }
    }

    private static string PathOf(ExecutionLayout layout, Artifact artifact, string id)
    {
        var state = ExecutionStateProjector.Replay(HistoryCodec.Decode(File.ReadAllBytes(layout.HistoryFile(id)), layout.HistoryFile(id)).Records);
        return artifact switch
        {
            Artifact.History => layout.HistoryFile(id),
            Artifact.Snapshot => layout.SnapshotFile(id),
            Artifact.Markdown => layout.MarkdownFile(id),
            Artifact.Workspace => layout.WorkspaceStateFile,
            Artifact.Log => layout.LogFile(state.RunLabel),
            Artifact.Result => layout.ResultFile(state.Workflow, state.RunLabel),
            Artifact.ActiveList => layout.ActiveWorkflowsFile,
            _ => layout.ManifestFile,
        };
    }

    // Where a line is damaged: the middle of the file, except in the shared files, where it is the paused execution's
    // own entry or row (the rest of the README is the user's own text).
    private int TargetLine(Artifact artifact, string file)
    {
        var lines = File.ReadAllLines(file);
        var key = artifact switch
        {
            Artifact.ActiveList => template.Paused,
            Artifact.Manifest => template.PausedLogName,
            _ => null,
        };
        // In the middle of a file: the first line from the middle on with a letter to flip (an
        // indented JSON file has lines that are only a brace).
        return key is null
            ? Array.FindIndex(lines, lines.Length / 2, l => l.Any(char.IsAsciiLetter))
            : Array.FindIndex(lines, l => l.Contains(key, StringComparison.Ordinal));
    }

    private static void Corrupt(string file, Damage damage, int target)
    {
        if (damage == Damage.Deleted)
        {
            File.Delete(file);
            return;
        }
        var bytes = File.ReadAllBytes(file);
        var lines = SplitLines(bytes);
        Assert.InRange(target, 0, lines.Count - 1);
        byte[] damaged = damage switch
        {
            Damage.Empty => [],
            // Whole lines lost from the target line on, and the target line itself cut in half (no newline).
            Damage.TruncatedMidFile => [.. lines.Take(target).SelectMany(l => l), .. lines[target].Take(lines[target].Length / 2)],
            // A line being written when the process stopped: the start of a line, no newline.
            Damage.TornTail => [.. bytes, .. lines[0].Take(Math.Max(1, lines[0].Length / 3)).Where(b => b != (byte)'\n')],
            Damage.FlippedByte => Replace(lines, target, line => FlipLetter(line, b => (byte)(b ^ 0x20))),
            Damage.DuplicatedLine => [.. lines.Take(target + 1).SelectMany(l => l), .. lines[target], .. lines.Skip(target + 1).SelectMany(l => l)],
            Damage.DeletedLine => [.. lines.Take(target).SelectMany(l => l), .. lines.Skip(target + 1).SelectMany(l => l)],
            _ => Replace(lines, target, line => FlipLetter(line, _ => 0xFF)),
        };
        File.WriteAllBytes(file, damaged);
    }

    // Each line with its newline.
    private static List<byte[]> SplitLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            lines.Add(bytes[start..(i + 1)]);
            start = i + 1;
        }
        if (start < bytes.Length) lines.Add(bytes[start..]);
        return lines;
    }

    private static byte[] Replace(List<byte[]> lines, int target, Func<byte[], byte[]> change) =>
        [.. lines.Select((line, i) => i == target ? change(line) : line).SelectMany(l => l)];

    // The first ASCII letter from the middle of the line on (wrapping to its start), changed.
    private static byte[] FlipLetter(byte[] line, Func<byte, byte> change)
    {
        var copy = line.ToArray();
        for (var n = 0; n < copy.Length; n++)
        {
            var i = (copy.Length / 2 + n) % copy.Length;
            if (copy[i] is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z'))
            {
                copy[i] = change(copy[i]);
                return copy;
            }
        }
        throw new InvalidOperationException("no letter in the line: " + Encoding.UTF8.GetString(line));
    }

    /// <summary>A root with a completed deploy and a paused one, made once, copied for each case.</summary>
    public sealed class Template : IAsyncLifetime
    {
        private readonly TempRoot _root = new();

        public string Completed { get; private set; } = "";

        public string Paused { get; private set; } = "";

        /// <summary>The paused execution's log file as the manifest names it (its row's key).</summary>
        public string PausedLogName { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Completed = await Samples.CompletedDeployAsync(_root);
            Paused = await Samples.StartPausedDeployAsync(_root);
            var state = ExecutionStateProjector.Replay(HistoryCodec.Decode(File.ReadAllBytes(_root.Layout.HistoryFile(Paused)), "").Records);
            PausedLogName = Path.GetFileName(_root.Layout.LogFile(state.RunLabel));
            // The root is consistent before anything is damaged.
            var validate = await Irlexec.RunAsync("validate", "--root", _root.Path);
            Assert.True(validate.ExitCode == ExitCodes.Ok, validate.ToString());
        }

        internal TempRoot CopyRoot()
        {
            var copy = new TempRoot();
            foreach (var file in Directory.EnumerateFiles(_root.Path, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.Path, Path.GetRelativePath(_root.Path, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            return copy;
        }

        public Task DisposeAsync()
        {
            _root.Dispose();
            return Task.CompletedTask;
        }
    }
}
