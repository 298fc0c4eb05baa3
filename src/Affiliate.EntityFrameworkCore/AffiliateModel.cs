using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// The mapping of the affiliate rows: snake_case tables and columns (so the SQL scripts read naturally on SQLite and
/// PostgreSQL), keys that are the idempotency keys, version columns as concurrency tokens, and the indexes the
/// attribution, fraud and report queries use. It must match the scripts under Schema/.
/// </summary>
internal sealed class AffiliateModel(AffiliateModelOptions options)
    : IEntityTypeConfiguration<PartnerRow>,
        IEntityTypeConfiguration<ReferralCodeRow>,
        IEntityTypeConfiguration<ClickRow>,
        IEntityTypeConfiguration<CustomerBindingRow>,
        IEntityTypeConfiguration<ConversionRow>,
        IEntityTypeConfiguration<ConversionPartnerRow>,
        IEntityTypeConfiguration<RefundRow>,
        IEntityTypeConfiguration<CommissionLineRow>,
        IEntityTypeConfiguration<PayoutRow>,
        IEntityTypeConfiguration<PlanRow>,
        IEntityTypeConfiguration<OutboxRow>,
        IEntityTypeConfiguration<SchemaVersionRow>,
        IEntityTypeConfiguration<DailyStatsRow>,
        IEntityTypeConfiguration<DailyVisitorRow>,
        IEntityTypeConfiguration<ActivityRow>,
        IEntityTypeConfiguration<PartnerBalanceRow>,
        IEntityTypeConfiguration<CustomerRow>,
        IEntityTypeConfiguration<PartnerLinkRow>,
        IEntityTypeConfiguration<PartnerPostbackRow>,
        IEntityTypeConfiguration<InboxEventRow>,
        IEntityTypeConfiguration<InboxPaymentRow>,
        IEntityTypeConfiguration<LedgerSealRow>
{
    public void Configure(EntityTypeBuilder<PartnerRow> builder)
    {
        Table(builder, "partners");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => p.SponsorId);

        // The lists' indexes (schema 4). PostgreSQL orders the id with COLLATE "C", the segment index folds case
        // (PostgreSQL lower(segment), SQLite COLLATE NOCASE) and the name and e-mail prefix indexes fold case too
        // (lower(...) text_pattern_ops, COLLATE NOCASE): the scripts have those details, the model the columns.
        builder.HasIndex(p => new { p.JoinedAt, p.Id });
        builder.HasIndex(p => new
        {
            p.Status,
            p.JoinedAt,
            p.Id,
        });
        builder.HasIndex(p => new
        {
            p.Segment,
            p.JoinedAt,
            p.Id,
        });
        builder.HasIndex(p => new
        {
            p.Segment,
            p.Status,
            p.JoinedAt,
            p.Id,
        });
        builder.HasIndex(p => new
        {
            p.SponsorId,
            p.JoinedAt,
            p.Id,
        });
        builder.HasIndex(p => p.Name);
        builder.HasIndex(p => p.Email);
    }

    public void Configure(EntityTypeBuilder<ReferralCodeRow> builder)
    {
        Table(builder, "referral_codes");
        builder.HasKey(c => c.Normalized);
        builder.HasIndex(c => c.PartnerId);

        // Partner search reads code prefixes from the key on SQLite; PostgreSQL has (normalized COLLATE "C") for
        // them (schema 4), the same column as the key, which the model cannot tell apart.
    }

    public void Configure(EntityTypeBuilder<ClickRow> builder)
    {
        Table(builder, "clicks");
        builder.HasKey(c => new { c.ProgramId, c.Id });
        builder.HasIndex(c => new
        {
            c.ProgramId,
            c.VisitorId,
            c.OccurredAt,
        });
        builder.HasIndex(c => new
        {
            c.ProgramId,
            c.IpHash,
            c.OccurredAt,
        });
        // (program_id, partner_id, occurred_at) and (program_id, occurred_at) were dropped in schema 14: the lists'
        // indexes below begin with them.

        // The lists' indexes (schema 4); the scripts also have (program_id, partner_id, sub1, occurred_at, id), sub1
        // being an expression over the sub_ids JSON that the model cannot name.
        builder.HasIndex(c => new
        {
            c.ProgramId,
            c.OccurredAt,
            c.Id,
        });
        builder.HasIndex(c => new
        {
            c.ProgramId,
            c.PartnerId,
            c.OccurredAt,
            c.Id,
        });
    }

    public void Configure(EntityTypeBuilder<CustomerBindingRow> builder)
    {
        Table(builder, "customer_bindings");
        builder.HasKey(b => new { b.ProgramId, b.CustomerId });
    }

    public void Configure(EntityTypeBuilder<CustomerRow> builder)
    {
        Table(builder, "customers");
        builder.HasKey(c => new { c.ProgramId, c.CustomerId });
    }

    public void Configure(EntityTypeBuilder<PartnerPostbackRow> builder)
    {
        Table(builder, "partner_postbacks");
        builder.HasKey(p => p.PartnerId);
    }

    public void Configure(EntityTypeBuilder<InboxEventRow> builder)
    {
        Table(builder, "webhook_inbox");
        builder.HasKey(e => new { e.Source, e.EventId });
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => new
        {
            e.State,
            e.ReceivedAt,
            e.Source,
            e.EventId,
        });
        builder.HasIndex(e => e.WaitingFor);
    }

    public void Configure(EntityTypeBuilder<LedgerSealRow> builder)
    {
        Table(builder, "ledger_seals");
        builder.HasKey(s => s.LineId);
        builder.HasIndex(s => new { s.PartnerId, s.Position }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<InboxPaymentRow> builder)
    {
        Table(builder, "webhook_payments");
        builder.HasKey(p => new { p.Source, p.PaymentId });
        builder.HasIndex(p => new
        {
            p.Source,
            p.SubscriptionId,
            p.PaidAt,
            p.PaymentId,
        });
    }

    public void Configure(EntityTypeBuilder<ConversionRow> builder)
    {
        Table(builder, "conversions");
        builder.HasKey(c => new { c.ProgramId, c.Id });
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.ProgramId, c.OccurredAt });
        builder.HasIndex(c => new
        {
            c.ProgramId,
            c.CustomerId,
            c.OccurredAt,
        });
        builder.HasIndex(c => new
        {
            c.ProgramId,
            c.IpHash,
            c.OccurredAt,
        });
        builder.HasIndex(c => new
        {
            c.ProgramId,
            c.OccurredAt,
            c.Id,
        });
        builder.HasIndex(c => new
        {
            c.ProgramId,
            c.Status,
            c.OccurredAt,
            c.Id,
        });
    }

    public void Configure(EntityTypeBuilder<ConversionPartnerRow> builder)
    {
        Table(builder, "conversion_partners");
        builder.HasKey(c => new
        {
            c.ProgramId,
            c.ConversionId,
            c.PartnerId,
        });
        builder.HasIndex(c => new
        {
            c.ProgramId,
            c.PartnerId,
            c.OccurredAt,
        });
        builder.HasIndex(c => new
        {
            c.ProgramId,
            c.PartnerId,
            c.OccurredAt,
            c.ConversionId,
        });
        builder.HasIndex(c => new
        {
            c.ProgramId,
            c.PartnerId,
            c.Status,
            c.OccurredAt,
            c.ConversionId,
        });
    }

    public void Configure(EntityTypeBuilder<RefundRow> builder)
    {
        Table(builder, "refunds");
        builder.HasKey(r => new { r.ProgramId, r.Id });
        builder.HasIndex(r => new { r.ProgramId, r.ConversionId });
    }

    public void Configure(EntityTypeBuilder<CommissionLineRow> builder)
    {
        Table(builder, "commission_lines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.HasIndex(l => new
        {
            l.ProgramId,
            l.State,
            l.ApprovableAt,
        });
        builder.HasIndex(l => new { l.PartnerId, l.CreatedAt });
        builder.HasIndex(l => new { l.ProgramId, l.ConversionId });
        builder.HasIndex(l => l.PayoutId);
        builder.HasIndex(l => new { l.PartnerId, l.State });

        // Only the lines the jobs look for are indexed: pending ones by when they are due, and approved ones not in a
        // payout by partner and currency (see the schema scripts, version 3).
        builder
            .HasIndex(l => new
            {
                l.ProgramId,
                l.ApprovableAt,
                l.Id,
            })
            .HasFilter("state = 0");
        builder.HasIndex(l => new { l.ApprovableAt, l.Id }).HasFilter("state = 0");
        builder
            .HasIndex(l => new
            {
                l.ProgramId,
                l.PartnerId,
                l.Currency,
                l.CurrencyDigits,
                l.AmountMinor,
            })
            .HasFilter("state = 2 AND payout_id IS NULL");
        builder.HasIndex(l => new
        {
            l.ProgramId,
            l.CreatedAt,
            l.Id,
        });
        builder.HasIndex(l => new
        {
            l.ProgramId,
            l.State,
            l.CreatedAt,
            l.Id,
        });
        builder.HasIndex(l => new
        {
            l.ProgramId,
            l.PartnerId,
            l.CreatedAt,
            l.Id,
        });
        builder.HasIndex(l => new
        {
            l.ProgramId,
            l.PartnerId,
            l.State,
            l.CreatedAt,
            l.Id,
        });
        builder.HasIndex(l => new
        {
            l.ProgramId,
            l.PayoutId,
            l.CreatedAt,
            l.Id,
        });
        builder.HasIndex(l => new
        {
            l.ProgramId,
            l.ConversionId,
            l.CreatedAt,
            l.Id,
        });
        builder.HasIndex(l => new { l.ProgramId, l.AdjustmentId }).IsUnique().HasFilter("adjustment_id IS NOT NULL");
    }

    public void Configure(EntityTypeBuilder<PayoutRow> builder)
    {
        Table(builder, "payouts");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => new
        {
            p.ProgramId,
            p.PartnerId,
            p.Status,
        });
        builder.HasIndex(p => new
        {
            p.ProgramId,
            p.CreatedAt,
            p.Id,
        });
        builder.HasIndex(p => new
        {
            p.ProgramId,
            p.Status,
            p.CreatedAt,
            p.Id,
        });
        builder.HasIndex(p => new
        {
            p.ProgramId,
            p.PartnerId,
            p.CreatedAt,
            p.Id,
        });
        builder.HasIndex(p => new
        {
            p.ProgramId,
            p.PartnerId,
            p.Status,
            p.CreatedAt,
            p.Id,
        });
    }

    public void Configure(EntityTypeBuilder<DailyStatsRow> builder)
    {
        Table(builder, "daily_stats");
        builder.HasKey(s => new
        {
            s.ProgramId,
            s.PartnerId,
            s.Dimension,
            s.Day,
            s.Value,
        });
        builder
            .HasIndex(s => new
            {
                s.ProgramId,
                s.Day,
                s.PartnerId,
            })
            .HasFilter("dimension = 0");
    }

    public void Configure(EntityTypeBuilder<DailyVisitorRow> builder)
    {
        Table(builder, "daily_visitors");
        builder.HasKey(v => new
        {
            v.ProgramId,
            v.PartnerId,
            v.Day,
            v.VisitorId,
        });
    }

    public void Configure(EntityTypeBuilder<ActivityRow> builder)
    {
        Table(builder, "activity");
        builder.HasKey(a => new
        {
            a.ProgramId,
            a.PartnerId,
            a.Hour,
        });
    }

    public void Configure(EntityTypeBuilder<PartnerBalanceRow> builder)
    {
        Table(builder, "partner_balances");
        builder.HasKey(b => new
        {
            b.PartnerId,
            b.ProgramId,
            b.Currency,
            b.Digits,
        });
    }

    public void Configure(EntityTypeBuilder<PlanRow> builder)
    {
        Table(builder, "plans");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<OutboxRow> builder)
    {
        Table(builder, "outbox");
        builder.HasKey(o => o.Sequence);
        builder.Property(o => o.Sequence).ValueGeneratedOnAdd();
        builder.HasIndex(o => o.EventId).IsUnique();
        builder.HasIndex(o => o.DispatchedAt);
    }

    public void Configure(EntityTypeBuilder<PartnerLinkRow> builder)
    {
        // Schema 9; PostgreSQL orders the index's id with COLLATE "C" (the script has it, the model the columns).
        Table(builder, "partner_links");
        builder.HasKey(l => l.Id);
        builder.HasIndex(l => new
        {
            l.PartnerId,
            l.CreatedAt,
            l.Id,
        });
    }

    public void Configure(EntityTypeBuilder<SchemaVersionRow> builder)
    {
        Table(builder, "schema_version");
        builder.HasKey(s => s.Version);
        builder.Property(s => s.Version).ValueGeneratedNever();
    }

    private void Table<T>(EntityTypeBuilder<T> builder, string name)
        where T : class
    {
        // The schema scripts (AffiliateSchema) create and upgrade these tables, so a host's own migrations must not:
        // excluded, they stay in the host's model (queries, SaveChanges) but out of its `dotnet ef migrations add`.
        builder.ToTable(options.TablePrefix + name, options.Schema, t => t.ExcludeFromMigrations());
        foreach (var property in builder.Metadata.ClrType.GetProperties())
        {
            builder.Property(property.Name).HasColumnName(SnakeCase(property.Name));
        }
    }

    internal static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
