namespace IrlExec.Internal;

/// <summary>
/// CRC-32 (IEEE 802.3), used to detect damaged history records: every commit checksums its records, and an execution's
/// creation record holds its whole plan (~40 KB for 100 steps). System.IO.Hashing computes it with the processor's
/// vector instructions where it has them. Crc32Tests checks it against the bit-at-a-time definition.
/// </summary>
internal static class Crc32
{
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);
}
