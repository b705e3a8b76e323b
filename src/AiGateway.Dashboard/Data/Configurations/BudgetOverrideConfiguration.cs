using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class BudgetOverrideConfiguration : IEntityTypeConfiguration<BudgetOverride>
{
    public void Configure(EntityTypeBuilder<BudgetOverride> b)
    {
        b.ToTable("BudgetOverrides");
        b.HasOne<Budget>().WithMany().HasForeignKey(x => x.BudgetId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.BudgetId, x.PeriodStart }).IsUnique();
    }
}
