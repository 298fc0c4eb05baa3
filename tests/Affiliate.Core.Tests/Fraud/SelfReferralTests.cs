using static Affiliate.Tests.Fraud.FraudTestData;

namespace Affiliate.Tests.Fraud;

public sealed class SelfReferralTests
{
    private static readonly SelfReferralOptions Defaults = new();

    [Theory]
    [InlineData("johndoe@gmail.com", " John.Doe+x@GoogleMail.com")]
    [InlineData("John.Doe@gmail.com", "johndoe+affiliate@gmail.com")]
    [InlineData("anna@anna.example", "ANNA+shop@Anna.Example ")]
    public void The_same_mailbox_spelled_differently_is_a_self_referral(string partnerEmail, string customerEmail)
    {
        var partner = Partner() with { Email = partnerEmail };

        var verdict = SelfReferral.Check(partner, customerEmail, null, null, Defaults);

        Assert.NotNull(verdict);
        Assert.Equal(FraudCodes.SelfReferralEmail, verdict.Code);
        Assert.Equal(FraudAction.Reject, verdict.Action);
        Assert.DoesNotContain("@", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("john.doe@example.com", "johndoe@example.com")]
    [InlineData("anna@anna.example", "anna@anna.example.org")]
    [InlineData("anna@anna.example", null)]
    [InlineData("anna@anna.example", "")]
    [InlineData("anna@anna.example", "not an address")]
    [InlineData(null, "anna@anna.example")]
    [InlineData("not-an-address", "not-an-address")]
    public void Different_or_missing_addresses_are_not_a_self_referral(string? partnerEmail, string? customerEmail)
    {
        var partner = Partner() with { Email = partnerEmail };

        Assert.Null(SelfReferral.Check(partner, customerEmail, null, null, Defaults));
    }

    [Fact]
    public void The_partners_own_customer_account_is_a_self_referral()
    {
        var verdict = SelfReferral.Check(Partner(), null, new CustomerId("customer-anna"), null, Defaults);

        Assert.NotNull(verdict);
        Assert.Equal(FraudCodes.SelfReferralCustomer, verdict.Code);
        Assert.Equal("The customer customer-anna is partner partner-anna's own customer account.", verdict.Reason);
        Assert.Null(SelfReferral.Check(Partner(), null, new CustomerId("Customer-Anna"), null, Defaults));
        Assert.Null(
            SelfReferral.Check(
                Partner() with
                {
                    CustomerId = null,
                },
                null,
                new CustomerId("customer-anna"),
                null,
                Defaults
            )
        );
    }

    [Fact]
    public void An_ip_hash_the_partner_signed_in_from_is_a_self_referral()
    {
        var verdict = SelfReferral.Check(Partner(), null, null, "ip-hash-anna-office", Defaults);

        Assert.NotNull(verdict);
        Assert.Equal(FraudCodes.SelfReferralIp, verdict.Code);
        Assert.Null(SelfReferral.Check(Partner(), null, null, "ip-hash-someone-else", Defaults));
        Assert.Null(SelfReferral.Check(Partner(), null, null, "IP-HASH-ANNA-OFFICE", Defaults));
        Assert.Null(SelfReferral.Check(Partner(), null, null, "", Defaults));
    }

    [Fact]
    public void The_email_is_reported_first_then_the_customer_then_the_ip()
    {
        var partner = Partner();

        Assert.Equal(
            FraudCodes.SelfReferralEmail,
            SelfReferral.Check(partner, "anna@anna.example", partner.CustomerId, "ip-hash-anna-home", Defaults)?.Code
        );
        Assert.Equal(
            FraudCodes.SelfReferralCustomer,
            SelfReferral.Check(partner, "bob@customer.example", partner.CustomerId, "ip-hash-anna-home", Defaults)?.Code
        );
    }

    [Fact]
    public void Each_signal_can_be_switched_off()
    {
        var partner = Partner();
        var noEmail = new SelfReferralOptions { CheckEmail = false };
        var noCustomer = new SelfReferralOptions { CheckCustomerId = false };
        var noIp = new SelfReferralOptions { CheckIpAddress = false };

        Assert.Null(SelfReferral.Check(partner, "anna@anna.example", null, null, noEmail));
        Assert.Null(SelfReferral.Check(partner, null, partner.CustomerId, null, noCustomer));
        Assert.Null(SelfReferral.Check(partner, null, null, "ip-hash-anna-home", noIp));
        Assert.Equal(
            FraudCodes.SelfReferralCustomer,
            SelfReferral.Check(partner, "anna@anna.example", partner.CustomerId, null, noEmail)?.Code
        );
    }

    [Fact]
    public void A_disabled_check_finds_nothing_and_the_configured_action_is_used()
    {
        var partner = Partner();

        Assert.Null(
            SelfReferral.Check(
                partner,
                "anna@anna.example",
                partner.CustomerId,
                "ip-hash-anna-home",
                new SelfReferralOptions { Enabled = false }
            )
        );
        Assert.Equal(
            FraudAction.Hold,
            SelfReferral
                .Check(partner, "anna@anna.example", null, null, new SelfReferralOptions { Action = FraudAction.Hold })
                ?.Action
        );
    }

    [Fact]
    public void Null_partner_or_options_throw()
    {
        Assert.Throws<ArgumentNullException>(() => SelfReferral.Check(null!, null, null, null, Defaults));
        Assert.Throws<ArgumentNullException>(() => SelfReferral.Check(Partner(), null, null, null, null!));
    }

    [Fact]
    public async Task The_pipeline_rejects_a_self_referred_conversion()
    {
        var context = ConversionContext() with
        {
            CustomerEmail = " Anna+Test@ANNA.example",
            IpHash = "ip-hash-anna-home",
        };

        var verdict = (await context.AssessAsync()).Single(FraudCodes.SelfReferralEmail, FraudAction.Reject);
        Assert.Contains("partner-anna", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pipeline_uses_the_customer_id_and_ip_hash_of_the_context()
    {
        (await (ConversionContext() with { CustomerId = new CustomerId("customer-anna") }).AssessAsync()).Single(
            FraudCodes.SelfReferralCustomer,
            FraudAction.Reject
        );
        (await (ConversionContext() with { IpHash = "ip-hash-anna-office" }).AssessAsync()).Single(
            FraudCodes.SelfReferralIp,
            FraudAction.Reject
        );
    }
}
