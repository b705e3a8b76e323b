namespace AiGateway.Dashboard.Domain;

/// <summary>A day whose spend is far above its trailing baseline.</summary>
public sealed record Anomaly(DateOnly Date, long ActualMicros, long BaselineMicros)
{
    public long AboveNormalMicros => ActualMicros - BaselineMicros;
}
