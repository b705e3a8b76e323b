using System.Collections.Concurrent;
using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Changes;
using AiGateway.Dashboard.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Dashboard.Tests.Changes;

/// <summary>
/// The polled change log (SQL Server's relay between nodes), run on a real SQLite file by two relays as two nodes would:
/// shared changes cross, each once, never back to their sender; a row whose id was taken early but committed late is
/// still read.
/// </summary>
public class ChangeLogRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Shared_changes_cross_to_the_other_node_once_and_late_commits_are_still_read()
    {
        await using var db = await TestDatabase.CreateAsync();
        var (one, other) = (new ChangeSignal(), new ChangeSignal());
        var heardByOther = new ConcurrentQueue<DataChange>();
        var heardByOne = new ConcurrentQueue<DataChange>();
        other.Changed += heardByOther.Enqueue;
        one.Changed += heardByOne.Enqueue;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var relays = new[] { one, other }.Select(s => new ChangeLogRelay(s, db, TimeProvider.System, NullLogger<ChangeLogRelay>.Instance)).ToList();
        foreach (var relay in relays) await relay.StartAsync(stop.Token);
        await Task.Delay(300, Ct); // both have read where the log ends

        one.Publish(new DataChange(ChangeKind.Spend, ConnectionId: 7, Rows: 120));
        one.Publish(new DataChange(ChangeKind.Budgets)); // this node's own snapshot: not shared
        var crossed = await WaitForAsync(heardByOther, 1);

        crossed.ShouldHaveSingleItem().ShouldBe(new DataChange(ChangeKind.Spend, 7, 120) { Remote = true });
        heardByOne.Where(c => c.Remote).ShouldBeEmpty("a node does not hear its own changes back");

        // Another node's row committed late, under an id below the last one read: the look-back still finds it, once.
        long late;
        await using (var context = db.CreateDbContext())
        {
            var last = context.ChangeEvents.Max(e => e.Id);
            late = last - 1_000_000;
            context.ChangeEvents.Add(new ChangeEvent { Id = late, Node = "someone-else", Kind = ChangeKind.Approvals, AtUtc = TimeProvider.System.GetUtcNow().UtcDateTime });
            await context.SaveChangesAsync(Ct);
        }
        var all = await WaitForAsync(heardByOther, 2);
        all.Last().ShouldBe(new DataChange(ChangeKind.Approvals) { Remote = true });
        await Task.Delay(2_500, Ct); // two more polls
        heardByOther.Count.ShouldBe(2, "each change is handed on once");

        await stop.CancelAsync();
        foreach (var relay in relays) await relay.StopAsync(CancellationToken.None);
    }

    private static async Task<IReadOnlyList<DataChange>> WaitForAsync(ConcurrentQueue<DataChange> heard, int count)
    {
        for (var i = 0; i < 100 && heard.Count < count; i++) await Task.Delay(100, Ct);
        return heard.ToList();
    }
}
