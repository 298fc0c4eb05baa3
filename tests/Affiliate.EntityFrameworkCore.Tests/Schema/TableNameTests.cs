using Microsoft.EntityFrameworkCore;

namespace Affiliate.EntityFrameworkCore.Tests.Schema;

/// <summary>
/// The table prefix and the schema are written into SQL unquoted (by the schema scripts, the bulk writer and the
/// partition maintenance), and PostgreSQL folds unquoted names to lower case: only plain lower-case names are taken.
/// </summary>
public sealed class TableNameTests
{
    [Theory]
    [InlineData("")]
    [InlineData("affiliate_")]
    [InlineData("aff2_")]
    [InlineData("_")]
    [InlineData("0_")]
    public void A_prefix_of_lower_case_letters_digits_and_underscores_is_taken(string prefix)
    {
        var builder = new ModelBuilder().UseAffiliates(o => o.TablePrefix = prefix);

        Assert.Equal(prefix, builder.Model.FindAnnotation("Affiliate:TablePrefix")?.Value);
    }

    [Theory]
    [InlineData("Affiliate_")]
    [InlineData("aff-")]
    [InlineData("aff ")]
    [InlineData("aff.")]
    [InlineData("x; DROP TABLE users; --")]
    [InlineData("a\"b")]
    [InlineData("é_")]
    [InlineData("aff_\n")]
    public void Any_other_prefix_is_refused_with_what_to_use(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new ModelBuilder().UseAffiliates(o => o.TablePrefix = prefix)
        );

        Assert.Contains("TablePrefix", error.Message, StringComparison.Ordinal);
        Assert.Contains("lower-case letters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("aff")]
    [InlineData("_aff")]
    [InlineData("aff_2")]
    public void A_schema_of_lower_case_letters_digits_and_underscores_not_starting_with_a_digit_is_taken(string? schema)
    {
        var builder = new ModelBuilder().UseAffiliates(o => o.Schema = schema);

        Assert.Equal(schema, builder.Model.FindAnnotation("Affiliate:Schema")?.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Aff")]
    [InlineData("2aff")]
    [InlineData("aff-x")]
    [InlineData("aff.x")]
    [InlineData("aff\"; DROP SCHEMA public; --")]
    [InlineData("aff\n")]
    public void Any_other_schema_is_refused_with_what_to_use(string schema)
    {
        var error = Assert.Throws<ArgumentException>(() => new ModelBuilder().UseAffiliates(o => o.Schema = schema));

        Assert.Contains("Schema", error.Message, StringComparison.Ordinal);
        Assert.Contains("lower-case letters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_prefix_is_refused()
    {
        Assert.ThrowsAny<ArgumentException>(() => new ModelBuilder().UseAffiliates(o => o.TablePrefix = null!));
    }
}
