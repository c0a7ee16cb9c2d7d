/// The exit codes every command's help ends with, in one form. 64 (EX_USAGE) is what the argument parser exits with
/// for a usage error — an unknown option, a missing or malformed argument — and is the same for every command.
enum ExitStatus {
    static let usage = "64 a usage error (an unknown option, a missing or malformed argument)"
    /// Commands that write to clusters stop on Ctrl-C or SIGTERM with these codes (see `Interruption`).
    static let interrupted = "130 or 143 stopped by Ctrl-C or SIGTERM (a re-run finishes the job)"

    /// "Exit status: 0 …; 1 …; 64 a usage error." — the codes the command gives, then the usage error.
    static func help(_ codes: String...) -> String {
        "Exit status: " + (codes + [usage]).joined(separator: "; ") + "."
    }
}
