using System.Data.Common;
using System.Globalization;

namespace AiGateway.Dashboard.Data;

/// <summary>
/// Parameter values for the hand-written bulk writers, in the form EF itself stores them: on SQLite dates and times
/// as TEXT ("yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss.FFFFFFF"), on SQL Server as date and datetime2.
/// </summary>
public static class ColumnValues
{
    public static bool IsSqlite(DbConnection connection) => connection.GetType().Name.StartsWith("Sqlite", StringComparison.Ordinal);

    public static object Day(DateOnly day, bool sqlite) => sqlite ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : day.ToDateTime(TimeOnly.MinValue);

    public static object Time(DateTime? time, bool sqlite) =>
        time is not { } t ? DBNull.Value : sqlite ? t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) : t;
}
