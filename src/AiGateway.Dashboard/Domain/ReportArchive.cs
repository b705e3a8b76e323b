namespace AiGateway.Dashboard.Domain;

/// <summary>
/// An archived month-end workbook (the whole organization). Re-generating a month adds a version; every version
/// is kept with its checksum and what changed since the one before.
/// </summary>
public class ReportArchive
{
    public int Id { get; set; }
    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; set; }
    public int Version { get; set; }
    public DateTime CreatedUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>.</summary>
    public string Sha256 { get; set; } = "";
    public long SizeBytes { get; set; }
    public byte[] Content { get; set; } = [];
    public long TotalMicros { get; set; }
    /// <summary>Key figures (total, unallocated, per unit) as JSON, to say what changed in the next version.</summary>
    public string FiguresJson { get; set; } = "{}";
    public string Changes { get; set; } = "";
    public DateTime? EmailedUtc { get; set; }
    /// <summary>Archived when the month closed: the figures are final. Otherwise the workbook is preliminary.</summary>
    public bool Final { get; set; }
}
