using System.Text;
using IrlExec.Internal;

namespace IrlExec.Tests.Storage;

/// <summary>The history's checksum is CRC-32 (IEEE 802.3).</summary>
public sealed class Crc32Tests
{
    [Fact]
    public void The_checksum_of_the_standard_check_string_is_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void The_checksum_of_nothing_is_zero()
    {
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void Random_data_of_every_length_up_to_a_few_blocks_has_the_checksum_of_the_definition()
    {
        var random = new Random(5);
        for (var length = 0; length < 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(BitAtATime(data), Crc32.Compute(data));
        }
    }

    [Theory]
    [InlineData(4096 + 13)]
    [InlineData(40_000)] // a 100-step plan's creation record
    [InlineData(1_000_003)]
    public void Long_data_has_the_checksum_of_the_definition(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        Assert.Equal(BitAtATime(data), Crc32.Compute(data));
    }

    /// <summary>The definition, one bit at a time: independent of the product's code.</summary>
    internal static uint BitAtATime(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
