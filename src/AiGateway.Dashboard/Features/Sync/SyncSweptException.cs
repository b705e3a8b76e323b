namespace AiGateway.Dashboard.Features.Sync;

/// <summary>A run reached its commit after the interrupted-runs sweep had failed it: its rows are not written.</summary>
public sealed class SyncSweptException()
    : Exception("Interrupted: this run stopped beating for longer than Jobs:HeartbeatTimeout and was marked failed; what it fetched was not written. The next run re-pulls the window.");
