using FsCheck;
using FsCheck.Fluent;
using Property = Affiliate.Tests.Support.Property;

namespace Affiliate.Tests.Privacy;

/// <summary>Normalising e-mail addresses for the self-referral check.</summary>
public sealed class EmailAddressTests
{
    [Theory]
    [InlineData(" John.Doe+aff@GoogleMail.com ", "johndoe@gmail.com")]
    [InlineData("a.b+x@example.com", "a.b@example.com")]
    [InlineData("John.Doe@Gmail.com", "johndoe@gmail.com")]
    [InlineData("j.o.h.n+one+two@gmail.com", "john@gmail.com")]
    [InlineData("first.last+one+two@example.com", "first.last@example.com")]
    [InlineData("Someone@Example.COM", "someone@example.com")]
    [InlineData("someone+@example.com", "someone@example.com")]
    [InlineData("someone@mail.gmail.com", "someone@mail.gmail.com")]
    [InlineData("first.last@gmail.com.example.org", "first.last@gmail.com.example.org")]
    [InlineData("ÉLODIE@Example.com", "élodie@example.com")]
    [InlineData("INFO@EXAMPLE.COM", "info@example.com")]
    public void Normalize_makes_spellings_of_one_mailbox_equal(string email, string expected) =>
        Assert.Equal(expected, EmailAddress.Normalize(email));

    [Fact]
    public void A_local_part_that_starts_with_a_plus_keeps_it_since_two_such_addresses_are_different_mailboxes()
    {
        Assert.Equal("+orders@example.com", EmailAddress.Normalize("+Orders@example.com"));
        Assert.Equal("+orders@example.com", EmailAddress.Normalize("+Orders+shop@example.com"));
        Assert.NotEqual(EmailAddress.Normalize("+orders@example.com"), EmailAddress.Normalize("+sales@example.com"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("john.doe")]
    [InlineData("@example.com")]
    [InlineData("john@")]
    [InlineData("a@b@example.com")]
    [InlineData("john doe@example.com")]
    [InlineData("...@gmail.com")]
    [InlineData(".+tag@googlemail.com")]
    public void Normalize_returns_null_for_anything_that_is_not_an_address(string? email) =>
        Assert.Null(EmailAddress.Normalize(email));

    private static Arbitrary<string> Addresses { get; } =
        (
            from local in Gen.ArrayOf(Gen.Elements('a', 'B', '.', '+', 'x', 'Z', '1')).Select(c => new string(c))
            from domain in Gen.Elements(
                "gmail.com",
                "GoogleMail.com",
                "example.com",
                "Example.ORG",
                string.Empty,
                "x@y"
            )
            from padding in Gen.Elements(string.Empty, " ", "\t")
            select $"{padding}{local}@{domain}{padding}"
        ).ToArbitrary();

    [Fact]
    public void Normalize_Is_Idempotent_Meets_Specification() => Property.Check(Prop.ForAll(Addresses, email =>
            {
                var once = EmailAddress.Normalize(email);

                Assert.Equal(once, EmailAddress.Normalize(once));
                if (once is not null)
                {
                    Assert.Equal(once, once.Trim().ToLowerInvariant());
                    var local = once[..once.IndexOf('@', StringComparison.Ordinal)];
                    Assert.DoesNotContain('+', local[1..]);
                }
            }));
}
