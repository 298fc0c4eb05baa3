namespace Affiliate;

/// <summary>
/// The order of ids in lists: by Unicode code point, which is how PostgreSQL's "C" collation and SQLite's BINARY
/// collation compare UTF-8 text. <see cref="StringComparer.Ordinal"/> compares UTF-16 code units instead and puts
/// characters above U+FFFF (surrogate pairs) before U+E000..U+FFFF; this comparer moves them after, so the in-memory
/// store pages ids exactly as the databases do.
/// </summary>
internal sealed class IdOrder : IComparer<string>
{
    public static readonly IdOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return CodePointRank(x[i]) - CodePointRank(y[i]);
            }
        }

        return x.Length - y.Length;
    }

    /// <summary>Code units above U+D7FF re-ranked so that surrogates (code points above U+FFFF) come last.</summary>
    private static int CodePointRank(char unit) =>
        unit < 0xD800 ? unit
        : unit >= 0xE000 ? unit - 0x800
        : unit + 0x2000;
}
