namespace RepoOrchestrator.Errors;

/// <summary>
/// Hears about every storage fault a request met (full disk, unusable state store, audit log or snapshot folder),
/// so /health reports the part until it works again. Declared here and implemented by Storage/StorageHealth, so
/// the error boundary does not depend on the stores it reports about.
/// </summary>
public interface IStorageFaultObserver
{
    void Report(StorageFaultException fault);
}
