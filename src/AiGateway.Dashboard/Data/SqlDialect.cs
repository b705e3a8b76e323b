namespace AiGateway.Dashboard.Data;

/// <summary>The database a hand-written statement speaks to: where the three differ (upserts, bulk paths, date parameters).</summary>
public enum SqlDialect
{
    Sqlite,
    SqlServer,
    PostgreSql,
}
