#ifndef MODELTOP_CNCURSESW_SHIM_H
#define MODELTOP_CNCURSESW_SHIM_H

// Wide-character ncurses: these must be defined before the header is included.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <ncursesw/curses.h>

// Swift 6 rejects mutable C globals and cannot call function-like macros, so every one the
// backend needs is wrapped here as a prefixed static inline function.

static inline WINDOW *mt_stdscr(void) { return stdscr; }
static inline FILE *mt_stdin(void) { return stdin; }
static inline FILE *mt_stdout(void) { return stdout; }
static inline int mt_lines(void) { return LINES; }
static inline int mt_cols(void) { return COLS; }
static inline int mt_colors(void) { return COLORS; }
static inline int mt_color_pairs(void) { return COLOR_PAIRS; }
static inline int mt_err(void) { return ERR; }
static inline int mt_ok(void) { return OK; }
static inline int mt_key_code_yes(void) { return KEY_CODE_YES; }

static inline void mt_getmaxyx(WINDOW *window, int *rows, int *columns) {
    int y = 0, x = 0;
    getmaxyx(window, y, x);
    *rows = y;
    *columns = x;
}

// Attributes (A_* are macros over NCURSES_BITS).
static inline attr_t mt_a_normal(void) { return A_NORMAL; }
static inline attr_t mt_a_bold(void) { return A_BOLD; }
static inline attr_t mt_a_reverse(void) { return A_REVERSE; }
static inline attr_t mt_a_underline(void) { return A_UNDERLINE; }
static inline attr_t mt_a_dim(void) { return A_DIM; }

// Key codes.
static inline int mt_key_up(void) { return KEY_UP; }
static inline int mt_key_down(void) { return KEY_DOWN; }
static inline int mt_key_left(void) { return KEY_LEFT; }
static inline int mt_key_right(void) { return KEY_RIGHT; }
static inline int mt_key_ppage(void) { return KEY_PPAGE; }
static inline int mt_key_npage(void) { return KEY_NPAGE; }
static inline int mt_key_home(void) { return KEY_HOME; }
static inline int mt_key_end(void) { return KEY_END; }
static inline int mt_key_btab(void) { return KEY_BTAB; }
static inline int mt_key_enter(void) { return KEY_ENTER; }
static inline int mt_key_backspace(void) { return KEY_BACKSPACE; }
static inline int mt_key_dc(void) { return KEY_DC; }
static inline int mt_key_resize(void) { return KEY_RESIZE; }
static inline int mt_key_f(int n) { return KEY_F(n); }

// Signals. Swift cannot install a handler that touches Swift state safely, so the handlers
// live here: they only set a flag (termination) or write precomputed bytes and restore the
// saved termios (crash), all async-signal-safe. The state is a static local of a static
// inline function, so each translation unit has its own copy: the Swift side calls every
// mt_*signal*/crash function from one source file (Signals/SignalState.swift) so that they all
// share one.
struct mt_signal_state {
    volatile sig_atomic_t termination;
    int tty_fd;
    int has_saved_termios;
    struct termios saved_termios;
    char restore_bytes[256];
    size_t restore_length;
};

static inline struct mt_signal_state *mt_signal_storage(void) {
    static struct mt_signal_state state;
    return &state;
}
#define mt_signals (*mt_signal_storage())

static void mt_on_termination(int signal_number) { mt_signals.termination = signal_number; }

static void mt_on_crash(int signal_number) {
    if (mt_signals.restore_length > 0) {
        ssize_t ignored = write(mt_signals.tty_fd, mt_signals.restore_bytes, mt_signals.restore_length);
        (void)ignored;
    }
    if (mt_signals.has_saved_termios) tcsetattr(mt_signals.tty_fd, TCSANOW, &mt_signals.saved_termios);
    // SA_RESETHAND put the default action back: raising again ends the process as the
    // signal would have (core dump included).
    raise(signal_number);
}

/// Installs the flag-setting handler for SIGINT, SIGTERM and SIGHUP. Returns 0 or -1.
static inline int mt_install_termination_handlers(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = mt_on_termination;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGINT, &action, NULL) != 0) return -1;
    if (sigaction(SIGTERM, &action, NULL) != 0) return -1;
    if (sigaction(SIGHUP, &action, NULL) != 0) return -1;
    return 0;
}

/// Puts the default action back for SIGINT, SIGTERM and SIGHUP.
static inline void mt_reset_termination_handlers(void) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
}

/// The termination signal received since the last call (0 for none), clearing it.
static inline int mt_take_termination_signal(void) {
    int value = mt_signals.termination;
    mt_signals.termination = 0;
    return value;
}

/// Saves what the crash handler needs to give the terminal back: the tty's settings before
/// curses changed them, and the bytes that leave the alternate screen and show the cursor.
static inline void mt_prepare_crash_restore(int fd, const char *bytes, size_t length) {
    mt_signals.tty_fd = fd;
    mt_signals.has_saved_termios = tcgetattr(fd, &mt_signals.saved_termios) == 0;
    if (length > sizeof mt_signals.restore_bytes) length = sizeof mt_signals.restore_bytes;
    memcpy(mt_signals.restore_bytes, bytes, length);
    mt_signals.restore_length = length;
}

/// Forgets the crash restore (after a clean endwin, a crash must not write to the terminal).
static inline void mt_clear_crash_restore(void) {
    mt_signals.restore_length = 0;
    mt_signals.has_saved_termios = 0;
}

/// Installs the restoring handler for SIGSEGV, SIGABRT, SIGBUS, SIGFPE and SIGILL. Returns 0 or -1.
static inline int mt_install_crash_handlers(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = mt_on_crash;
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    int signals[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        if (sigaction(signals[i], &action, NULL) != 0) return -1;
    }
    return 0;
}

/// The terminfo string capability `name`, or NULL when the terminal lacks it.
static inline const char *mt_tigetstr(const char *name) {
    char *value = tigetstr(name);
    if (value == NULL || value == (char *)-1) return NULL;
    return value;
}

#endif
