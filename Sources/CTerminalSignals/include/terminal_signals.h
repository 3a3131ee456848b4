#ifndef MODELTOP_TERMINAL_SIGNALS_H
#define MODELTOP_TERMINAL_SIGNALS_H

#include <stddef.h>

// The terminal's signal handling. Swift cannot install a handler that touches Swift state
// safely, so the handlers live here: they only set a flag (termination) or write precomputed
// bytes and restore the saved termios (crash), all async-signal-safe. Their state is one
// object with external linkage, defined in terminal_signals.c: state kept in a header's static
// inline functions is copied into every module that inlines them, and a release build inlines
// across modules, so the handler and the reader of the flag would see two different copies.

/// Installs the flag-setting handler for SIGINT, SIGTERM and SIGHUP. Returns 0 or -1.
int mt_install_termination_handlers(void);

/// Puts the default action back for SIGINT, SIGTERM and SIGHUP.
void mt_reset_termination_handlers(void);

/// The termination signal received since the last call (0 for none), clearing it.
int mt_take_termination_signal(void);

/// Saves what the crash handler needs to give the terminal back: the tty's settings before
/// curses changed them, and the bytes that leave the alternate screen and show the cursor.
void mt_prepare_crash_restore(int fd, const char *bytes, size_t length);

/// Forgets the crash restore (after a clean endwin, a crash must not write to the terminal).
void mt_clear_crash_restore(void);

/// Installs the restoring handler for SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL and SIGTRAP.
/// Returns 0 or -1.
int mt_install_crash_handlers(void);

#endif
