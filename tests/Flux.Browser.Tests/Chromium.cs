namespace Flux.Browser.Tests;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, or the binary <c>FLUX_CHROMIUM</c> names) driven by Playwright, one
/// browser per test class. Pages it opens may load only from loopback: a request to any other address is refused and
/// recorded, so a page that would need a CDN fails its test rather than silently reaching out.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where screenshots go: test output beside the test assembly.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("FLUX_CHROMIUM") is { Length: > 0 } chosen ? chosen : "/usr/bin/chromium";
        if (!File.Exists(executable))
            throw new FileNotFoundException($"Chromium not found at {executable}: install Debian's chromium package (scripts/test does) or set FLUX_CHROMIUM");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>
    /// A page in a fresh context; <paramref name="headers"/> go with every request it makes, and <paramref name="login"/>
    /// is what a person would type when a server's 401 makes the browser ask for a user name and password.
    /// </summary>
    public async Task<BrowserPage> OpenAsync(IReadOnlyDictionary<string, string>? headers = null, HttpCredentials? login = null)
    {
        var context = await (_browser ?? throw new InvalidOperationException("not started")).NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1280, Height = 800 },
            ExtraHTTPHeaders = headers,
            HttpCredentials = login,
        });
        var page = await context.NewPageAsync();
        var outside = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            var uri = new Uri(route.Request.Url);
            if (uri.IsLoopback || uri.Scheme is "data" or "blob" or "about")
            {
                await route.ContinueAsync();
                return;
            }
            lock (outside)
                outside.Add(route.Request.Url);
            await route.AbortAsync();
        });
        return new BrowserPage(context, page, outside);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>An open page, the requests it tried to send outside loopback, and its browser errors.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _outside;
    private readonly List<string> _errors = [];

    internal BrowserPage(IBrowserContext context, IPage page, List<string> outside)
    {
        _context = context;
        _outside = outside;
        Page = page;
        page.PageError += (_, error) => { lock (_errors) _errors.Add(error); };
    }

    public IPage Page { get; }

    /// <summary>Requests refused because they went to an address other than loopback.</summary>
    public IReadOnlyList<string> OutsideRequests { get { lock (_outside) return [.. _outside]; } }

    /// <summary>Uncaught script errors on the page.</summary>
    public IReadOnlyList<string> ScriptErrors { get { lock (_errors) return [.. _errors]; } }

    /// <summary>Saves the page as <c>screenshots/&lt;name&gt;.png</c> beside the test assembly, and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(Chromium.ScreenshotDirectory);
        var path = Path.Combine(Chromium.ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
