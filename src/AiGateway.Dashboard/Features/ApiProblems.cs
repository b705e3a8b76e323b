using System.Globalization;
using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features;

/// <summary>Problem details every endpoint answers alike.</summary>
public static class ApiProblems
{
    /// <summary>A 400 naming the bad query or route parameter (title and a <c>parameter</c> extension).</summary>
    public static IResult Parameter(string parameter, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Invalid parameter '{parameter}'", detail: detail,
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });

    /// <summary>
    /// Reads <c>from</c> and <c>to</c> (YYYY-MM-DD, each defaulting when left out) into a window of at most
    /// <paramref name="maxDays"/> days within the dates we accept; otherwise the 400 naming the bad one.
    /// </summary>
    public static (DateWindow Window, IResult? Problem) Range(string? from, string? to, DateOnly defaultFrom, DateOnly defaultTo, DateOnly today, int maxDays)
    {
        if (!TryDay(from, defaultFrom, out var fromDay)) return (default, Parameter("from", $"'{from}' is not a date in the form YYYY-MM-DD."));
        if (!TryDay(to, defaultTo, out var toDay)) return (default, Parameter("to", $"'{to}' is not a date in the form YYYY-MM-DD."));
        if (DateLimits.Problem(fromDay, today) is { } fromProblem) return (default, Parameter("from", fromProblem));
        if (DateLimits.Problem(toDay, today) is { } toProblem) return (default, Parameter("to", toProblem));
        if (fromDay > toDay) return (default, Parameter("from", $"'from' ({fromDay:yyyy-MM-dd}) is after 'to' ({toDay:yyyy-MM-dd})."));
        if (toDay.DayNumber - fromDay.DayNumber + 1 > maxDays) return (default, Parameter("to", $"The range covers more than {maxDays} days."));
        return (new DateWindow(fromDay, toDay), null);
    }

    private static bool TryDay(string? value, DateOnly fallback, out DateOnly day)
    {
        if (string.IsNullOrEmpty(value))
        {
            day = fallback;
            return true;
        }
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
