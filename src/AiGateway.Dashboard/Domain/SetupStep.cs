namespace AiGateway.Dashboard.Domain;

/// <summary>One step of <see cref="SetupChecklist"/>: what to do, why, the page where it is done, and whether it is.</summary>
public sealed record SetupStep(string Key, string Title, string Why, string Href, bool Done);
