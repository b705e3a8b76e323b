namespace AiGateway.Dashboard.Configuration;

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";
    public const string PostgreSql = "PostgreSql";
    public const string DefaultSqliteConnectionString = "Data Source=data/dashboard.db";

    public string Provider { get; set; } = Sqlite;
}
