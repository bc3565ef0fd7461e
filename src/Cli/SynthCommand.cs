using System.CommandLine;
using CellActors.Imaging;

namespace CellActors.Cli;

/// <summary><c>cellactors synth OUT</c>: a seeded synthetic CTC-layout time-lapse with exact ground truth.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("out") { Description = "Folder to write <dataset>/01/tNNN.tif and 01_GT/ into" };
        var frames = new Option<int>("--frames") { Description = "Time points", DefaultValueFactory = _ => 20 };
        var height = new Option<int>("--height") { Description = "Frame height in pixels", DefaultValueFactory = _ => 256 };
        var width = new Option<int>("--width") { Description = "Frame width in pixels", DefaultValueFactory = _ => 256 };
        var cells = new Option<int>("--cells") { Description = "Cells in the first frame", DefaultValueFactory = _ => 12 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same files)", DefaultValueFactory = _ => 1 };
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder name", DefaultValueFactory = _ => "Synth-N2DH" };
        var bits = new Option<int>("--bit-depth") { Description = "8 or 16", DefaultValueFactory = _ => 16 };
        var cmd = new Command("synth", "Generate a synthetic time-lapse (moving, dividing, touching nuclei; noise; uneven light) with SEG/TRA ground truth.")
        {
            dir, frames, height, width, cells, seed, dataset, bits,
        };
        cmd.SetAction(pr =>
        {
            var o = new SynthOptions
            {
                Frames = pr.GetValue(frames), Height = pr.GetValue(height), Width = pr.GetValue(width),
                InitialCells = pr.GetValue(cells), Seed = pr.GetValue(seed), Dataset = pr.GetValue(dataset)!, BitDepth = pr.GetValue(bits),
            };
            var s = SyntheticTimeLapse.Generate(pr.GetValue(dir)!, o);
            Console.WriteLine($"wrote {s.FramesWritten} frames, {s.TotalTracks} tracks, {s.Divisions} divisions to {s.DatasetPath}");
            return 0;
        });
        return cmd;
    }
}
