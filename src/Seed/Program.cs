namespace CellActors.Seed; internal static class Program { private static int Main() => 0; }
