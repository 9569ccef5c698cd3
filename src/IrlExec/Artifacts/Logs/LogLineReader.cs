namespace IrlExec;

/// <summary>Reads execution log files (<c>execution/logs/*.log</c>) back into <see cref="LogLine"/>s, for the CLI and tests.</summary>
public static class LogLineReader
{
    /// <summary>Reads every line of the file at <paramref name="path"/> (blank lines are skipped).</summary>
    /// <exception cref="ExecutionDataException">A line is not in the log format (the message names file and line).</exception>
    public static IReadOnlyList<LogLine> ReadFile(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        return Read(reader, path);
    }

    /// <summary>Reads every line from <paramref name="reader"/>; <paramref name="filePath"/> is used in error messages.</summary>
    /// <exception cref="ExecutionDataException">A line is not in the log format.</exception>
    public static IReadOnlyList<LogLine> Read(TextReader reader, string filePath)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new List<LogLine>();
        var number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (text.Length == 0) continue;
            lines.Add(LogLine.TryParse(text, out var problem) ?? throw new ExecutionDataException(filePath, number, problem!));
        }
        return lines;
    }
}
