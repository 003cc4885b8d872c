using System.Text;
using Flux.Gateway.Configuration;
using Flux.Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Tests.Http;

public sealed class AdminTokenTests
{
    private static readonly AdminToken Configured = new(Options.Create(new ApiOptions { AdminToken = "s3cret:with-colon" }));

    private static HttpRequest Request(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
            context.Request.Headers.Authorization = authorization;
        return context.Request;
    }

    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Theory]
    [InlineData("Bearer s3cret:with-colon")]
    [InlineData("bearer   s3cret:with-colon ")]
    public void a_browser_page_admits_the_bearer_token(string authorization) =>
        Assert.True(Configured.AdmitsBrowser(Request(authorization)));

    [Theory]
    [InlineData("operator:s3cret:with-colon")]
    [InlineData(":s3cret:with-colon")]
    public void a_browser_page_admits_the_token_as_the_basic_password_whatever_the_user_name(string credentials)
    {
        Assert.True(Configured.AdmitsBrowser(Request(Basic(credentials))));
        Assert.True(Configured.AdmitsBrowser(Request(Basic(credentials).Replace("Basic", "basic", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Basic !!not-base64!!")]
    [InlineData("Basic")]
    [InlineData("Digest s3cret:with-colon")]
    public void a_browser_page_refuses_a_missing_wrong_or_malformed_token(string? authorization) =>
        Assert.False(Configured.AdmitsBrowser(Request(authorization)));

    [Theory]
    // The user name ends at the first colon (RFC 7617), so the token must follow a user name and its colon.
    [InlineData("s3cret:with-colon")]
    [InlineData("s3cret:with-colon:")]
    [InlineData("operator:wrong")]
    public void a_browser_page_refuses_basic_credentials_whose_password_is_not_the_token(string credentials) =>
        Assert.False(Configured.AdmitsBrowser(Request(Basic(credentials))));

    [Fact]
    public void the_basic_password_does_not_open_the_admin_api() =>
        Assert.False(Configured.Admits(Request(Basic("operator:s3cret:with-colon"))));

    [Fact]
    public void without_a_configured_token_a_browser_page_is_open() =>
        Assert.True(new AdminToken(Options.Create(new ApiOptions())).AdmitsBrowser(Request(null)));
}
