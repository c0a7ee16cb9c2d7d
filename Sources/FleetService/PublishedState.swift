import Synchronization

/// What the API and the dashboard read: the loop's newest snapshot and loaded revision, readable at any time without
/// waiting for the loop. A pass over many clusters keeps the loop busy for seconds; a reader must not queue behind it.
public final class PublishedState: Sendable {
    private let state: Mutex<(snapshot: ServeSnapshot, current: LoadedRevision?)>

    init(_ snapshot: ServeSnapshot) {
        state = Mutex((snapshot, nil))
    }

    public var snapshot: ServeSnapshot { state.withLock { $0.snapshot } }
    public var current: LoadedRevision? { state.withLock { $0.current } }

    func publish(_ snapshot: ServeSnapshot) { state.withLock { $0.snapshot = snapshot } }
    func publish(_ current: LoadedRevision?) { state.withLock { $0.current = current } }
}
