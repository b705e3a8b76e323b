using System.Data.Common;
using AiGateway.Dashboard.Data;

namespace AiGateway.Dashboard.Features.Usage;

/// <summary>The event ids of a batch, one prepared INSERT reused for every id inside the caller's transaction (as <see cref="Sync.CostRecordWriter"/>).</summary>
public static class UsageEventIdWriter
{
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> ids, DateTime seenUtc, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO \"UsageEventIds\" (\"EventId\", \"SeenUtc\") VALUES (@id, @seen)";
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        var seen = command.CreateParameter();
        seen.ParameterName = "@seen";
        seen.Value = ColumnValues.Time(seenUtc, ColumnValues.DialectOf(connection));
        command.Parameters.Add(id);
        command.Parameters.Add(seen);
        var first = true;
        foreach (var value in ids)
        {
            id.Value = value;
            if (first) await command.PrepareAsync(cancellationToken);
            first = false;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
