namespace AiGateway.Dashboard.Domain;

public enum ProviderKind
{
    Simulated = 0,
    OpenAI = 1,
    Anthropic = 2,
    AzureOpenAI = 3,
    AwsBedrock = 4,
    GoogleVertex = 5,
    Mistral = 6,
    /// <summary>Not a provider: the kind of the one connection that holds gateway usage estimates.</summary>
    Gateway = 7,
    /// <summary>FOCUS billing files (any cloud or tool that exports them).</summary>
    Focus = 8,
    OpenRouter = 9,
}
