using System.Globalization;

namespace Retain.Analytics.Measure;

/// <summary>A half-open UTC period [<see cref="Start"/>, <see cref="End"/>).</summary>
public readonly record struct DateRange(DateTime Start, DateTime End)
{
    public TimeSpan Length() => End - Start;

    /// <summary>The period of equal length just before this one (the comparison period).</summary>
    public DateRange PreviousPeriod() => new(Start - Length(), Start);

    public bool Contains(DateTime t) => t >= Start && t < End;

    /// <summary>Whole days from the first to the last day, e.g. 2024-01-01..2024-01-31 for January.</summary>
    public static DateRange FromDays(DateOnly first, DateOnly last) =>
        new(first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Start:yyyy-MM-dd}..{(End.TimeOfDay == TimeSpan.Zero ? End.AddDays(-1) : End):yyyy-MM-dd}");
}
