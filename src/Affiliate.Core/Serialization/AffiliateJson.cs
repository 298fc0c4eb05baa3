using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Affiliate;

/// <summary>
/// The JSON form of the domain values the stores keep in text columns (plans, rules, conditions, explanations,
/// attribution shares, exchange rates) and of outbox events. Compact camelCase JSON, exact to the last digit:
/// amounts keep their scale, instants their nanoseconds.
/// </summary>
/// <remarks>
/// <para>Shapes: <see cref="Instant"/> <c>"2026-06-01T12:00:00.123456789Z"</c>; <see cref="LocalDate"/>
/// <c>"2026-06-01"</c>; <see cref="Duration"/> <c>"1:02:03:04.5"</c> (days:hours:minutes:seconds);
/// <see cref="DateTimeZone"/> <c>"Europe/Berlin"</c>; <see cref="Currency"/> <c>"EUR"</c> for an ISO 4217 currency,
/// <c>{"code":"PTS","minorUnits":0}</c> for one declared with <see cref="Currency.Create"/>; <see cref="Money"/>
/// <c>{"amount":"10.50","currency":"EUR"}</c>; ids, <see cref="PartnerSegment"/>, <see cref="PartnerTier"/> and
/// <see cref="ReferralCode"/> plain strings; enums camelCase names (<c>"awayFromZero"</c>);
/// <see cref="CommissionRate"/> <c>{"kind":"percent","value":10}</c>,
/// <c>{"kind":"flat","amount":{...}}</c> or <c>{"kind":"flatPerItem","amount":{...}}</c>;
/// <see cref="VolumeWindow"/> <c>{"kind":"rollingDays","days":30}</c>;
/// <see cref="Milestone"/> <c>{"kind":"nthConversion","count":10,"revenue":0}</c>. Records are objects of
/// their settable properties; computed properties are not written.</para>
/// <para>Reading through <see cref="Options"/> is strict where data would otherwise be lost: a missing
/// <c>required</c> member or constructor parameter, a null for a non-nullable reference, an unknown currency code or
/// enum name all throw <see cref="JsonException"/>. Unknown properties are skipped, and properties may come in any
/// order.</para>
/// <para>Use <see cref="Options"/> as it is, or add the contract to a host's own options with
/// <see cref="Configure"/>, for example in ASP.NET Core:
/// <code>builder.Services.ConfigureHttpJsonOptions(o => AffiliateJson.Configure(o.SerializerOptions));</code></para>
/// </remarks>
public static class AffiliateJson
{
    /// <summary>
    /// The options every store uses, with the whole contract: read-only and thread-safe (create a copy with
    /// <c>new JsonSerializerOptions(Options)</c> to change one).
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// The event types the outbox can store: each <see cref="AffiliateEvent.Type"/> name and its record type, as the
    /// <see cref="JsonDerivedTypeAttribute"/>s on <see cref="AffiliateEvent"/> declare them.
    /// </summary>
    public static IReadOnlyDictionary<string, Type> EventTypes { get; } =
        typeof(AffiliateEvent)
            .GetCustomAttributes<JsonDerivedTypeAttribute>(inherit: false)
            .ToFrozenDictionary(a => (string)a.TypeDiscriminator!, a => a.DerivedType, StringComparer.Ordinal);

    /// <summary>
    /// Adds the contract to a host's options: the converters of the affiliate values (ids, money, currencies, rates,
    /// milestones, volume windows, attribution shares, camelCase enum names) ahead of the host's own, NodaTime's
    /// <see cref="Instant"/>, <see cref="LocalDate"/>, <see cref="Duration"/> and <see cref="DateTimeZone"/> after
    /// them (a host's own NodaTime converters win), and the shape of the affiliate records: computed properties left
    /// out, constructor parameters without a default value required.
    /// </summary>
    /// <remarks>
    /// Only types of Affiliate.Core change shape; the host's naming policy applies to the affiliate records' property
    /// names (use camelCase, the web default, for the documented form). Options-wide settings stay the host's: set
    /// <see cref="JsonSerializerOptions.RespectNullableAnnotations"/> as <see cref="Options"/> does to refuse a
    /// <c>null</c> for a non-nullable member of untrusted input. Calling it again does nothing. The records are read
    /// through reflection: the options' resolver (a <see cref="DefaultJsonTypeInfoResolver"/> when it has none, as in
    /// ASP.NET Core) must be able to resolve any type.
    /// </remarks>
    /// <example>
    /// <code>builder.Services.ConfigureHttpJsonOptions(o => AffiliateJson.Configure(o.SerializerOptions));</code>
    /// </example>
    /// <param name="options">The host's options, not yet read-only.</param>
    /// <returns>The same options, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The options are read-only (already used to serialize).</exception>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Converters.Any(c => c is MoneyConverter))
        {
            return options;
        }

        JsonConverter[] affiliate =
        [
            new CurrencyConverter(),
            new MoneyConverter(),
            new CommissionRateConverterFactory(),
            new VolumeWindowConverter(),
            new MilestoneConverter(),
            new AttributionShareConverter(),
            new StringValueConverter<PartnerId>(v => new PartnerId(v), id => id.Value),
            new StringValueConverter<ProgramId>(v => new ProgramId(v), id => id.Value),
            new StringValueConverter<PlanId>(v => new PlanId(v), id => id.Value),
            new StringValueConverter<ConversionId>(v => new ConversionId(v), id => id.Value),
            new StringValueConverter<ClickId>(v => new ClickId(v), id => id.Value),
            new StringValueConverter<CommissionLineId>(v => new CommissionLineId(v), id => id.Value),
            new StringValueConverter<PayoutId>(v => new PayoutId(v), id => id.Value),
            new StringValueConverter<CustomerId>(v => new CustomerId(v), id => id.Value),
            new StringValueConverter<PartnerSegment>(v => new PartnerSegment(v), s => s.Name),
            new StringValueConverter<PartnerTier>(v => new PartnerTier(v), t => t.Name),
            new StringValueConverter<ReferralCode>(ReferralCode.Parse, c => c.Value),
            new AffiliateEnumConverter(),
        ];

        // Ahead of the host's converters: a host-wide JsonStringEnumConverter would otherwise name our enums its way.
        for (var i = 0; i < affiliate.Length; i++)
        {
            options.Converters.Insert(i, affiliate[i]);
        }

        options.Converters.Add(new InstantConverter());
        options.Converters.Add(new LocalDateConverter());
        options.Converters.Add(new DurationConverter());
        options.Converters.Add(new DateTimeZoneConverter());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(
            JsonContract.AffiliateRecords
        );
        return options;
    }

    /// <summary>A value as compact JSON.</summary>
    /// <remarks>
    /// A value declared as <see cref="AffiliateEvent"/> is written with its type name
    /// (<c>{"type":"payout.paid",...}</c>).
    /// </remarks>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads a value written by <see cref="Serialize{T}"/>.</summary>
    /// <exception cref="JsonException">
    /// The JSON is malformed, misses a required member, or is <c>null</c> for a type that cannot be null.
    /// </exception>
    public static T Deserialize<T>(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var value = JsonSerializer.Deserialize<T>(json, Options);
        if (value is null && Nullable.GetUnderlyingType(typeof(T)) is null)
        {
            throw new JsonException($"The JSON is null where a {typeof(T).Name} was expected.");
        }

        return value!;
    }

    /// <summary>
    /// An event's JSON for the outbox: its properties (<see cref="AffiliateEvent.EventId"/>,
    /// <see cref="AffiliateEvent.OccurredAt"/>, <see cref="AffiliateEvent.ProgramId"/> and the event's own) without its
    /// type name, which the outbox keeps in its own column.
    /// </summary>
    /// <exception cref="NotSupportedException">
    /// The event's type is not in <see cref="EventTypes"/>, so it could not be read back.
    /// </exception>
    public static string SerializeEvent(AffiliateEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var type = e.GetType();
        if (!EventTypes.TryGetValue(e.Type, out var registered) || registered != type)
        {
            throw new NotSupportedException(
                $"The event {type.FullName} (type '{e.Type}') is not a registered affiliate event type, "
                    + "so the outbox could not read it back."
            );
        }

        return JsonSerializer.Serialize(e, type, Options);
    }

    /// <summary>
    /// Reads an event from its type name (such as <c>conversion.recorded</c>) and the JSON
    /// <see cref="SerializeEvent"/> wrote.
    /// </summary>
    /// <exception cref="NotSupportedException">No event type has that name; the message names it.</exception>
    /// <exception cref="JsonException">The JSON is malformed or misses a required member.</exception>
    public static AffiliateEvent DeserializeEvent(string type, string json)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(json);
        if (!EventTypes.TryGetValue(type, out var clrType))
        {
            throw new NotSupportedException(
                $"Unknown affiliate event type '{type}'; this version knows "
                    + $"{string.Join(", ", EventTypes.Keys.Order(StringComparer.Ordinal))}. "
                    + "Was the event written by a newer version of Affiliate?"
            );
        }

        return JsonSerializer.Deserialize(json, clrType, Options) as AffiliateEvent
            ?? throw new JsonException($"The JSON of a '{type}' event is null.");
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = Configure(
            new JsonSerializerOptions(JsonSerializerDefaults.General)
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                WriteIndented = false,
                RespectNullableAnnotations = true,
                RespectRequiredConstructorParameters = true,
                AllowOutOfOrderMetadataProperties = true,
                UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            }
        );

        // Any other enum a stored value may hold is named the same way, as before the contract moved to the core.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly();
        return options;
    }
}
