namespace IrlExec;

/// <summary>
/// Wall-clock times of monotonic readings (<see cref="TimeProvider.GetTimestamp"/>), from one pair of readings of both
/// clocks renewed every second: a step's start and end then take one reading of the clock each, not two (a reading
/// costs as much as a record). A change of the wall clock shows within a second; a time given is never earlier than the
/// last one. Not thread-safe: the runner's flow uses it (<see cref="ExecutionSession.StepTime"/>).
/// </summary>
internal struct StepClock
{
    private DateTimeOffset _pairTime;
    private long _pairTimestamp;
    private bool _paired;
    private DateTimeOffset _last;

    /// <summary>The wall-clock time of <paramref name="clock"/> when its monotonic reading was <paramref name="timestamp"/>.</summary>
    public DateTimeOffset TimeAt(TimeProvider clock, long timestamp)
    {
        var frequency = clock.TimestampFrequency;
        var since = timestamp - _pairTimestamp;
        if (!_paired || (ulong)since > (ulong)frequency)
        {
            _pairTime = clock.GetUtcNow();
            _pairTimestamp = clock.GetTimestamp();
            _paired = true;
            since = timestamp - _pairTimestamp;
        }
        // since is within a second (or a little below 0): since * TicksPerSecond stays far from overflowing.
        var at = _pairTime.AddTicks(since * TimeSpan.TicksPerSecond / frequency);
        if (at < _last) at = _last;
        _last = at;
        return at;
    }
}
