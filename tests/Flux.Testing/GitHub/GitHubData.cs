using System.Globalization;
using System.Text.Json.Nodes;

namespace Flux.Testing.GitHub;

/// <summary>
/// What the fake GitHub serves: lists of GitHub-shaped JSON objects (nested owners, users, labels, subjects and
/// all), and builders for the usual ones. Edit it only through <see cref="FakeGitHub.Edit"/>.
/// </summary>
public sealed class GitHubData
{
    public const string Login = "octo";

    public List<JsonObject> Repositories { get; } = [];
    public List<JsonObject> Issues { get; } = [];
    public List<JsonObject> Notifications { get; } = [];

    /// <summary>Repositories <c>octo/repo-1</c> … <c>octo/repo-N</c> (continuing after those already there).</summary>
    public void AddRepositories(int count)
    {
        for (var i = 0; i < count; i++)
            Repositories.Add(Repository(Repositories.Count + 1));
    }

    /// <summary>Open issues of <c>octo/repo-1</c> numbered on from those there; every <paramref name="pullRequestEvery"/>th a pull request.</summary>
    public void AddIssues(int count, int pullRequestEvery = 0)
    {
        for (var i = 0; i < count; i++)
        {
            var number = Issues.Count + 1;
            Issues.Add(Issue("octo/repo-1", number, pullRequestEvery > 0 && number % pullRequestEvery == 0));
        }
    }

    public void AddNotifications(int count)
    {
        for (var i = 0; i < count; i++)
            Notifications.Add(Notification((Notifications.Count + 1).ToString(CultureInfo.InvariantCulture), "octo/repo-1"));
    }

    public static JsonObject Repository(int n) => new()
    {
        ["id"] = 1000 + n,
        ["node_id"] = $"R_kgDO{n}",
        ["name"] = $"repo-{n}",
        ["full_name"] = $"{Login}/repo-{n}",
        ["private"] = n % 2 == 0,
        ["owner"] = new JsonObject { ["login"] = Login, ["id"] = 1, ["type"] = "User" },
        ["html_url"] = $"https://github.com/{Login}/repo-{n}",
        ["description"] = n % 3 == 0 ? null : $"Repository number {n}",
        ["fork"] = false,
        ["url"] = $"https://api.github.com/repos/{Login}/repo-{n}",
        ["created_at"] = "2025-01-02T03:04:05Z",
        ["updated_at"] = "2026-11-30T10:00:00Z",
        ["pushed_at"] = "2026-11-29T09:00:00Z",
        ["stargazers_count"] = n * 10,
        ["watchers_count"] = n * 10,
        ["language"] = "C#",
        ["forks_count"] = n,
        ["archived"] = false,
        ["open_issues_count"] = 2,
        ["license"] = new JsonObject { ["key"] = "mit", ["name"] = "MIT License" },
        ["topics"] = new JsonArray("flux", "agents"),
        ["default_branch"] = "main",
        ["permissions"] = new JsonObject { ["admin"] = true, ["push"] = true, ["pull"] = true },
    };

    public static JsonObject Issue(string repository, int number, bool pullRequest)
    {
        var issue = new JsonObject
        {
            ["id"] = 50_000 + number,
            ["number"] = number,
            ["title"] = $"Issue {number}",
            ["state"] = "open",
            ["html_url"] = $"https://github.com/{repository}/{(pullRequest ? "pull" : "issues")}/{number}",
            ["url"] = $"https://api.github.com/repos/{repository}/issues/{number}",
            ["repository_url"] = $"https://api.github.com/repos/{repository}",
            ["user"] = new JsonObject { ["login"] = "alice", ["id"] = 2 },
            ["labels"] = new JsonArray(
                new JsonObject { ["id"] = 1, ["name"] = "bug", ["color"] = "d73a4a" },
                new JsonObject { ["id"] = 2, ["name"] = "p1", ["color"] = "ffffff" }),
            ["assignee"] = new JsonObject { ["login"] = Login, ["id"] = 1 },
            ["assignees"] = new JsonArray(new JsonObject { ["login"] = Login, ["id"] = 1 }),
            ["comments"] = number % 5,
            ["created_at"] = "2026-11-01T00:00:00Z",
            ["updated_at"] = "2026-11-30T12:00:00Z",
            ["body"] = "Something to do.",
            ["repository"] = new JsonObject { ["id"] = 1001, ["name"] = repository.Split('/')[1], ["full_name"] = repository },
        };
        if (pullRequest)
            issue["pull_request"] = new JsonObject
            {
                ["url"] = $"https://api.github.com/repos/{repository}/pulls/{number}",
                ["html_url"] = $"https://github.com/{repository}/pull/{number}",
            };
        return issue;
    }

    public static JsonObject Notification(string id, string repository) => new()
    {
        ["id"] = id,
        ["unread"] = true,
        ["reason"] = "mention",
        ["updated_at"] = "2026-11-30T13:00:00Z",
        ["last_read_at"] = null,
        ["subject"] = new JsonObject
        {
            ["title"] = $"Notification {id}",
            ["url"] = $"https://api.github.com/repos/{repository}/issues/1",
            ["type"] = "Issue",
        },
        ["repository"] = new JsonObject { ["id"] = 1001, ["full_name"] = repository, ["owner"] = new JsonObject { ["login"] = Login } },
        ["url"] = $"https://api.github.com/notifications/threads/{id}",
    };
}
