using AiGateway.Dashboard.Domain;
using AiGateway.Dashboard.Features.Changes;

namespace AiGateway.Dashboard.Tests.Domain;

/// <summary>What crosses between nodes: shared changes only, once, and never back to the node that sent them.</summary>
public class ChangeRelayTests
{
    [Fact]
    public void A_change_travels_as_a_short_payload_and_the_sender_ignores_its_own()
    {
        var change = new DataChange(ChangeKind.Spend, 7, 1_602);
        var payload = PostgreSqlChangeRelay.Payload("node-a", change);
        payload.ShouldBe("node-a|1|7|1602");
        PostgreSqlChangeRelay.Parse(payload, "node-b").ShouldBe(change);
        PostgreSqlChangeRelay.Parse(payload, "node-a").ShouldBeNull();
        PostgreSqlChangeRelay.Parse("node-a|x|7|1", "node-b").ShouldBeNull();
        PostgreSqlChangeRelay.Parse("unrelated", "node-b").ShouldBeNull();
        PostgreSqlChangeRelay.Parse(PostgreSqlChangeRelay.Payload("node-a", new DataChange(ChangeKind.Books)), "node-b").ShouldBe(new DataChange(ChangeKind.Books));
    }

    [Fact]
    public void Only_shared_changes_made_here_go_out_and_a_received_one_is_heard_as_remote_and_not_sent_again()
    {
        var signal = new ChangeSignal();
        var sent = new List<DataChange>();
        var heard = new List<DataChange>();
        signal.Outgoing += sent.Add;
        signal.Changed += heard.Add;

        signal.Publish(new DataChange(ChangeKind.Spend, 1, 10));
        signal.Publish(new DataChange(ChangeKind.Budgets)); // this node's own snapshot: every node evaluates its own
        signal.Receive(new DataChange(ChangeKind.Allocation));

        sent.ShouldBe([new DataChange(ChangeKind.Spend, 1, 10)]);
        heard.Select(c => (c.Kind, c.Remote)).ShouldBe([(ChangeKind.Spend, false), (ChangeKind.Budgets, false), (ChangeKind.Allocation, true)]);
    }
}
