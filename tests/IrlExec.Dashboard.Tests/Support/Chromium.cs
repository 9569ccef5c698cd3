using Microsoft.Playwright;

namespace IrlExec.Dashboard.Tests.Support;

/// <summary>
/// One headless Chromium for the browser tests: Debian's (<c>apt-get install chromium</c>, which <c>.ci/run</c> does when
/// it is missing), launched by its path. Playwright's own browser download is never used.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    // Playwright's defaults (5 s for an expectation, 30 s for an action) assume a browser with a machine of its own; the
    // tests share two cores with every other test project.
    private const float Patience = 60_000;

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"The browser tests drive Debian's Chromium at {ExecutablePath}, which is missing: run 'apt-get install -y chromium' (.ci/run does).");
        }
        Assertions.SetDefaultExpectTimeout(Patience);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>
    /// A fresh page (its own cookies) whose console errors and dialogs are recorded; <paramref name="headers"/> go with
    /// every request it makes (the tests' sign-in, see <see cref="HeaderAuthentication"/>).
    /// </summary>
    public async Task<BrowserPage> NewPageAsync(IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            ExtraHTTPHeaders = headers,
        });
        context.SetDefaultTimeout(Patience);
        context.SetDefaultNavigationTimeout(Patience);
        var page = await context.NewPageAsync();
        var result = new BrowserPage(context, page);
        page.Console += (_, message) => { if (message.Type == "error") result.ConsoleErrors.Add(message.Text); };
        page.Dialog += async (_, dialog) =>
        {
            result.Dialogs.Add(dialog.Message);
            await dialog.AcceptAsync();
        };
        return result;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>A page in its own browser context, with what it printed to the console and the dialogs it opened.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public List<string> ConsoleErrors { get; } = [];

    public List<string> Dialogs { get; } = [];

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>
{
    public const string Name = "browser";
}
