using System.Globalization;
using System.Text;
using NodaTime.Text;

namespace Affiliate;

/// <summary>
/// The text a cursor is bound to: a list's name and every filter, each value length-prefixed, so two different lists
/// or filter sets never give the same text (a value cannot pose as a separator or as another field).
/// </summary>
internal sealed class ListScope(string list)
{
    private readonly StringBuilder _text = new(list);

    public ListScope With(string name, string? value)
    {
        _text.Append(';').Append(name).Append('=');
        if (value is null)
        {
            _text.Append('-');
        }
        else
        {
            _text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        }

        return this;
    }

    public ListScope With(string name, int? value) => With(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Instants to the nanosecond: the filter compares them exactly.</summary>
    public ListScope With(string name, Instant? value) =>
        With(name, value is { } instant ? InstantPattern.ExtendedIso.Format(instant) : null);

    public override string ToString() => _text.ToString();
}
