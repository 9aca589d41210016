using System.Globalization;
using Features.Universe;

// bench/universe.sh drives these verbs; each prints one "key=value ..." result line on stdout for the script.
//   generate --out DIR [--symbols 800] [--from 2007-01-01] [--to 2021-01-01] [--seed 20070101]
//   ingest   --url URL [--symbols 800] [--clients 4] [--from ..] [--to ..] [--seed ..]
//   singles  --url URL --features ID,ID,.. [--symbols 800] [--clients 4] [--from ..] [--to ..]
//   job      --url URL --features ID,ID,..   (every ingested symbol starting with S, as one job)
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: Features.Universe generate|ingest|singles|job [--options]; see bench/Universe/Program.cs");
    return 2;
}
var options = CommandLine.Parse(args.Skip(1));
var universe = new SyntheticUniverse(
    options.Int("symbols", 800),
    options.Date("from"),
    options.Date("to"),
    options.Int("seed", 20070101));
try
{
    return args[0] switch
    {
        "generate" => UniverseFiles.Write(universe, options.Required("out")),
        "ingest" => await UniverseIngest.RunAsync(universe, new Uri(options.Required("url")), options.Int("clients", 4)),
        "singles" => await SingleGenerates.RunAsync(universe, new Uri(options.Required("url")), options.Required("features").Split(','), options.Int("clients", 4)),
        "job" => await UniverseJob.RunAsync(universe, new Uri(options.Required("url")), options.Required("features").Split(',')),
        _ => throw new ArgumentException($"unknown verb '{args[0]}'"),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
