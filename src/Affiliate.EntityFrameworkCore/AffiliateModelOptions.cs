using System.Text.RegularExpressions;

namespace Affiliate.EntityFrameworkCore;

/// <summary>How the affiliate tables are named in the host's database.</summary>
/// <remarks>
/// The names are written into SQL unquoted (schema scripts, bulk click writes, partition maintenance), and
/// PostgreSQL folds unquoted names to lower case, so only plain lower-case names are accepted; <c>UseAffiliates</c>
/// throws an <see cref="ArgumentException"/> for any other.
/// </remarks>
public sealed partial class AffiliateModelOptions
{
    /// <summary>
    /// The prefix of every table name; <c>affiliate_</c> by default. Lower-case ASCII letters, digits and
    /// underscores only (may be empty).
    /// </summary>
    public string TablePrefix { get; set; } = "affiliate_";

    /// <summary>
    /// The database schema (PostgreSQL) the tables live in, or null for the default. Lower-case ASCII letters, digits
    /// and underscores, not starting with a digit.
    /// </summary>
    public string? Schema { get; set; }

    internal const string PrefixAnnotation = "Affiliate:TablePrefix";
    internal const string SchemaAnnotation = "Affiliate:Schema";

    /// <summary>The options a context's model was built with by <c>UseAffiliates</c>.</summary>
    internal static AffiliateModelOptions Of(Microsoft.EntityFrameworkCore.DbContext context)
    {
        var model = context.Model;
        var prefix =
            model.FindAnnotation(PrefixAnnotation)?.Value as string
            ?? throw new InvalidOperationException(
                $"The model of {context.GetType().Name} has no affiliate tables. Call 'modelBuilder.UseAffiliates()' "
                    + "in its OnModelCreating, or use AffiliateDbContext."
            );
        return new AffiliateModelOptions
        {
            TablePrefix = prefix,
            Schema = model.FindAnnotation(SchemaAnnotation)?.Value as string,
        };
    }

    /// <summary>Throws when a name could not be written into SQL as it is (see the remarks).</summary>
    internal void Validate(string paramName)
    {
        if (TablePrefix is null || !PrefixPattern().IsMatch(TablePrefix))
        {
            throw new ArgumentException(
                $"The affiliate TablePrefix '{TablePrefix}' cannot be used: use lower-case letters (a-z), digits and "
                    + "underscores only, such as 'affiliate_' or 'shop_aff_' (or an empty prefix). PostgreSQL folds "
                    + "unquoted names to lower case, and the affiliate SQL uses the names unquoted.",
                paramName
            );
        }

        if (Schema is { } schema && !SchemaPattern().IsMatch(schema))
        {
            throw new ArgumentException(
                $"The affiliate Schema '{schema}' cannot be used: use lower-case letters (a-z), digits and "
                    + "underscores only, starting with a letter or an underscore, such as 'affiliate' (or null for "
                    + "the default schema). PostgreSQL folds unquoted names to lower case, and the affiliate SQL "
                    + "uses the names unquoted.",
                paramName
            );
        }
    }

    [GeneratedRegex(@"^[a-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();

    [GeneratedRegex(@"^[a-z_][a-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaPattern();
}
