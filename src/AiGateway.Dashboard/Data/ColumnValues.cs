using System.Data.Common;
using System.Globalization;

namespace AiGateway.Dashboard.Data;

/// <summary>
/// Parameter values for the hand-written bulk writers, in the form EF itself stores them: on SQLite dates and times
/// as TEXT ("yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss.FFFFFFF"), on SQL Server as date and datetime2, on PostgreSQL as date
/// and timestamp with time zone (UTC).
/// </summary>
public static class ColumnValues
{
    public static SqlDialect DialectOf(DbConnection connection) => connection.GetType().Name switch
    {
        var n when n.StartsWith("Sqlite", StringComparison.Ordinal) => SqlDialect.Sqlite,
        var n when n.StartsWith("Npgsql", StringComparison.Ordinal) => SqlDialect.PostgreSql,
        _ => SqlDialect.SqlServer,
    };

    public static object Day(DateOnly day, SqlDialect dialect) => dialect switch
    {
        SqlDialect.Sqlite => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        SqlDialect.PostgreSql => day,
        _ => day.ToDateTime(TimeOnly.MinValue),
    };

    public static object Time(DateTime? time, SqlDialect dialect) => time switch
    {
        null => DBNull.Value,
        { } t when dialect == SqlDialect.Sqlite => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        { } t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };
}
