namespace AiGateway.Dashboard.Features.Sync;

/// <summary>Live progress of a running sync, for "Sync now".</summary>
public sealed record SyncProgress(int ConnectionId, long RunId, string Stage, int PagesFetched, int Rows);
