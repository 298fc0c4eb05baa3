using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.Samples.WebShop.Data;

/// <summary>The shop's settings table: whether the demo was seeded, and how far the demo clock runs ahead.</summary>
public sealed class ShopSettings(ShopDbContext db)
{
    private const string SeededKey = "demo.seeded";
    private const string ClockOffsetKey = "demo.clock-offset-ticks";

    /// <summary>Whether the first-run seed completed.</summary>
    public async Task<bool> IsSeededAsync(CancellationToken cancellationToken = default) =>
        await FindAsync(SeededKey, cancellationToken) is not null;

    /// <summary>Records that the first-run seed completed.</summary>
    public Task MarkSeededAsync(CancellationToken cancellationToken = default) =>
        SetAsync(SeededKey, "true", cancellationToken);

    /// <summary>The demo clock's saved offset (zero when never moved).</summary>
    public async Task<TimeSpan> ClockOffsetAsync(CancellationToken cancellationToken = default) =>
        await FindAsync(ClockOffsetKey, cancellationToken) is { } value
            ? TimeSpan.FromTicks(long.Parse(value, CultureInfo.InvariantCulture))
            : TimeSpan.Zero;

    /// <summary>Saves the demo clock's offset, so a restart keeps the demo's date.</summary>
    public Task SaveClockOffsetAsync(TimeSpan offset, CancellationToken cancellationToken = default) =>
        SetAsync(ClockOffsetKey, offset.Ticks.ToString(CultureInfo.InvariantCulture), cancellationToken);

    private async Task<string?> FindAsync(string key, CancellationToken cancellationToken) =>
        (await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, cancellationToken))?.Value;

    private async Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        var setting = await db.Settings.FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (setting is null)
        {
            db.Settings.Add(new ShopSetting { Key = key, Value = value });
        }
        else
        {
            setting.Value = value;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
