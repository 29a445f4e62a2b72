using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Retain.Bench -- <suite> [args]`; see docs/benchmarks.md for the suites.
// `clv` is a plain Stopwatch suite (seconds-long fits on a data file), so it bypasses BenchmarkDotNet.
if (args.Length > 0 && args[0] == "dashboard-pages")
    return await Retain.Bench.DashboardPagesSuite.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "clv")
    return Retain.Bench.ClvSuite.Run(args[1..]);
if (args.Length > 0 && args[0] == "api")
    return await Retain.Bench.ApiLoadSuite.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "dashboard")
    return await Retain.Bench.DashboardSuite.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "import-phases")
    return Retain.Bench.ImportPhaseSuite.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Retain.Bench.ApiLoadSuite).Assembly).Run(args);
return 0;
