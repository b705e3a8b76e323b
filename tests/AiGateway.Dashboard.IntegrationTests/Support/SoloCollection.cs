namespace AiGateway.Dashboard.IntegrationTests.Support;

/// <summary>
/// Tests that start a host with process-wide settings another host must not see (the reporting currency is fixed when
/// a host starts): they run alone, after every parallel test.
/// </summary>
[CollectionDefinition(nameof(SoloCollection), DisableParallelization = true)]
public sealed class SoloCollection;
