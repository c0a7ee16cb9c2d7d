/// Something a test starts that must end when the test ends, however it ends: control planes, a Supervisor with its
/// simulator, the example's world. (Their processes also carry PENG_TEST_ROOT, so that scripts/reap stops them when
/// the test process itself dies.)
public protocol Stoppable: AnyObject, Sendable {
    func stop() async
}

extension LocalControlPlane: Stoppable {}
extension LocalControlPlanes: Stoppable {}
extension SupervisorSetup: Stoppable {}
extension ExampleFleetSetup: Stoppable {}

/// Runs `body` with `resource` and stops the resource afterwards — after a failed expectation, a thrown error and a
/// cancellation alike.
public func stopping<Resource: Stoppable, Value>(_ resource: Resource, _ body: (Resource) async throws -> Value) async throws -> Value {
    let value: Value
    do { value = try await body(resource) } catch {
        await resource.stop()
        throw error
    }
    await resource.stop()
    return value
}
