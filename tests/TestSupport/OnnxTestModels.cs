using System.Text;

namespace CellActors.TestSupport;

/// <summary>
/// Writes tiny ONNX models (protobuf by hand: no ONNX tooling needed) whose output is known exactly: one K×K convolution
/// from the grey input to <c>channels</c> outputs. With the box kernel below, after percentile normalisation a bright blob
/// gets interior logits well above background and boundary, so the model segments blobs; its receptive field is K/2,
/// so tiling with an overlap of at least K/2 must give exactly the whole-image result.
/// </summary>
public static class OnnxTestModels
{
    /// <summary>Writes <c>model.onnx</c> (and a matching <c>model.json</c> unless <paramref name="json"/> is false) into <paramref name="dir"/>; returns the folder.</summary>
    public static string Write(string dir, string inputName = "input", string outputName = "logits", int kernel = 5, int outChannels = 3,
        long? fixedSize = null, long? fixedBatch = null, bool json = true, int tile = 64, int overlap = 8, int multipleOf = 16)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "model.onnx"), Conv(inputName, outputName, kernel, outChannels, fixedSize, fixedBatch));
        if (json)
            File.WriteAllText(Path.Combine(dir, "model.json"), $$"""
                { "format": "cellactors-model/1", "name": "test-conv", "description": "a {{kernel}}x{{kernel}} box convolution", "weights": "model.onnx",
                  "input": { "name": "input", "layout": "NCHW", "channels": 1, "multiple_of": {{multipleOf}} },
                  "normalisation": { "kind": "percentile", "low": 1.0, "high": 99.8 },
                  "output": { "name": "logits", "kind": "interior_boundary", "activation": "softmax", "channels": ["background", "interior", "boundary"] },
                  "tiling": { "tile": {{tile}}, "overlap": {{overlap}} },
                  "instances": { "seed_threshold": 0.5, "foreground_threshold": 0.5, "min_area": 8 } }
                """);
        return dir;
    }

    /// <summary>The ONNX bytes: Conv(input, W, B) → output, W a box kernel (+8 for interior, -8 for background, 0 for the rest), B (+4, -4, -1...).</summary>
    public static byte[] Conv(string inputName, string outputName, int k, int outChannels, long? fixedSize, long? fixedBatch)
    {
        var w = new float[outChannels * k * k];
        var b = new float[outChannels];
        var box = 8f / (k * k);
        for (var i = 0; i < k * k; i++)
        {
            w[i] = -box; // background
            if (outChannels > 1) w[k * k + i] = box; // interior
        }
        b[0] = 4;
        if (outChannels > 1) b[1] = -4;
        for (var c = 2; c < outChannels; c++) b[c] = -1;

        var node = new Proto()
            .Str(1, inputName).Str(1, "W").Str(1, "B").Str(2, outputName).Str(3, "conv").Str(4, "Conv")
            .Msg(5, new Proto().Str(1, "kernel_shape").Int(20, 7).Int(8, k).Int(8, k))
            .Msg(5, new Proto().Str(1, "pads").Int(20, 7).Int(8, k / 2).Int(8, k / 2).Int(8, k / 2).Int(8, k / 2));
        var graph = new Proto()
            .Msg(1, node)
            .Str(2, "test")
            .Msg(5, Tensor("W", [outChannels, 1, k, k], w))
            .Msg(5, Tensor("B", [outChannels], b))
            .Msg(11, ValueInfo(inputName, fixedBatch, 1, fixedSize))
            .Msg(12, ValueInfo(outputName, fixedBatch, outChannels, fixedSize));
        return ModelBytes(graph);
    }

    /// <summary>
    /// The ONNX bytes of a model whose output is the given maps whatever its input: Add(AveragePool(Mul(input, 0)), C), C the
    /// constant [1, <paramref name="channels"/>, size / grid, size / grid] holding <paramref name="values"/> (channel planes,
    /// row-major); the input is fixed at <paramref name="size"/> × <paramref name="size"/>, the pooling (a
    /// <paramref name="grid"/> × <paramref name="grid"/> window and stride) brings the output to the grid.
    /// </summary>
    public static byte[] ConstantMaps(string inputName, string outputName, float[] values, int channels, int size, int grid = 1)
    {
        var os = size / grid;
        if (values.Length != channels * os * os) throw new ArgumentException($"{values.Length} values for {channels} planes of {os}x{os}");
        var graph = new Proto()
            .Msg(1, new Proto().Str(1, inputName).Str(1, "Z").Str(2, "zeros").Str(3, "mul").Str(4, "Mul"));
        var pooled = "zeros";
        if (grid > 1)
        {
            graph.Msg(1, new Proto().Str(1, "zeros").Str(2, "pooled").Str(3, "pool").Str(4, "AveragePool")
                .Msg(5, new Proto().Str(1, "kernel_shape").Int(20, 7).Int(8, grid).Int(8, grid))
                .Msg(5, new Proto().Str(1, "strides").Int(20, 7).Int(8, grid).Int(8, grid)));
            pooled = "pooled";
        }
        graph.Msg(1, new Proto().Str(1, pooled).Str(1, "C").Str(2, outputName).Str(3, "add").Str(4, "Add"))
            .Str(2, "test-constant")
            .Msg(5, Tensor("Z", [], [0f]))
            .Msg(5, Tensor("C", [1, channels, os, os], values))
            .Msg(11, ValueInfo(inputName, null, 1, size))
            .Msg(12, ValueInfo(outputName, null, channels, os));
        return ModelBytes(graph);
    }

    /// <summary>The bytes of an ONNX model (IR version 8, opset 13) holding <paramref name="graph"/>.</summary>
    private static byte[] ModelBytes(Proto graph) => new Proto()
        .Int(1, 8) // ir_version
        .Str(2, "cellactors-tests")
        .Msg(7, graph)
        .Msg(8, new Proto().Str(1, "").Int(2, 13))
        .ToArray();

    private static Proto Tensor(string name, long[] dims, float[] values)
    {
        var t = new Proto();
        foreach (var d in dims) t.Int(1, d);
        t.Int(2, 1); // FLOAT
        t.Str(8, name);
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        return t.Bytes(9, raw);
    }

    private static Proto ValueInfo(string name, long? batch, long channels, long? size)
    {
        Proto Dim(long? v, string param) => v is { } x ? new Proto().Int(1, x) : new Proto().Str(2, param);
        var shape = new Proto().Msg(1, Dim(batch, "N")).Msg(1, Dim(channels, "C")).Msg(1, Dim(size, "H")).Msg(1, Dim(size, "W"));
        var tensorType = new Proto().Int(1, 1).Msg(2, shape);
        return new Proto().Str(1, name).Msg(2, new Proto().Msg(1, tensorType));
    }

    /// <summary>A minimal protobuf writer (varints and length-delimited fields).</summary>
    private sealed class Proto
    {
        private readonly MemoryStream _s = new();

        public Proto Int(int field, long v)
        {
            Varint((ulong)(field << 3));
            Varint((ulong)v);
            return this;
        }

        public Proto Str(int field, string v) => Bytes(field, Encoding.UTF8.GetBytes(v));

        public Proto Msg(int field, Proto m) => Bytes(field, m.ToArray());

        public Proto Bytes(int field, byte[] v)
        {
            Varint((ulong)((field << 3) | 2));
            Varint((ulong)v.Length);
            _s.Write(v);
            return this;
        }

        public byte[] ToArray() => _s.ToArray();

        private void Varint(ulong v)
        {
            while (v >= 0x80)
            {
                _s.WriteByte((byte)(v | 0x80));
                v >>= 7;
            }
            _s.WriteByte((byte)v);
        }
    }
}
