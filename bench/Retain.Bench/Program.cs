using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Retain.Bench -- <suite> [args]`; see docs/benchmarks.md for the suites.
// The named suites are plain Stopwatch/load suites (seconds-long runs on data files or a live server), so they
// bypass BenchmarkDotNet; anything else goes to BenchmarkSwitcher.
var rest = args.Length > 0 ? args[1..] : [];
switch (args.Length > 0 ? args[0] : "")
{
    case "clv":
        return Retain.Bench.ClvSuite.Run(rest);
    case "api":
        return await Retain.Bench.ApiLoadSuite.RunAsync(rest);
    case "recs":
        return Retain.Bench.RecsSuite.Run(rest);
    case "recs-serve":
        return await Retain.Bench.RecsServeSuite.RunAsync(rest);
    case "dashboard":
        return await Retain.Bench.DashboardSuite.RunAsync(rest);
    case "dashboard-pages":
        return await Retain.Bench.DashboardPagesSuite.RunAsync(rest);
    case "loyalty-api":
        return await Retain.Bench.LoyaltySuite.RunApiAsync(rest);
    case "loyalty-sim":
        return await Retain.Bench.LoyaltySuite.RunSimulationAsync(rest);
    case "import-phases":
        return Retain.Bench.ImportPhaseSuite.Run(rest);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Retain.Bench.ApiLoadSuite).Assembly).Run(args);
        return 0;
}
