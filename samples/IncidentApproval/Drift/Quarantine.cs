using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IncidentApproval.Drift;

/// <summary>The files of a quarantine: <c>quarantine/&lt;integration&gt;/&lt;incident-id&gt;/{payload.json, drift_report.json, decision.json}</c>.</summary>
public static class Quarantine
{
    /// <summary>The decision mark an incident folder gets once decided.</summary>
    public const string DecisionFile = "decision.json";

    /// <summary>The incidents of <paramref name="folder"/> not decided yet, sorted by id.</summary>
    public static List<string> Pending(string folder) =>
        !Directory.Exists(folder)
            ? []
            : Directory.EnumerateDirectories(folder)
                .Where(d => File.Exists(Path.Combine(d, "drift_report.json")) && !File.Exists(Path.Combine(d, DecisionFile)))
                .Select(d => Path.GetFileName(d)!)
                .Order(StringComparer.Ordinal)
                .ToList();

    /// <summary>Reads an incident's drift report.</summary>
    /// <exception cref="InvalidDataException">The report is missing or not valid JSON.</exception>
    public static DriftReport ReadDrift(string incidentFolder)
    {
        var path = Path.Combine(incidentFolder, "drift_report.json");
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), IncidentJson.Default.DriftReport)
                ?? throw new InvalidDataException($"{path} holds null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{e.LineNumber + 1}: not a valid drift report: {e.Message}", e);
        }
    }

    /// <summary>The decision already recorded for an incident, or null.</summary>
    public static DecisionMark? ReadDecision(string incidentFolder)
    {
        var path = Path.Combine(incidentFolder, DecisionFile);
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), IncidentJson.Default.DecisionMark) : null;
    }

    /// <summary>Marks an incident decided (written last, atomically: a crash before it leaves the incident pending).</summary>
    public static void WriteDecision(string incidentFolder, DecisionMark mark) =>
        WriteAtomically(Path.Combine(incidentFolder, DecisionFile), JsonSerializer.SerializeToUtf8Bytes(mark, IncidentJson.Default.DecisionMark));

    /// <summary>Writes a file by writing a temporary file and renaming it over the target.</summary>
    public static void WriteAtomically(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary><c>execution/logs/agent-approvals-&lt;date&gt;.log</c>: the audit trail of automatic approvals, one file per UTC day.</summary>
    public static string AuditLog(string root, DateTimeOffset now) =>
        Path.Combine(root, "execution", "logs", $"agent-approvals-{now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.log");

    /// <summary>How many incidents the auditor approved on the audit log's day.</summary>
    public static int ApprovalsIn(string auditLog) =>
        File.Exists(auditLog) ? File.ReadLines(auditLog).Count(l => l.Contains("] agent-auto-approver approved ", StringComparison.Ordinal)) : 0;

    /// <summary>Appends one audit line in the seed's log format.</summary>
    public static void AppendAudit(string auditLog, DateTimeOffset now, string message)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(auditLog)!);
        var line = $"[{now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}] [INFO] [incident-approval] [apply] {message}\n";
        File.AppendAllText(auditLog, line, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
