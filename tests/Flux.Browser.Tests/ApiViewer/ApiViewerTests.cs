namespace Flux.Browser.Tests.ApiViewer;

public sealed class ApiViewerTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task the_api_viewer_renders_the_flux_api_in_chromium_from_the_server_alone()
    {
        await using var server = await FluxServer.StartAsync();
        await using var browser = await chromium.OpenAsync();

        await browser.Page.GotoAsync(new Uri(server.BaseAddress, "api/docs").ToString());

        // Scalar renders each operation's summary once it has read /openapi/v1.json.
        await Assertions.Expect(browser.Page.GetByText("Publish one event").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await browser.ScreenshotAsync("api-viewer");
        Assert.Empty(browser.OutsideRequests);
        Assert.Empty(browser.ScriptErrors);
    }
}
