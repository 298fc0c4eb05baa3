using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore;

/// <summary>
/// The admin API's ledger verification: <c>GET {prefix}/partners/{partnerId}/ledger/verify</c> walks the partner's
/// hash chain (<see cref="LedgerSeals.VerifyAsync"/>) and answers whether it is intact, or its first broken link.
/// </summary>
internal static class LedgerVerifyApi
{
    /// <summary>Maps the endpoint into the admin group (which already requires the admin policy).</summary>
    public static void Map(RouteGroupBuilder group) =>
        group
            .MapGet("/partners/{partnerId}/ledger/verify", VerifyAsync)
            .WithName("AffiliateAdminVerifyLedger")
            .WithSummary(
                "Verifies a partner's sealed ledger lines against their hash chain and names the first broken link."
            )
            .Produces<LedgerVerificationView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> VerifyAsync(HttpContext context, string partnerId)
    {
        if (!ApiRequest.TryId<PartnerId>(partnerId, "partnerId", out var id, out var problem))
        {
            return problem!;
        }

        var verified = await context
            .RequestServices.GetRequiredService<LedgerSeals>()
            .VerifyAsync(id, context.RequestAborted)
            .ConfigureAwait(false);
        return verified.ToHttpResult(v => TypedResults.Ok(LedgerVerificationView.From(v)));
    }
}

/// <summary>What verifying a partner's ledger chain found (the admin API's answer).</summary>
/// <param name="PartnerId">The partner.</param>
/// <param name="SealedLines">How many of the partner's lines are sealed.</param>
/// <param name="UnsealedLines">How many wait for the <c>ledger-seal</c> job (sealed within one job interval).</param>
/// <param name="Intact">True when every sealed line matches its seal.</param>
/// <param name="Broken">The first broken link, or null.</param>
public sealed record LedgerVerificationView(
    string PartnerId,
    long SealedLines,
    long UnsealedLines,
    bool Intact,
    LedgerBreakView? Broken
)
{
    internal static LedgerVerificationView From(LedgerVerification verification) =>
        new(
            verification.PartnerId.Value,
            verification.SealedLines,
            verification.UnsealedLines,
            verification.Intact,
            verification.Broken is { } broken ? new(broken.LineId, broken.Position, ReasonCode(broken.Reason)) : null
        );

    private static string ReasonCode(LedgerBreakReason reason) =>
        reason switch
        {
            LedgerBreakReason.LineMissing => "line_missing",
            LedgerBreakReason.PositionGap => "position_gap",
            _ => "line_edited",
        };
}

/// <summary>A broken link of a ledger chain.</summary>
/// <param name="LineId">The line its seal covers.</param>
/// <param name="Position">The seal's position in the partner's chain (from 1).</param>
/// <param name="Reason"><c>line_edited</c> (the hash differs), <c>line_missing</c> (the line was deleted) or
/// <c>position_gap</c> (seals before it are missing).</param>
public sealed record LedgerBreakView(string LineId, long Position, string Reason);
