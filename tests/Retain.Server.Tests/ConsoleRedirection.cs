namespace Retain.Server.Tests;

/// <summary>
/// Tests that redirect <see cref="Console.Out"/> run alone, after the parallel ones: the console is one per process,
/// so a CLI test running beside them would write into the captured output.
/// </summary>
[CollectionDefinition(nameof(ConsoleRedirection), DisableParallelization = true)]
public sealed class ConsoleRedirection;
