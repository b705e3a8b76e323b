using AiGateway.Dashboard.Domain;

namespace AiGateway.Dashboard.Features.Connections;

/// <summary>What a person enters for a connection. A blank secret on edit keeps the stored one.</summary>
public sealed class ConnectionInput
{
    public string Name { get; set; } = "";
    public ProviderKind Kind { get; set; } = ProviderKind.OpenAI;
    public string? BaseUrl { get; set; }
    public string? Secret { get; set; }
    /// <summary>The provider's organization id (OpenAI "org-…", Anthropic's organization id), for FOCUS's BillingAccountId.</summary>
    public string? OrganizationId { get; set; }
    public string Schedule { get; set; } = ProviderConnection.DefaultSchedule;
    public int BackfillDays { get; set; } = 90;
    public int OverlapDays { get; set; } = 3;
    public bool Enabled { get; set; } = true;

    // Azure OpenAI (Cost Management): the app registration and the scope it reads; the secret is the client secret.
    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    public string? Scope { get; set; }
    public string? AuthorityHost { get; set; }
    public string? CostType { get; set; } = Providers.Azure.AzureSettings.ActualCost;
    /// <summary>The app runs in Azure: the token comes from its managed identity, no secret is stored.</summary>
    public bool ManagedIdentity { get; set; }

    // Amazon Bedrock (Cost Explorer): the secret is the secret access key (with a session token for temporary credentials).
    public string? AccessKeyId { get; set; }
    /// <summary>Temporary credentials' session token: stored with the secret, encrypted, never shown again.</summary>
    public string? SessionToken { get; set; }
    public string? Region { get; set; } = Providers.Aws.BedrockSettings.DefaultRegion;
    public string? TagKeys { get; set; }
    public string? LinkedAccounts { get; set; }
    public string? RoleArn { get; set; }

    // Vertex AI / Gemini (Cloud Billing export in BigQuery): the secret is the service-account key JSON.
    public string? GcpProject { get; set; }
    public string? Dataset { get; set; }
    public string? Table { get; set; }
    public string? Location { get; set; }
    public string? LabelKey { get; set; }

    public Providers.Vertex.VertexSettings Vertex() => new((GcpProject ?? "").Trim(), (Dataset ?? "").Trim(), (Table ?? "").Trim(), Blank(Location), null, Blank(LabelKey));

    // FOCUS files: a server folder or file (or the base URL of one file), and the service category taken.
    public string? FocusPath { get; set; }
    public string? ServiceCategory { get; set; } = Providers.Focus.FocusSettings.AiAndMachineLearning;

    public Providers.Aws.BedrockSettings Bedrock() => new((AccessKeyId ?? "").Trim(), Blank(Region), Blank(TagKeys), Blank(LinkedAccounts), RoleArn: Blank(RoleArn));

    /// <summary>
    /// The kind's own settings as stored, or what is wrong with them under the field it concerns (each problem's sentence
    /// starts with its field's label). Null JSON: the kind has no settings of its own.
    /// </summary>
    public (string? Json, string? Field, string? Problem) KindSettings()
    {
        switch (Kind)
        {
            case ProviderKind.AzureOpenAI:
                var azure = Azure();
                return azure.Problem() is { } a ? (null, FieldOf(a, (nameof(TenantId), "Tenant"), (nameof(ClientId), "Client"), (nameof(Scope), "Scope"), (nameof(AuthorityHost), "Authority"), (nameof(CostType), "Cost")), a) : (azure.ToJson(), null, null);
            case ProviderKind.AwsBedrock:
                var bedrock = Bedrock();
                return bedrock.Problem() is { } b ? (null, FieldOf(b, (nameof(AccessKeyId), "Access"), (nameof(Region), "Region"), (nameof(LinkedAccounts), "Linked"), (nameof(TagKeys), "Tag"), (nameof(RoleArn), "Role")), b) : (bedrock.ToJson(), null, null);
            case ProviderKind.GoogleVertex:
                var vertex = Vertex();
                return vertex.Problem() is { } v ? (null, FieldOf(v, (nameof(GcpProject), "Project"), (nameof(Dataset), "Dataset"), (nameof(Table), "Table"), (nameof(Location), "Location"), (nameof(LabelKey), "Label")), v) : (vertex.ToJson(), null, null);
            case ProviderKind.Focus:
                var path = Blank(FocusPath);
                if (path is not null && !(File.Exists(path) || Directory.Exists(path))) return (null, nameof(FocusPath), $"Folder or file '{path}' does not exist on this server.");
                if (TextInput.Problem(ServiceCategory, "The service category", 100, required: false) is { } category) return (null, nameof(ServiceCategory), category);
                return (new Providers.Focus.FocusSettings(path, Blank(ServiceCategory)).ToJson(), null, null);
            default:
                return (null, null, null);
        }
    }

    private static string FieldOf(string problem, params (string Field, string Label)[] fields) =>
        fields.FirstOrDefault(f => problem.StartsWith(f.Label, StringComparison.Ordinal)).Field ?? fields[0].Field;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The Azure fields as the client reads them.</summary>
    public Providers.Azure.AzureSettings Azure() => new((TenantId ?? "").Trim(), (ClientId ?? "").Trim(), (Scope ?? "").Trim().Trim('/'),
        Blank(AuthorityHost), CostType, ManagedIdentity);

    /// <summary>What a person edits of a stored connection (never its secret).</summary>
    public static ConnectionInput From(ConnectionSummary c)
    {
        var input = new ConnectionInput { Name = c.Name, Kind = c.Kind, BaseUrl = c.BaseUrl, OrganizationId = c.OrganizationId, Schedule = c.Schedule, BackfillDays = c.BackfillDays, OverlapDays = c.OverlapDays, Enabled = c.Enabled };
        if (c.Kind == ProviderKind.AzureOpenAI && !string.IsNullOrWhiteSpace(c.Settings))
        {
            var azure = Providers.Azure.AzureSettings.From(c.Settings);
            (input.TenantId, input.ClientId, input.Scope, input.AuthorityHost, input.CostType, input.ManagedIdentity) = (azure.TenantId, azure.ClientId, azure.Scope, azure.AuthorityHost, azure.Type, azure.ManagedIdentity);
        }
        if (c.Kind == ProviderKind.GoogleVertex && !string.IsNullOrWhiteSpace(c.Settings))
        {
            var vertex = Providers.Vertex.VertexSettings.From(c.Settings);
            (input.GcpProject, input.Dataset, input.Table, input.Location, input.LabelKey) = (vertex.Project, vertex.Dataset, vertex.Table, vertex.Location, vertex.LabelKey);
        }
        if (c.Kind == ProviderKind.Focus)
        {
            var focus = Providers.Focus.FocusSettings.From(c.Settings);
            (input.FocusPath, input.ServiceCategory) = (focus.Path, focus.Category);
        }
        if (c.Kind == ProviderKind.AwsBedrock && !string.IsNullOrWhiteSpace(c.Settings))
        {
            var bedrock = Providers.Aws.BedrockSettings.From(c.Settings);
            (input.AccessKeyId, input.Region, input.TagKeys, input.LinkedAccounts, input.RoleArn) = (bedrock.AccessKeyId, bedrock.SigningRegion, bedrock.TagKeys, bedrock.LinkedAccounts, bedrock.RoleArn);
        }
        return input;
    }
}
