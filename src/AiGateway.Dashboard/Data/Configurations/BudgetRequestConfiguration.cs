using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class BudgetRequestConfiguration : IEntityTypeConfiguration<BudgetRequest>
{
    public void Configure(EntityTypeBuilder<BudgetRequest> b)
    {
        b.ToTable("BudgetRequests");
        b.HasOne<Budget>().WithMany().HasForeignKey(x => x.BudgetId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.Status, x.CreatedUtc });
        b.HasIndex(x => new { x.BudgetId, x.CreatedUtc });
        b.HasIndex(x => x.RequesterEmail);
        b.Property(x => x.RequesterEmail).HasMaxLength(320);
        b.Property(x => x.RequesterName).HasMaxLength(200);
        b.Property(x => x.Justification).HasMaxLength(4000);
        b.Property(x => x.ExpectedOutcome).HasMaxLength(2000);
        b.Property(x => x.FirstApproverEmail).HasMaxLength(320);
        b.Property(x => x.FirstApprovalComment).HasMaxLength(2000);
        b.Property(x => x.DecidedByEmail).HasMaxLength(320);
        b.Property(x => x.DecisionComment).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsOpen);
    }
}
