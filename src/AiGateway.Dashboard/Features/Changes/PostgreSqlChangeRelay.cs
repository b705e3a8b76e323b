using System.Globalization;
using System.Threading.Channels;
using AiGateway.Dashboard.Domain;
using Npgsql;

namespace AiGateway.Dashboard.Features.Changes;

/// <summary>
/// Carries the typed change signal between the nodes of one PostgreSQL database: every shared change this process
/// publishes is sent with <c>pg_notify</c> on the <see cref="Channel"/> channel, and a connection kept open for it
/// <c>LISTEN</c>s and hands other nodes' changes to <see cref="ChangeSignal.Receive"/>, within milliseconds. A lost
/// connection is reopened; what was missed meanwhile is caught up by the pages' own refresh and the next evaluation.
/// </summary>
public sealed class PostgreSqlChangeRelay(ChangeSignal signal, string connectionString, ILogger<PostgreSqlChangeRelay> log) : BackgroundService
{
    public const string Channel = "aigateway_changes";

    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Channel<DataChange> _outgoing = System.Threading.Channels.Channel.CreateBounded<DataChange>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private void OnOutgoing(DataChange change) => _outgoing.Writer.TryWrite(change);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        signal.Outgoing += OnOutgoing;
        try
        {
            await Task.WhenAll(SendAsync(stoppingToken), ListenAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            signal.Outgoing -= OnOutgoing;
        }
    }

    /// <summary>"node|kind|connection|rows": short, well under NOTIFY's 8,000-byte limit.</summary>
    public static string Payload(string node, DataChange change) =>
        string.Join('|', node, ((int)change.Kind).ToString(CultureInfo.InvariantCulture), change.ConnectionId?.ToString(CultureInfo.InvariantCulture) ?? "",
            change.Rows.ToString(CultureInfo.InvariantCulture));

    /// <summary>The change a payload carries, or null when this node sent it (or it is not one of ours).</summary>
    public static DataChange? Parse(string payload, string self)
    {
        var parts = payload.Split('|');
        if (parts.Length != 4 || parts[0] == self || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var kind)) return null;
        int? connection = int.TryParse(parts[2], CultureInfo.InvariantCulture, out var id) ? id : null;
        return new DataChange((ChangeKind)kind, connection, long.TryParse(parts[3], CultureInfo.InvariantCulture, out var rows) ? rows : 0);
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in _outgoing.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                notify.Parameters.AddWithValue("channel", Channel);
                notify.Parameters.AddWithValue("payload", Payload(_node, change));
                await notify.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "A {Kind} change could not be sent to the other nodes", change.Kind);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Its own connection, outside the pool: LISTEN belongs to a session.
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (Parse(e.Payload, _node) is { } change) signal.Receive(change);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
                log.LogInformation("Listening for other nodes' changes on {Channel}", Channel);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "The change listener lost its connection; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
