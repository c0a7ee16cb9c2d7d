import ArgumentParser
import PengCLI

/// The executable: everything lives in PengCLI so tests and a future service can call it too.
@main
extension Peng {}
