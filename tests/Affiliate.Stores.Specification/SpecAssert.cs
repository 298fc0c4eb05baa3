using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Affiliate.Stores.Specification;

/// <summary>
/// Structural equality for round trips. Records compare lists by reference, so a record read back from a database
/// never equals the one written; this walks every public property instead (computed ones too), so a property added
/// to a record later is checked without touching the suite.
/// </summary>
/// <remarks>
/// Leaves compare with <see cref="object.Equals(object)"/>: decimals ignore scale (1.5 equals 1.50, so
/// <see cref="Money"/> is scale-insensitive but keeps its currency), NodaTime values compare exactly (instants to the
/// tick) and strings ordinally, so a referral code must keep its spelling, not only its normalised form. Lists compare
/// item by item, in order. Runtime types must match (an event must come back as its own type).
/// </remarks>
public static class SpecAssert
{
    private const int MaxDepth = 40;

    /// <summary>Asserts two values are structurally equal, listing every difference.</summary>
    public static void Equivalent<T>(T expected, T actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, typeof(T).Name, differences, 0);
        if (differences.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                "The store did not give back what was written:"
                    + Environment.NewLine
                    + string.Join(Environment.NewLine, differences.Take(50))
            );
        }
    }

    /// <summary>Asserts two sequences are structurally equal, item by item.</summary>
    public static void EquivalentSequence<T>(IEnumerable<T> expected, IEnumerable<T> actual) =>
        Equivalent<IReadOnlyList<T>>(expected.ToArray(), actual.ToArray());

    private static void Compare(object? expected, object? actual, string path, List<string> differences, int depth)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                differences.Add($"{path}: expected {Show(expected)} but found {Show(actual)}");
            }

            return;
        }

        var type = expected.GetType();

        // Collections compare item by item whatever their concrete type (an array written, a list read back).
        if (expected is IEnumerable && actual is IEnumerable && expected is not string && actual is not string)
        {
            type = typeof(IEnumerable);
        }
        else if (type != actual.GetType())
        {
            differences.Add($"{path}: expected a {type.Name} but found a {actual.GetType().Name}");
            return;
        }

        if (depth > MaxDepth)
        {
            differences.Add($"{path}: nested too deep to compare");
            return;
        }

        if (IsLeaf(type))
        {
            if (!expected.Equals(actual))
            {
                differences.Add($"{path}: expected {Show(expected)} but found {Show(actual)}");
            }

            return;
        }

        if (expected is IEnumerable expectedItems && actual is IEnumerable actualItems)
        {
            var left = expectedItems.Cast<object?>().ToArray();
            var right = actualItems.Cast<object?>().ToArray();
            if (left.Length != right.Length)
            {
                differences.Add(
                    $"{path}: expected {left.Length} items [{string.Join(", ", left.Select(Show))}] but found "
                        + $"{right.Length} [{string.Join(", ", right.Select(Show))}]"
                );
                return;
            }

            for (var i = 0; i < left.Length; i++)
            {
                Compare(
                    left[i],
                    right[i],
                    string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"),
                    differences,
                    depth + 1
                );
            }

            return;
        }

        foreach (
            var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0)
                .OrderBy(p => p.Name, StringComparer.Ordinal)
        )
        {
            var left = Read(property, expected, out var leftFailure);
            var right = Read(property, actual, out var rightFailure);
            if (leftFailure is not null || rightFailure is not null)
            {
                // A computed property may throw on some states (an empty currency); both must behave alike.
                if (leftFailure?.GetType() != rightFailure?.GetType())
                {
                    differences.Add(
                        $"{path}.{property.Name}: expected {leftFailure?.GetType().Name ?? Show(left)} but found "
                            + $"{rightFailure?.GetType().Name ?? Show(right)}"
                    );
                }

                continue;
            }

            Compare(left, right, $"{path}.{property.Name}", differences, depth + 1);
        }
    }

    private static object? Read(PropertyInfo property, object target, out Exception? failure)
    {
        try
        {
            failure = null;
            return property.GetValue(target);
        }
        catch (TargetInvocationException exception)
        {
            failure = exception.InnerException ?? exception;
            return null;
        }
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive
        || type.IsEnum
        || type == typeof(string)
        || type == typeof(decimal)
        || type == typeof(Guid)
        || type == typeof(Currency)
        || type == typeof(DateTime)
        || type == typeof(DateTimeOffset)
        || type == typeof(TimeSpan)
        || (type.Namespace?.StartsWith("NodaTime", StringComparison.Ordinal) ?? false);

    private static string Show(object? value) =>
        value switch
        {
            null => "null",
            string text => $"\"{text}\"",
            decimal number => number.ToString(CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? value.GetType().Name,
        };
}
