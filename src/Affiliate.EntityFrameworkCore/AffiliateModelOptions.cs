namespace Affiliate.EntityFrameworkCore;

/// <summary>How the affiliate tables are named in the host's database.</summary>
public sealed class AffiliateModelOptions
{
    /// <summary>The prefix of every table name; <c>affiliate_</c> by default.</summary>
    public string TablePrefix { get; set; } = "affiliate_";

    /// <summary>The database schema (PostgreSQL) the tables live in, or null for the default.</summary>
    public string? Schema { get; set; }

    internal const string PrefixAnnotation = "Affiliate:TablePrefix";
    internal const string SchemaAnnotation = "Affiliate:Schema";

    /// <summary>The options a context's model was built with by <c>UseAffiliates</c>.</summary>
    internal static AffiliateModelOptions Of(Microsoft.EntityFrameworkCore.DbContext context)
    {
        var model = context.Model;
        var prefix = model.FindAnnotation(PrefixAnnotation)?.Value as string
            ?? throw new InvalidOperationException($"The model of {context.GetType().Name} has no affiliate tables. Call 'modelBuilder.UseAffiliates()' in its OnModelCreating, or use AffiliateDbContext.");
        return new AffiliateModelOptions { TablePrefix = prefix, Schema = model.FindAnnotation(SchemaAnnotation)?.Value as string };
    }
}
