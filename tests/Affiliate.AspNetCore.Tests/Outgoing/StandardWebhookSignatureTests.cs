using System.Text;

namespace Affiliate.AspNetCore.Tests.Outgoing;

/// <summary>The Standard Webhooks signature: the published vector, and everything a verifier must refuse.</summary>
public sealed class StandardWebhookSignatureTests
{
    // The test vector published with the Standard Webhooks specification and its reference libraries.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void The_published_vector_is_signed_to_the_published_signature()
    {
        Assert.Equal(Expected, StandardWebhookSignature.Sign(Secret, Id, Timestamp, Body));
    }

    [Fact]
    public void The_published_vector_verifies_with_and_without_the_secret_prefix()
    {
        Assert.True(StandardWebhookSignature.Verify(Secret, Id, "1614265330", Expected, Body, SignedAt));
        Assert.True(
            StandardWebhookSignature.Verify(Secret["whsec_".Length..], Id, "1614265330", Expected, Body, SignedAt)
        );
    }

    [Fact]
    public void Any_one_of_several_signatures_may_match_as_when_a_sender_rotates_its_secret()
    {
        var header = "v1,bm9wZQ== v2,whatever " + Expected;

        Assert.True(StandardWebhookSignature.Verify(Secret, Id, "1614265330", header, Body, SignedAt));
    }

    [Theory]
    [InlineData("tampered body")]
    [InlineData("other id")]
    [InlineData("other timestamp")]
    [InlineData("other secret")]
    [InlineData("stale")]
    [InlineData("future")]
    [InlineData("no v1 prefix")]
    [InlineData("no signature")]
    [InlineData("no id")]
    [InlineData("timestamp not a number")]
    [InlineData("malformed secret")]
    public void A_message_that_does_not_match_is_refused(string change)
    {
        var (secret, id, timestamp, signature, body, now) = (
            Secret,
            (string?)Id,
            (string?)"1614265330",
            (string?)Expected,
            Body,
            SignedAt
        );
        switch (change)
        {
            case "tampered body":
                body = Encoding.UTF8.GetBytes("{\"test\": 2432232315}");
                break;
            case "other id":
                id = "msg_other";
                break;
            case "other timestamp":
                timestamp = "1614265331";
                break;
            case "other secret":
                secret = "whsec_" + Convert.ToBase64String(new byte[32]);
                break;
            case "stale":
                now = SignedAt.AddMinutes(5).AddSeconds(1);
                break;
            case "future":
                now = SignedAt.AddMinutes(-5).AddSeconds(-1);
                break;
            case "no v1 prefix":
                signature = Expected["v1,".Length..];
                break;
            case "no signature":
                signature = null;
                break;
            case "no id":
                id = "";
                break;
            case "timestamp not a number":
                timestamp = "-1614265330";
                break;
            case "malformed secret":
                secret = "whsec_not base64!";
                break;
        }

        Assert.False(StandardWebhookSignature.Verify(secret, id, timestamp, signature, body, now));
    }

    [Fact]
    public void A_timestamp_inside_the_tolerance_is_accepted_on_either_side()
    {
        Assert.True(StandardWebhookSignature.Verify(Secret, Id, "1614265330", Expected, Body, SignedAt.AddMinutes(5)));
        Assert.True(StandardWebhookSignature.Verify(Secret, Id, "1614265330", Expected, Body, SignedAt.AddMinutes(-5)));
        Assert.False(
            StandardWebhookSignature.Verify(
                Secret,
                Id,
                "1614265330",
                Expected,
                Body,
                SignedAt.AddSeconds(61),
                TimeSpan.FromMinutes(1)
            )
        );
    }

    [Theory]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("whsec_c2hvcnQ=")] // 5 bytes
    [InlineData("whsec_%%%")]
    public void A_secret_that_is_not_base64_of_24_to_64_bytes_is_refused(string secret)
    {
        Assert.False(StandardWebhookSignature.TryDecodeSecret(secret, out _));
        Assert.Throws<ArgumentException>(() => StandardWebhookSignature.Sign(secret, Id, Timestamp, Body));
    }
}
