namespace IrlExec.Tests.Storage.Contract;

/// <summary>The filesystem store passes the store contract; "another process" is a second store over the same root.</summary>
public sealed class FileSystemStoreContractTests : ExecutionStoreContract
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "irlexec-contract-" + Guid.NewGuid().ToString("N")[..8]);

    protected override Task<IExecutionStore> CreateStoreAsync() => Task.FromResult<IExecutionStore>(new FileSystemExecutionStore(_root));

    protected override IExecutionStore OpenAnother() => new FileSystemExecutionStore(_root);

    protected override ValueTask CloseAsync(IExecutionStore store)
    {
        ((FileSystemExecutionStore)store).Dispose();
        return ValueTask.CompletedTask;
    }

    protected override Task DeleteBackingAsync()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    // A dying process's open files are closed by the OS, which releases its lock file: closing the lease's file is that.
    protected override async Task KillHolderAsync(IExecutionStore holder, IAsyncDisposable lease) => await lease.DisposeAsync();
}
