using System.Text;

namespace Affiliate.AspNetCore.Tests.Webhooks;

/// <summary>The vendors' signature schemes against the acceptance vectors (SCENARIOS.md S11, S12) and beyond.</summary>
public sealed class WebhookSignatureTests
{
    private const string StripeSecret = "whsec_test_secret";
    private const string StripeHeader =
        "t=1700000000,v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724";
    private const string ShopifyKey = "shpss_test";
    private const string ShopifySignature = "vvAwXh8y2xIN5sBJKO9RXJZbi70oNNfuPNmCww+qHlI=";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":\"evt_test\",\"object\":\"event\"}");
    private static readonly Instant Signed = Instant.FromUnixTimeSeconds(1_700_000_000);
    private static readonly Duration Tolerance = Duration.FromSeconds(300);

    [Theory]
    [InlineData(0)]
    [InlineData(300)]
    [InlineData(-300)]
    public void S11_the_stripe_vector_is_valid_within_300_seconds_of_its_timestamp(int offsetSeconds)
    {
        var check = WebhookSignatures.VerifyTimestamped(
            StripeHeader,
            Body,
            [StripeSecret],
            Signed + Duration.FromSeconds(offsetSeconds),
            Tolerance
        );

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    [InlineData(86_400)]
    public void S11_the_stripe_vector_is_stale_outside_300_seconds(int offsetSeconds)
    {
        var check = WebhookSignatures.VerifyTimestamped(
            StripeHeader,
            Body,
            [StripeSecret],
            Signed + Duration.FromSeconds(offsetSeconds),
            Tolerance
        );

        Assert.Equal(SignatureCheck.Stale, check);
    }

    [Fact]
    public void S11_changing_any_byte_of_the_body_invalidates_the_stripe_signature()
    {
        for (var i = 0; i < Body.Length; i++)
        {
            var changed = Body.ToArray();
            changed[i] ^= 0x01;

            Assert.Equal(
                SignatureCheck.Invalid,
                WebhookSignatures.VerifyTimestamped(StripeHeader, changed, [StripeSecret], Signed, Tolerance)
            );
        }
    }

    [Fact]
    public void Stripe_accepts_any_of_several_v1_signatures_and_any_of_several_secrets()
    {
        var header = "t=1700000000,v1=" + new string('0', 64) + ",v0=abc,v1=" + StripeHeader[^64..];

        Assert.Equal(
            SignatureCheck.Valid,
            WebhookSignatures.VerifyTimestamped(header, Body, ["whsec_old", StripeSecret], Signed, Tolerance)
        );
        Assert.Equal(
            SignatureCheck.Invalid,
            WebhookSignatures.VerifyTimestamped(StripeHeader, Body, ["whsec_other"], Signed, Tolerance)
        );
    }

    [Fact]
    public void A_timestamped_signature_made_by_SignTimestamped_is_the_stripe_vector()
    {
        Assert.Equal(StripeHeader, WebhookSignatures.SignTimestamped(StripeSecret, 1_700_000_000, Body));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724")]
    [InlineData("t=1700000000")]
    [InlineData("t=abc,v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724")]
    [InlineData("t=99999999999999999999,v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724")]
    [InlineData("t=-1,v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724")]
    [InlineData("t=1700000001,v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724")]
    [InlineData("t=1700000000,v1=zz42376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724")]
    [InlineData("t=1700000000,v1=8042376f")]
    [InlineData("t=1700000000,v0=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724")]
    public void A_missing_or_malformed_stripe_header_is_invalid_never_an_exception(string? header)
    {
        Assert.Equal(
            SignatureCheck.Invalid,
            WebhookSignatures.VerifyTimestamped(header, Body, [StripeSecret], Signed, Tolerance)
        );
    }

    [Fact]
    public void S12_the_shopify_and_woocommerce_vector_is_valid_and_any_changed_byte_is_not()
    {
        Assert.Equal(ShopifySignature, WebhookSignatures.SignBase64(ShopifyKey, Body));
        Assert.Equal(SignatureCheck.Valid, WebhookSignatures.VerifyBase64(ShopifySignature, Body, [ShopifyKey]));
        Assert.Equal(
            SignatureCheck.Valid,
            WebhookSignatures.VerifyBase64(ShopifySignature, Body, ["old-key", ShopifyKey])
        );
        for (var i = 0; i < Body.Length; i++)
        {
            var changed = Body.ToArray();
            changed[i] ^= 0x20;
            Assert.Equal(
                SignatureCheck.Invalid,
                WebhookSignatures.VerifyBase64(ShopifySignature, changed, [ShopifyKey])
            );
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("vvAwXh8y2xIN5sBJKO9RXJZbi70oNNfuPNmCww==")]
    [InlineData("wvAwXh8y2xIN5sBJKO9RXJZbi70oNNfuPNmCww+qHlI=")]
    public void A_missing_or_wrong_base64_signature_is_invalid(string? header)
    {
        Assert.Equal(SignatureCheck.Invalid, WebhookSignatures.VerifyBase64(header, Body, [ShopifyKey]));
        Assert.Equal(SignatureCheck.Invalid, WebhookSignatures.VerifyBase64(ShopifySignature, Body, ["wrong"]));
    }
}
