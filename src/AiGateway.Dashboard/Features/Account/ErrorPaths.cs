namespace AiGateway.Dashboard.Features.Account;

/// <summary>Where the pipeline sends a person after an error or a bare status code.</summary>
public static class ErrorPaths
{
    public const string Error = "/error";
    public const string Status = "/status";
}
