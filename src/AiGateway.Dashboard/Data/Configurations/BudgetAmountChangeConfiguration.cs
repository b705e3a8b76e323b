using AiGateway.Dashboard.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AiGateway.Dashboard.Data.Configurations;

internal sealed class BudgetAmountChangeConfiguration : IEntityTypeConfiguration<BudgetAmountChange>
{
    public void Configure(EntityTypeBuilder<BudgetAmountChange> b)
    {
        b.ToTable("BudgetAmountChanges");
        b.HasOne<Budget>().WithMany().HasForeignKey(x => x.BudgetId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.BudgetId, x.EffectiveFrom }).IsUnique();
        b.Property(x => x.ChangedBy).HasMaxLength(320);
    }
}
