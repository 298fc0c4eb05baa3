using System.Security.Cryptography;
using Affiliate.Stores;
using Microsoft.Extensions.Logging;

namespace Affiliate;

/// <summary>
/// Partners' links: create (idempotent on the id), list one partner's links page by page, find, deactivate, and
/// resolve a referral code and link id for a redirect. Registered (scoped) by <c>AddAffiliates</c>.
/// </summary>
/// <remarks>
/// Expected failures are results with stable codes, never exceptions: malformed input is <c>invalid_request</c>
/// naming the field, an unknown partner <c>unknown_partner</c>, an id taken with other content
/// <c>idempotency_conflict</c>, a link that is not the partner's <c>unknown_link</c> (another partner's link is
/// reported exactly like one that does not exist), a refused cursor <c>invalid_cursor</c>. The core checks a
/// destination's shape (<see cref="LinkDestination"/>); which hosts it may name is the HTTP layer's allow-list.
/// </remarks>
public sealed partial class PartnerLinks(
    ILinkStore links,
    IPartnerStore partners,
    ReferralCodeCache codes,
    CursorProtector cursors,
    IClock clock,
    ILogger<PartnerLinks> logger
)
{
    /// <summary>The longest link id: short enough for a URL a person copies.</summary>
    public const int MaxIdLength = 64;

    // Generated ids: 8 random bytes in base64url, 11 characters; a collision is retried with a new id.
    private const int GeneratedIdBytes = 8;
    private const int GenerateAttempts = 3;

    /// <summary>True when <paramref name="id"/> is 1 to <see cref="MaxIdLength"/> of A-Z a-z 0-9 '-' '_'.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>
    /// Creates a link. With an id given, a link already stored under it with the same content is a replay
    /// (<see cref="AffiliateResult{T}.AlreadyRecorded"/>) and one with other content (or another partner's) is
    /// <c>idempotency_conflict</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The partner id is <c>default</c>.</exception>
    public async ValueTask<AffiliateResult<PartnerLink>> CreateAsync(
        PartnerLinkRequest request,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        InputCheck.ThrowIfDefault(request.PartnerId.Value, nameof(request));
        if (Problem(request) is { } problem)
        {
            return AffiliateResult<PartnerLink>.Failure(problem);
        }

        if (await partners.FindAsync(request.PartnerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return AffiliateResult<PartnerLink>.Failure(
                AffiliateErrorCodes.UnknownPartner,
                $"No partner with the id '{request.PartnerId}'."
            );
        }

        var link = new PartnerLink
        {
            Id = request.Id ?? NewId(),
            PartnerId = request.PartnerId,
            Destination = request.Destination,
            Sub1 = Empty(request.Sub1),
            Sub2 = Empty(request.Sub2),
            Sub3 = Empty(request.Sub3),
            Sub4 = Empty(request.Sub4),
            Sub5 = Empty(request.Sub5),
            Name = Empty(request.Name),
            CreatedAt = clock.GetCurrentInstant(),
        };
        for (var attempt = 1; ; attempt++)
        {
            var written = await links.AddLinkAsync(link, cancellationToken).ConfigureAwait(false);
            if (written.Succeeded)
            {
                LogCreated(logger, link.Id, link.PartnerId);
                return AffiliateResult<PartnerLink>.Success(link);
            }

            if (request.Id is null && written.Status == StoreWriteStatus.Duplicate && attempt < GenerateAttempts)
            {
                // A generated id met another link's: draw again rather than answer a conflict nobody caused.
                link = link with { Id = NewId() };
                continue;
            }

            var existing = await links.FindLinkAsync(link.Id, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                return AffiliateResult<PartnerLink>.Failure(
                    AffiliateErrorCodes.ConcurrencyConflict,
                    written.Detail ?? $"link {link.Id} collided"
                );
            }

            return SameContent(existing, link)
                ? AffiliateResult<PartnerLink>.Replayed(existing)
                : AffiliateResult<PartnerLink>.Failure(
                    AffiliateErrorCodes.IdempotencyConflict,
                    $"Link '{link.Id}' was created before with other content; choose another id."
                );
        }
    }

    /// <summary>The partner's link with that id (active or not), or <c>unknown_link</c>.</summary>
    /// <exception cref="ArgumentException">The partner id is <c>default</c>.</exception>
    public async ValueTask<AffiliateResult<PartnerLink>> FindAsync(
        PartnerId partnerId,
        string? linkId,
        CancellationToken cancellationToken = default
    )
    {
        InputCheck.ThrowIfDefault(partnerId.Value, nameof(partnerId));
        if (!IsValidId(linkId))
        {
            return Unknown(linkId);
        }

        var link = await links.FindLinkAsync(linkId!, cancellationToken).ConfigureAwait(false);
        return link is not null && link.PartnerId == partnerId
            ? AffiliateResult<PartnerLink>.Success(link)
            : Unknown(linkId);
    }

    /// <summary>
    /// Deactivates the partner's link: it then leads to the default page. Deactivating an inactive link is a replay;
    /// a link that is not the partner's is <c>unknown_link</c> and changes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The partner id is <c>default</c>.</exception>
    public async ValueTask<AffiliateResult<PartnerLink>> DeactivateAsync(
        PartnerId partnerId,
        string? linkId,
        CancellationToken cancellationToken = default
    )
    {
        var found = await FindAsync(partnerId, linkId, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return found;
        }

        if (!found.Value.Active)
        {
            return AffiliateResult<PartnerLink>.Replayed(found.Value);
        }

        var written = await links
            .DeactivateLinkAsync(partnerId, found.Value.Id, cancellationToken)
            .ConfigureAwait(false);
        return written.Succeeded
            ? AffiliateResult<PartnerLink>.Success(found.Value with { Active = false })
            : Unknown(linkId);
    }

    /// <summary>
    /// The partner's links, newest first (created, then id), active and inactive, one keyset page at a time. A cursor
    /// continues only the partner's list it came from: another partner's cursor is <c>invalid_cursor</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="page"/> is null.</exception>
    /// <exception cref="ArgumentException">The partner id is <c>default</c>.</exception>
    public async ValueTask<AffiliateResult<Page<PartnerLink>>> ListAsync(
        PartnerId partnerId,
        PageRequest page,
        CancellationToken cancellationToken = default
    )
    {
        InputCheck.ThrowIfDefault(partnerId.Value, nameof(partnerId));
        ArgumentNullException.ThrowIfNull(page);
        if (page.Size < 1)
        {
            return AffiliateResult<Page<PartnerLink>>.Failure(
                AffiliateErrorCodes.InvalidRequest,
                $"The page size is {page.Size}; ask for 1 to {PageRequest.MaxSize} items."
            );
        }

        var size = Math.Min(page.Size, PageRequest.MaxSize);
        var scope = new ListScope("links").With("partner", partnerId.Value).ToString();
        ListPosition? after = null;
        if (page.Cursor is { } cursor)
        {
            if (!cursors.TryUnprotect(cursor, scope, out var position))
            {
                return AffiliateResult<Page<PartnerLink>>.Failure(
                    AffiliateErrorCodes.InvalidCursor,
                    "The cursor does not continue this links list: it was changed, made for another list or partner, "
                        + "or by another key. Start again from the first page (no cursor)."
                );
            }

            after = position;
        }

        var rows = await links.ListLinksAsync(partnerId, after, size + 1, cancellationToken).ConfigureAwait(false);
        if (rows.Count <= size)
        {
            return AffiliateResult<Page<PartnerLink>>.Success(new Page<PartnerLink>(rows, null));
        }

        var items = rows.Take(size).ToArray();
        var next = cursors.Protect(ListPosition.Of(items[^1].CreatedAt, items[^1].Id), scope);
        return AffiliateResult<Page<PartnerLink>>.Success(new Page<PartnerLink>(items, next));
    }

    /// <summary>
    /// What a redirect needs: the partner who owns <paramref name="referralCode"/> (from the referral code cache) and,
    /// when <paramref name="linkId"/> is given, that partner's ACTIVE link with the id. Null when no partner has the
    /// code (or it is not a referral code at all). Never throws for any text a URL can carry.
    /// </summary>
    public async ValueTask<LinkTarget?> ResolveAsync(
        string? referralCode,
        string? linkId,
        CancellationToken cancellationToken = default
    )
    {
        if (referralCode is null || !ReferralCode.TryParse(referralCode, out var code, out _))
        {
            return null;
        }

        var partner = await codes.FindAsync(code, partners, cancellationToken).ConfigureAwait(false);
        if (partner is null)
        {
            return null;
        }

        if (linkId is null || !IsValidId(linkId))
        {
            return new LinkTarget(partner, null);
        }

        var link = await links.FindLinkAsync(linkId, cancellationToken).ConfigureAwait(false);
        return new LinkTarget(partner, link is { Active: true } && link.PartnerId == partner.Id ? link : null);
    }

    private static AffiliateError? Problem(PartnerLinkRequest request) =>
        InputCheck.First(
            request.Id is null || IsValidId(request.Id)
                ? null
                : new AffiliateError(
                    AffiliateErrorCodes.InvalidRequest,
                    $"Id must be 1 to {MaxIdLength} characters of A-Z, a-z, 0-9, '-' and '_'; leave it out for a new "
                        + "one."
                ),
            LinkDestination.Problem(request.Destination) is { } destination
                ? new AffiliateError(AffiliateErrorCodes.InvalidRequest, destination)
                : null,
            InputCheck.Text(nameof(request.Sub1), request.Sub1, InputLimits.MaxCodeLength),
            InputCheck.Text(nameof(request.Sub2), request.Sub2, InputLimits.MaxCodeLength),
            InputCheck.Text(nameof(request.Sub3), request.Sub3, InputLimits.MaxCodeLength),
            InputCheck.Text(nameof(request.Sub4), request.Sub4, InputLimits.MaxCodeLength),
            InputCheck.Text(nameof(request.Sub5), request.Sub5, InputLimits.MaxCodeLength),
            InputCheck.Text(nameof(request.Name), request.Name, InputLimits.MaxNameLength)
        );

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string NewId() =>
        System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(GeneratedIdBytes));

    private static bool SameContent(PartnerLink stored, PartnerLink asked) =>
        stored.PartnerId == asked.PartnerId
        && stored.Destination == asked.Destination
        && stored.Sub1 == asked.Sub1
        && stored.Sub2 == asked.Sub2
        && stored.Sub3 == asked.Sub3
        && stored.Sub4 == asked.Sub4
        && stored.Sub5 == asked.Sub5
        && stored.Name == asked.Name;

    private static AffiliateResult<PartnerLink> Unknown(string? linkId) =>
        AffiliateResult<PartnerLink>.Failure(
            AffiliateErrorCodes.UnknownLink,
            $"No link '{(linkId is { Length: > 64 } ? linkId[..64] + "..." : linkId)}' of this partner."
        );

    [LoggerMessage(EventId = 1601, Level = LogLevel.Debug, Message = "Link {LinkId} created for partner {PartnerId}")]
    private static partial void LogCreated(ILogger logger, string linkId, PartnerId partnerId);
}
