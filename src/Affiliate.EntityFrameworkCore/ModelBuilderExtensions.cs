using Affiliate;
using Affiliate.EntityFrameworkCore;

// In Microsoft.EntityFrameworkCore so that modelBuilder.UseAffiliates() needs no extra using, as EF's own do.
#pragma warning disable IDE0130
namespace Microsoft.EntityFrameworkCore;

#pragma warning restore IDE0130

/// <summary>Adds the affiliate tables to a host's own DbContext.</summary>
public static class AffiliateModelBuilderExtensions
{
    /// <summary>
    /// Adds the affiliate entities to the model: call it from the host's <c>OnModelCreating</c>. No base class to
    /// inherit, no model customizer taken.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The table prefix or the schema is not a plain lower-case name (see <see cref="AffiliateModelOptions"/>).
    /// </exception>
    /// <example><code>
    /// protected override void OnModelCreating(ModelBuilder modelBuilder)
    /// {
    ///     base.OnModelCreating(modelBuilder);
    ///     modelBuilder.UseAffiliates();
    /// }
    /// </code></example>
    public static ModelBuilder UseAffiliates(
        this ModelBuilder modelBuilder,
        Action<AffiliateModelOptions>? configure = null
    )
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var options = new AffiliateModelOptions();
        configure?.Invoke(options);
        options.Validate(nameof(configure));
        var model = new AffiliateModel(options);

        // The schema scripts read the names back from the model, so the tables and the scripts always agree.
        modelBuilder.HasAnnotation(AffiliateModelOptions.PrefixAnnotation, options.TablePrefix);
        modelBuilder.HasAnnotation(AffiliateModelOptions.SchemaAnnotation, options.Schema);
        modelBuilder.ApplyConfiguration<PartnerRow>(model);
        modelBuilder.ApplyConfiguration<ReferralCodeRow>(model);
        modelBuilder.ApplyConfiguration<ClickRow>(model);
        modelBuilder.ApplyConfiguration<CustomerBindingRow>(model);
        modelBuilder.ApplyConfiguration<ConversionRow>(model);
        modelBuilder.ApplyConfiguration<ConversionPartnerRow>(model);
        modelBuilder.ApplyConfiguration<RefundRow>(model);
        modelBuilder.ApplyConfiguration<CommissionLineRow>(model);
        modelBuilder.ApplyConfiguration<PayoutRow>(model);
        modelBuilder.ApplyConfiguration<PlanRow>(model);
        modelBuilder.ApplyConfiguration<OutboxRow>(model);
        modelBuilder.ApplyConfiguration<SchemaVersionRow>(model);
        modelBuilder.ApplyConfiguration<DailyStatsRow>(model);
        modelBuilder.ApplyConfiguration<DailyVisitorRow>(model);
        modelBuilder.ApplyConfiguration<ActivityRow>(model);
        modelBuilder.ApplyConfiguration<PartnerBalanceRow>(model);
        modelBuilder.ApplyConfiguration<CustomerRow>(model);
        modelBuilder.ApplyConfiguration<PartnerLinkRow>(model);
        modelBuilder.ApplyConfiguration<PartnerPostbackRow>(model);
        modelBuilder.ApplyConfiguration<InboxEventRow>(model);
        modelBuilder.ApplyConfiguration<InboxPaymentRow>(model);
        modelBuilder.ApplyConfiguration<LedgerSealRow>(model);
        return modelBuilder;
    }
}
