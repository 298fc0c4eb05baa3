namespace Affiliate.Tests.Serialization;

/// <summary>Round-trip helpers over <see cref="AffiliateJson"/>.</summary>
internal static class Json
{
    /// <summary>Writes a value and reads it back as the same declared type.</summary>
    public static T RoundTrip<T>(T value) => AffiliateJson.Deserialize<T>(AffiliateJson.Serialize(value));

    /// <summary>
    /// Round-trips a value and checks that writing the copy gives exactly the same JSON; returns the copy.
    /// </summary>
    public static T StableRoundTrip<T>(T value)
    {
        var json = AffiliateJson.Serialize(value);
        var copy = AffiliateJson.Deserialize<T>(json);
        Assert.Equal(json, AffiliateJson.Serialize(copy));
        return copy;
    }
}
