using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AiGateway.Dashboard.IntegrationTests.Support;

namespace AiGateway.Dashboard.IntegrationTests.Host;

/// <summary>
/// The published app started as a service starts it — <c>dotnet /opt/app/AiGateway.Dashboard.dll</c> from
/// another folder — reads its own appsettings.json, serves its static files and renders in a browser.
/// </summary>
public class PublishedAppTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_published_app_started_from_another_folder_serves_its_assets_and_renders()
    {
        var root = Directory.CreateTempSubdirectory("aigw-published-").FullName;
        var appFolder = Path.Combine(root, "app");
        var elsewhere = Directory.CreateDirectory(Path.Combine(root, "elsewhere")).FullName;
        try
        {
            await RunAsync("dotnet", $"publish \"{ProjectFolder()}\" -c {Configuration} --no-build -o \"{appFolder}\"", RepositoryRoot());
            File.Exists(Path.Combine(appFolder, "appsettings.json")).ShouldBeTrue("the publish carries the root appsettings.json");

            var port = FreePort();
            var output = new StringBuilder();
            using var app = Start(Path.Combine(appFolder, "AiGateway.Dashboard.dll"), elsewhere, port, output);
            try
            {
                var baseAddress = new Uri($"http://127.0.0.1:{port}/");
                using var http = new HttpClient { BaseAddress = baseAddress };
                await WaitUntilUpAsync(http, app, output);

                (await http.GetByteArrayAsync("_framework/blazor.web.js", Ct)).Length.ShouldBeGreaterThan(10_000);
                (await http.GetByteArrayAsync("_content/MudBlazor/MudBlazor.min.css", Ct)).Length.ShouldBeGreaterThan(10_000);
                // appsettings.json was read: its Demo section seeded the demo company into data/ beside the app.
                File.Exists(Path.Combine(appFolder, "data", "dashboard.db")).ShouldBeTrue();
                File.Exists(Path.Combine(elsewhere, "data", "dashboard.db")).ShouldBeFalse();
                Directory.Exists(Path.Combine(appFolder, "keys")).ShouldBeTrue();
                lock (output) output.ToString().ShouldContain($"Content root {appFolder}");

                var page = await browser.NewPageAsync(baseAddress);
                await page.GotoAsync("signin");
                await page.ClickAsync("[data-testid=persona-admin]");
                await page.Locator("[data-testid=kpi-mtd] .kpi-value").WaitForAsync();
                // The circuit is live: the interactive marker appears only once blazor.web.js has connected.
                await Circuit.LiveAsync(page);
                var background = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.mud-appbar')).backgroundColor");
                background.ShouldNotBe("rgba(0, 0, 0, 0)", "MudBlazor's stylesheet applies");
                await page.Context.CloseAsync();
            }
            finally
            {
                if (!app.HasExited) app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync(Ct);
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AiGateway.Dashboard.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("The repository root (AiGateway.Dashboard.sln) was not found above the test folder.");
    }

    private static string ProjectFolder() => Path.Combine(RepositoryRoot(), "src", "AiGateway.Dashboard");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process Start(string dll, string workingDirectory, int port, StringBuilder output)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\"")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Jobs__Enabled"] = "false";
        start.Environment.Remove("ASPNETCORE_CONTENTROOT");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilUpAsync(HttpClient http, Process app, StringBuilder output)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (app.HasExited) break;
            try
            {
                if ((await http.GetAsync("health/live", Ct)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250, Ct);
        }
        lock (output) throw new InvalidOperationException("The published app did not start:\n" + output);
    }

    private static async Task RunAsync(string file, string arguments, string workingDirectory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
