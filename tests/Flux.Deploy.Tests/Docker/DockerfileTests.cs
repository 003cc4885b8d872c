using System.Text.RegularExpressions;

namespace Flux.Deploy.Tests.Docker;

public sealed partial class DockerfileTests
{
    public static TheoryData<string, string> Images => new()
    {
        { "deploy/silo.Dockerfile", "Flux.Silo" },
        { "deploy/gateway.Dockerfile", "Flux.Gateway" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void every_path_an_image_copies_from_the_build_context_exists_and_is_not_ignored(string file, string project)
    {
        var dockerfile = Dockerfile.Load(file);
        var ignored = File.ReadAllLines(Repository.PathOf(".dockerignore")).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();
        var sources = dockerfile.Arguments("COPY").Where(copy => !copy.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(copy => copy.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)).ToList();

        Assert.Contains("src/", sources);
        Assert.All(sources, source =>
        {
            Assert.True(File.Exists(Repository.PathOf(source)) || Directory.Exists(Repository.PathOf(source)), $"{file} copies {source}, which the repository does not have");
            Assert.DoesNotContain(source, ignored);
        });
        Assert.True(File.Exists(Repository.PathOf($"src/{project}/{project}.csproj")));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void an_image_publishes_its_project_as_scripts_publish_does_and_runs_it(string file, string project)
    {
        var dockerfile = Dockerfile.Load(file);
        var publish = Assert.Single(dockerfile.Arguments("RUN"), run => run.Contains("dotnet publish", StringComparison.Ordinal));

        Assert.Contains($"dotnet publish src/{project}/{project}.csproj -c Release -r linux-x64 ", publish);
        Assert.Contains("<Import Project=\"../Publish.props\" />", File.ReadAllText(Repository.PathOf($"src/{project}/{project}.csproj")));
        Assert.Equal($"[\"dotnet\", \"{project}.dll\"]", Assert.Single(dockerfile.Arguments("ENTRYPOINT", dockerfile.Runtime)));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void an_image_builds_on_the_sdk_and_runs_on_the_aspnet_runtime_as_the_unprivileged_app_user(string file, string project)
    {
        var dockerfile = Dockerfile.Load(file);
        var bases = dockerfile.Arguments("FROM").ToList();

        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 ", bases[0]);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", bases[^1]);
        Assert.Equal("$APP_UID", Assert.Single(dockerfile.Arguments("USER")));
        var runtime = dockerfile.Runtime.Select(i => i.Keyword).ToList();
        Assert.True(runtime.IndexOf("USER") < runtime.IndexOf("ENTRYPOINT"), $"{file}: {project} would start as root");
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void an_image_checks_its_health_on_a_path_flux_serves_with_a_client_the_image_installs(string file, string project)
    {
        var dockerfile = Dockerfile.Load(file);
        var check = HealthCheck().Match(Assert.Single(dockerfile.Arguments("HEALTHCHECK")));
        var port = PortSetting().Match(Assert.Single(dockerfile.Arguments("ENV", dockerfile.Runtime)));

        Assert.True(check.Success, $"{file}: the health check of {project} gets no local /healthz or /readyz");
        Assert.Contains(check.Groups["path"].Value, new[] { FluxProcesses.Liveness, FluxProcesses.Readiness });
        Assert.Contains(dockerfile.Arguments("RUN", dockerfile.Runtime), run => run.Contains($"apt-get install -y --no-install-recommends {check.Groups["client"].Value}", StringComparison.Ordinal));
        Assert.True(port.Success, $"{file}: sets no PORT for the health check to use");
        Assert.Contains(port.Groups["port"].Value, Assert.Single(dockerfile.Arguments("EXPOSE")).Split(' '));
    }

    [Fact]
    public void the_build_context_leaves_out_build_output_node_modules_and_git()
    {
        var ignored = File.ReadAllLines(Repository.PathOf(".dockerignore"));

        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", "**/node_modules/", ".git/" }, ignored.ToHashSet());
    }

    [GeneratedRegex(@"CMD (?<client>\S+) .*http://127\.0\.0\.1:\$\{PORT\}(?<path>/\w+)")]
    private static partial Regex HealthCheck();

    [GeneratedRegex(@"\bPORT=(?<port>\d+)")]
    private static partial Regex PortSetting();
}
