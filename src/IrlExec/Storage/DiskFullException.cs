namespace IrlExec;

/// <summary>
/// A file could not be written because its disk (or the user's quota) is full. What the execution had recorded before
/// stays as it was: a history record that did not fit is not part of the history (a torn last line is dropped when the
/// history is next opened), so the execution can be resumed once space is freed.
/// </summary>
public sealed class DiskFullException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file that could not be written.</param>
    /// <param name="executionId">The execution whose file it is, or null when it is not one execution's.</param>
    /// <param name="innerException">The operating system's error.</param>
    public DiskFullException(string filePath, string? executionId, Exception? innerException)
        : base(BuildMessage(filePath, executionId), innerException)
    {
        FilePath = filePath;
        ExecutionId = executionId;
    }

    /// <summary>The file that could not be written.</summary>
    public string FilePath { get; }

    /// <summary>The execution whose file it is, or null when it is not one execution's.</summary>
    public string? ExecutionId { get; }

    private static string BuildMessage(string filePath, string? executionId) =>
        executionId is null
            ? $"{filePath}: no space left on the disk (or the quota is used up); nothing already written was changed. Free some space and try again."
            : $"{filePath}: no space left on the disk (or the quota is used up); what execution '{executionId}' recorded before is kept. Free some space, then resume it (irlexec resume {executionId}).";

    /// <summary>Whether <paramref name="error"/> says the disk or the quota is full (ENOSPC, EDQUOT, ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL).</summary>
    internal static bool IsDiskFull(IOException error)
    {
        const int ENOSPC = 28, EDQUOT = 122, ErrorHandleDiskFull = unchecked((int)0x80070027), ErrorDiskFull = unchecked((int)0x80070070);
        return error.HResult is ENOSPC or EDQUOT or ErrorHandleDiskFull or ErrorDiskFull
            || (OperatingSystem.IsMacOS() && error.HResult == 69); // EDQUOT on macOS
    }
}
