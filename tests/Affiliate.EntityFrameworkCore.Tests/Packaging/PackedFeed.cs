using System.Text.Json;
using System.Xml.Linq;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;

namespace Affiliate.EntityFrameworkCore.Tests.Packaging;

/// <summary>
/// The four src packages packed once, at a version of their own, into a temporary feed; and throwaway host projects
/// that reference one of them and are restored from that feed plus the repository's own package sources. Everything
/// it makes is deleted on dispose: the feed, the hosts, and that version's <c>affiliate.*</c> folders in the global
/// packages folder.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    private static readonly string[] Projects =
    [
        "Affiliate.Core",
        "Affiliate.EntityFrameworkCore",
        "Affiliate.EntityFrameworkCore.Sqlite",
        "Affiliate.EntityFrameworkCore.PostgreSql",
    ];

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(5);

    private readonly HashSet<string> _packageFolders = new(StringComparer.Ordinal);

    /// <summary>
    /// A version no other run uses, so that restores never find an older pack in the global packages folder. The
    /// pre-release label starts with a letter: semantic versioning forbids leading zeros in numeric labels.
    /// </summary>
    public string Version { get; } = "0.0.0-pkgtest.g" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The temporary directory holding the feed and the hosts.</summary>
    public string Root { get; } =
        Path.Combine(Path.GetTempPath(), "affiliate-pkgtest-" + Guid.NewGuid().ToString("N")[..8]);

    private string Feed => Path.Combine(Root, "feed");

    /// <summary>The dotnet that runs the tests (the test host names it), else the one on the PATH.</summary>
    private static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var repository = RepositoryRoot();
        foreach (var project in Projects)
        {
            var directory = Path.Combine(repository, "src", project);
            // ./build.sh test builds Release before testing: pack those binaries, or build them when they are missing.
            var built = File.Exists(Path.Combine(directory, "bin", "Release", "net10.0", project + ".dll"));
            var arguments = new List<string>
            {
                "pack",
                Path.Combine(directory, project + ".csproj"),
                "-c",
                "Release",
                "-o",
                Feed,
                "-p:PackageVersion=" + Version,
                // The nuspec of this version goes with the feed, not into the project's obj folder.
                "-p:NuspecOutputPath=" + Path.Combine(Root, "nuspec", project) + Path.DirectorySeparatorChar,
                "-nologo",
            };
            if (built)
            {
                arguments.Add("--no-build");
            }

            var result = await ProcessRunner.RunAsync(Dotnet, arguments, PackTimeout);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("Packing failed: " + result.Describe());
            }
        }

        _sources = Sources(Path.Combine(repository, "nuget.config"));
    }

    private IReadOnlyList<XElement> _sources = [];

    /// <summary>
    /// Restores a console project that references only <paramref name="package"/> at <see cref="Version"/>; returns
    /// the libraries its assets file lists, by name (case-insensitive) with their versions.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> RestoreHostReferencingAsync(string package)
    {
        var host = Path.Combine(Root, "hosts", package);
        Directory.CreateDirectory(host);
        await File.WriteAllTextAsync(
            Path.Combine(host, "Host.csproj"),
            $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <!-- The audit asks the sources for vulnerability data: not what this restore is about. -->
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{package}" Version="{Version}" />
              </ItemGroup>
            </Project>
            """
        );
        await File.WriteAllTextAsync(Path.Combine(host, "Program.cs"), "System.Console.WriteLine();\n");
        var config = new XDocument(
            new XElement(
                "configuration",
                new XElement(
                    "packageSources",
                    new XElement("clear"),
                    new XElement("add", new XAttribute("key", "affiliate-pkgtest"), new XAttribute("value", Feed)),
                    _sources.Select(s => new XElement(s))
                )
            )
        );
        config.Save(Path.Combine(host, "nuget.config"));

        var result = await ProcessRunner.RunAsync(
            Dotnet,
            ["restore", Path.Combine(host, "Host.csproj"), "-nologo"],
            RestoreTimeout,
            host
        );
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Restoring the host failed: " + result.Describe());
        }

        using var assets = JsonDocument.Parse(
            await File.ReadAllTextAsync(Path.Combine(host, "obj", "project.assets.json"))
        );
        lock (_packageFolders)
        {
            foreach (var folder in assets.RootElement.GetProperty("packageFolders").EnumerateObject())
            {
                _packageFolders.Add(folder.Name);
            }
        }

        var libraries = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in assets.RootElement.GetProperty("libraries").EnumerateObject())
        {
            var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
            libraries[library.Name[..slash]] = library.Name[(slash + 1)..];
        }

        return libraries;
    }

    public Task DisposeAsync()
    {
        // Only this run's version of our own packages: every other package in the folder is shared with other builds.
        foreach (var folder in _packageFolders)
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var id in Directory.GetDirectories(folder, "affiliate.*"))
            {
                var version = Path.Combine(id, Version.ToLowerInvariant());
                if (Directory.Exists(version))
                {
                    Directory.Delete(version, recursive: true);
                }

                if (!Directory.EnumerateFileSystemEntries(id).Any())
                {
                    Directory.Delete(id);
                }
            }
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>The <c>add</c> entries of the repository's package sources, copied as they are.</summary>
    private static XElement[] Sources(string nugetConfig) =>
        XDocument.Load(nugetConfig).Root?.Element("packageSources")?.Elements("add").ToArray() ?? [];

    /// <summary>The directory holding Affiliate.Core.sln, above the test assembly.</summary>
    private static string RepositoryRoot()
    {
        var start = new DirectoryInfo(AppContext.BaseDirectory);
        for (var directory = start; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Affiliate.Core.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Affiliate.Core.sln above {AppContext.BaseDirectory}.");
    }
}
