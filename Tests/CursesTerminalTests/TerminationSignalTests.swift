import Testing
import CursesTerminal
#if canImport(Glibc)
import Glibc
#endif

/// The termination handlers only set a flag: raising the signal in-process must not end the
/// test run, and the flag is read exactly once.
@Suite(.serialized)
struct TerminationSignalTests {
    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func signalSetsTheFlagOnce(signal: Int32) throws {
        try TerminationSignal.install()
        defer { TerminationSignal.uninstall() }
        #expect(TerminationSignal.take() == nil)
        // Worker threads of the test runner block signals; unblock this one on this thread so
        // that raise() delivers it before returning.
        var unblock = sigset_t(), previous = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, signal)
        pthread_sigmask(SIG_UNBLOCK, &unblock, &previous)
        raise(signal)
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        #expect(TerminationSignal.take() == signal)
        #expect(TerminationSignal.take() == nil)
    }

    @Test func uninstallPutsTheDefaultActionBack() throws {
        try TerminationSignal.install()
        TerminationSignal.uninstall()
        var action = sigaction()
        sigaction(SIGTERM, nil, &action)
        #expect(action.__sigaction_handler.sa_handler == nil)
    }
}
