namespace IrlExec;

/// <summary>The rows of the manifest's two tables.</summary>
/// <param name="Active">"Active Workflows": the time column is Started, the file column Log File.</param>
/// <param name="Completed">"Completed Workflows": the time column is Completed, the file column Results.</param>
public sealed record ManifestTables(IReadOnlyList<ManifestRow> Active, IReadOnlyList<ManifestRow> Completed);

/// <summary>One row of a manifest table, cells as written (pipes escaped as <c>\|</c>).</summary>
/// <param name="Workflow">The workflow.</param>
/// <param name="Time">Started (active) or Completed (completed), ISO 8601 UTC.</param>
/// <param name="Status">The status cell, e.g. <c>Running</c> or <c>✓ Complete</c>.</param>
/// <param name="File">Log File (active) or Results (completed), relative to <c>execution/</c>.</param>
/// <param name="Actor">Agent/User.</param>
public sealed record ManifestRow(string Workflow, string Time, string Status, string File, string Actor);
