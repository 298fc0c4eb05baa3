namespace Affiliate;

/// <summary>
/// Normalises e-mail addresses so that two spellings of one mailbox compare equal, which is what the self-referral
/// check needs: a partner who orders as <c>John.Doe+shop@googlemail.com</c> is still <c>johndoe@gmail.com</c>.
/// </summary>
/// <remarks>Pure and thread-safe. The result is for comparing, not for sending mail.</remarks>
public static class EmailAddress
{
    /// <summary>
    /// The address trimmed and lower-cased (invariant culture), without a <c>+tag</c> suffix on the local part, and
    /// for Gmail (<c>gmail.com</c>, <c>googlemail.com</c>) without dots in the local part and on <c>gmail.com</c>.
    /// <c>" John.Doe+aff@GoogleMail.com "</c> becomes <c>johndoe@gmail.com</c>; <c>a.b+x@example.com</c> becomes
    /// <c>a.b@example.com</c>.
    /// </summary>
    /// <param name="email">The address as entered.</param>
    /// <returns>
    /// The normalised address, or null when <paramref name="email"/> is null, blank or not an address: no <c>@</c>,
    /// more than one, an empty local part or domain, or white space inside.
    /// </returns>
    /// <remarks>
    /// A local part that starts with <c>+</c> keeps that <c>+</c> (the tag is what follows the next one): removing it
    /// would leave nothing, and <c>+orders@</c> and <c>+sales@</c> are different mailboxes.
    /// </remarks>
    public static string? Normalize(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        var address = email.Trim().ToLowerInvariant();
        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@', at + 1) >= 0 || address.Any(char.IsWhiteSpace))
        {
            return null;
        }

        var local = address[..at];
        var domain = address[(at + 1)..];

        // Most providers deliver user+anything to user, so the tag is a free alias; drop it for every domain. The
        // search starts after the first character: a leading '+' is the mailbox name, not a tag.
        var plus = local.IndexOf('+', 1);
        if (plus > 0)
        {
            local = local[..plus];
        }

        // Gmail also ignores dots, and googlemail.com is the same service under its old name.
        if (domain is "gmail.com" or "googlemail.com")
        {
            domain = "gmail.com";
            local = local.Replace(".", string.Empty, StringComparison.Ordinal);
        }

        return local.Length == 0 ? null : $"{local}@{domain}";
    }
}
