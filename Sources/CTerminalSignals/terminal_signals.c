#include "terminal_signals.h"

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct {
    volatile sig_atomic_t termination;
    int tty_fd;
    int has_saved_termios;
    struct termios saved_termios;
    char restore_bytes[256];
    size_t restore_length;
} state;

static void on_termination(int signal_number) { state.termination = signal_number; }

static void on_crash(int signal_number) {
    if (state.restore_length > 0) {
        ssize_t ignored = write(state.tty_fd, state.restore_bytes, state.restore_length);
        (void)ignored;
    }
    if (state.has_saved_termios) tcsetattr(state.tty_fd, TCSANOW, &state.saved_termios);
    // SA_RESETHAND put the default action back: raising again ends the process as the
    // signal would have (core dump included).
    raise(signal_number);
}

int mt_install_termination_handlers(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_termination;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGINT, &action, NULL) != 0) return -1;
    if (sigaction(SIGTERM, &action, NULL) != 0) return -1;
    if (sigaction(SIGHUP, &action, NULL) != 0) return -1;
    return 0;
}

void mt_reset_termination_handlers(void) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
}

int mt_take_termination_signal(void) {
    int value = state.termination;
    state.termination = 0;
    return value;
}

void mt_prepare_crash_restore(int fd, const char *bytes, size_t length) {
    state.tty_fd = fd;
    state.has_saved_termios = tcgetattr(fd, &state.saved_termios) == 0;
    if (length > sizeof state.restore_bytes) length = sizeof state.restore_bytes;
    memcpy(state.restore_bytes, bytes, length);
    state.restore_length = length;
}

void mt_clear_crash_restore(void) {
    state.restore_length = 0;
    state.has_saved_termios = 0;
}

int mt_install_crash_handlers(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_crash;
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    int signals[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        if (sigaction(signals[i], &action, NULL) != 0) return -1;
    }
    return 0;
}
