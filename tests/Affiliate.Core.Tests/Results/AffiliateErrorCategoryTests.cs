using System.Reflection;

namespace Affiliate.Tests.Results;

public sealed class AffiliateErrorCategoryTests
{
    public static TheoryData<string> ErrorCodes => Constants(typeof(AffiliateErrorCodes));

    public static TheoryData<string> BuiltInFraudCodes => Constants(typeof(FraudCodes));

    [Theory]
    [MemberData(nameof(ErrorCodes))]
    public void Every_error_code_has_a_row_in_the_category_table(string code) =>
        Assert.True(
            AffiliateErrorCategories.Knows(code),
            $"'{code}' has no category; add it to AffiliateErrorCategories."
        );

    [Theory]
    [MemberData(nameof(BuiltInFraudCodes))]
    public void Every_built_in_fraud_code_is_forbidden(string code) =>
        Assert.Equal(AffiliateErrorCategory.Forbidden, new AffiliateError(code, "flagged").Category);

    [Theory]
    [InlineData(AffiliateErrorCodes.InvalidRequest, AffiliateErrorCategory.Invalid)]
    [InlineData(AffiliateErrorCodes.AmountOutOfRange, AffiliateErrorCategory.Invalid)]
    [InlineData(AffiliateErrorCodes.InstantOutOfRange, AffiliateErrorCategory.Invalid)]
    [InlineData(AffiliateErrorCodes.UnknownPartner, AffiliateErrorCategory.NotFound)]
    [InlineData(AffiliateErrorCodes.UnknownProgram, AffiliateErrorCategory.NotFound)]
    [InlineData(AffiliateErrorCodes.IdempotencyConflict, AffiliateErrorCategory.Conflict)]
    [InlineData(AffiliateErrorCodes.ConcurrencyConflict, AffiliateErrorCategory.Conflict)]
    [InlineData(AffiliateErrorCodes.PartnerNotActive, AffiliateErrorCategory.Forbidden)]
    [InlineData(AffiliateErrorCodes.ClickDropped, AffiliateErrorCategory.Unavailable)]
    [InlineData(AffiliateErrorCodes.ExchangeRateUnavailable, AffiliateErrorCategory.Unavailable)]
    public void Codes_map_to_the_category_an_HTTP_layer_expects(string code, AffiliateErrorCategory category) =>
        Assert.Equal(category, AffiliateErrorCategories.Of(code));

    [Fact]
    public void Codes_of_host_rules_and_unknown_pricing_codes_are_invalid()
    {
        Assert.False(AffiliateErrorCategories.Knows("gift_card_order"));
        Assert.Equal(AffiliateErrorCategory.Invalid, new AffiliateError("gift_card_order", "held by hand").Category);
        Assert.Equal(
            AffiliateErrorCategory.Invalid,
            new PricingError(PricingErrorCodes.NoPlanInForce, "none").ToError().Category
        );
    }

    [Fact]
    public void Fraud_verdicts_and_pricing_errors_come_in_the_one_error_shape()
    {
        var verdict = FraudVerdict.Reject(FraudCodes.BotUserAgent, "a bot");
        Assert.Equal(new AffiliateError(FraudCodes.BotUserAgent, "a bot"), verdict.ToError());
        var pricing = new PricingError("sponsor_cycle", "a cycle");
        Assert.Equal(new AffiliateError("sponsor_cycle", "a cycle"), pricing.ToError());
    }

    [Fact]
    public void Succeeded_tells_the_compiler_which_of_value_and_error_is_set()
    {
        var success = AffiliateResult<string>.Success("value");
        var failure = AffiliateResult<string>.Failure(AffiliateErrorCodes.UnknownPartner, "no such partner");

        // No '!' needed: [MemberNotNullWhen] on Succeeded (TreatWarningsAsErrors would refuse a nullable dereference).
        var length = success.Succeeded ? success.Value.Length : 0;
        var code = failure.Succeeded ? string.Empty : failure.Error.Code;

        Assert.Equal(5, length);
        Assert.Equal(AffiliateErrorCodes.UnknownPartner, code);
        Assert.Empty(success.Warnings);
    }

    private static TheoryData<string> Constants(Type type)
    {
        var data = new TheoryData<string>();
        foreach (
            var field in type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        )
        {
            data.Add((string)field.GetRawConstantValue()!);
        }

        return data;
    }
}
