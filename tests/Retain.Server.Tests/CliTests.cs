using Retain.Server.Cli;

namespace Retain.Server.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task Help_ExitsZero() => Assert.Equal(0, await RetainCli.RunAsync(["--help"]));
}
