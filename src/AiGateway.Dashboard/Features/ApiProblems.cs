namespace AiGateway.Dashboard.Features;

/// <summary>Problem details every endpoint answers alike.</summary>
public static class ApiProblems
{
    /// <summary>A 400 naming the bad query or route parameter (title and a <c>parameter</c> extension).</summary>
    public static IResult Parameter(string parameter, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Invalid parameter '{parameter}'", detail: detail,
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });
}
