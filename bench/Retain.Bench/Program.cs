using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Retain.Bench -- <suite> [args]`; see docs/benchmarks.md for the suites.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
